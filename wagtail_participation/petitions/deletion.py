"""What goes with a page holding petitions when it is deleted (core's delete warning): the
signatures, with each petition's signatures export to save first."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from wagtail_participation.core.admin.deletion import MAX_EXPORTS, GoesWithPage, subtree_filter
from wagtail_participation.core.permissions import can_moderate_page

from .models import Signature


def signatures_going_with(page, user):
    """Signatures on the page and below; the exports of the petitions ``user`` may moderate."""
    signatures = Signature.objects.filter(**subtree_filter(page, "petition"))
    count = signatures.count()
    if not count:
        return []
    petitions = (
        signatures.order_by("petition_id")
        .values_list("petition_id", "petition__title")
        .distinct()[:MAX_EXPORTS]
    )
    # The export asks what the petition's staff tools ask: may the user moderate it.
    pages = Page.objects.in_bulk([pk for pk, _title in petitions])
    exports = [
        (
            reverse("wagtail_participation_petitions_admin:export", args=[pk]),
            _("Export the signatures of '%(title)s'") % {"title": title},
        )
        for pk, title in petitions
        if pk in pages and can_moderate_page(user, pages[pk])
    ]
    return [GoesWithPage(Signature, count, exports)]
