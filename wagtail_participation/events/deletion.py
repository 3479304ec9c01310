"""What goes with a page holding events when it is deleted (core's delete warning): the
registrations, with the registrations' export to save first."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wagtail_participation.core.admin.deletion import GoesWithPage, subtree_filter

from .models import Registration


def registrations_going_with(page, user):
    registrations = Registration.objects.filter(**subtree_filter(page))
    count = registrations.count()
    if not count:
        return []
    index = reverse("wagtail_participation_events_registration_modeladmin_index")
    exports = []
    if registrations.for_moderator(user).exists():
        exports.append(
            (f"{index}?{urlencode({'export': 'csv'})}", _("Export the event registrations"))
        )
    return [GoesWithPage(Registration, count, exports)]
