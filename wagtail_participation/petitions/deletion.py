"""What goes with a page holding petitions when it is deleted (core's delete warning): the
signatures, with each petition's signatures export to save first."""

from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail_participation.core.admin.deletion import MAX_EXPORTS, GoesWithPage, subtree_filter

from .models import Signature


def signatures_going_with(page):
    signatures = Signature.objects.filter(**subtree_filter(page, "petition"))
    count = signatures.count()
    if not count:
        return []
    petitions = (
        signatures.order_by("petition_id")
        .values_list("petition_id", "petition__title")
        .distinct()[:MAX_EXPORTS]
    )
    exports = [
        (
            reverse("wagtail_participation_petitions_admin:export", args=[pk]),
            _("Export the signatures of '%(title)s'") % {"title": title},
        )
        for pk, title in petitions
    ]
    return [GoesWithPage(Signature, count, exports)]
