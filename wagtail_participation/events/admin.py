"""The events' registrations listing in the Participation menu, on core's listing base (export
follows the filters, formula-safe), and the attendance list."""

import functools

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from wagtail_participation.core.admin.listing import ParticipationListing

from .models import EventPageMixin, Registration


@functools.lru_cache(maxsize=128)
def _labels(page_id, revision_id):
    """An event's question labels, once per revision of its page (not once a row)."""
    page = Page.objects.filter(pk=page_id).specific().first()
    return page.question_labels() if isinstance(page, EventPageMixin) else {}


def answers_text(registration):
    labels = _labels(registration.page_id, registration.page.latest_revision_id)
    return "; ".join(f"{q}: {a}" for q, a in registration.readable_answers(labels))


class RegistrationListing(ParticipationListing):
    model = Registration
    menu_label = _("Event registrations")
    menu_icon = "date"
    menu_order = 170
    index_template_name = "wagtail_participation_events/admin/registration_index.html"
    list_display = ("name", "page_link", "status", "guests", "attended", "created_at")
    list_filter = ("status", "attended")
    search_fields = ("name", "email")
    ordering = ("page", "pk")
    export_columns = (
        (_("ID"), "pk"),
        (_("Event"), "page.title"),
        (_("Name"), "name"),
        (_("Email"), "email"),
        (_("Status"), "get_status_display"),
        (_("Guests"), "guests"),
        (_("Attended"), lambda r: _("yes") if r.attended else _("no")),
        (_("Registered"), lambda r: r.created_at.isoformat(timespec="seconds")),
        (_("Answers"), lambda r: answers_text(r)),
    )
    export_filename = "event-registrations"

    def get_queryset(self, request):
        return super().get_queryset(request).for_moderator(request.user).select_related("page")

    def page_link(self, obj):
        """The event, linking to its attendance list."""
        url = reverse("wagtail_participation_events_admin:attendance", args=[obj.page_id])
        return format_html('<a href="{}">{}</a>', url, obj.page.title)

    page_link.short_description = _("Event")
