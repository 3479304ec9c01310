"""``UpcomingEventsBlock``: the next events of an events index (or of the whole site), for news
and information pages."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class UpcomingEventsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), required=False, help_text=_('Empty: "Upcoming events".')
    )
    index = blocks.PageChooserBlock(
        label=_("Events index"),
        required=False,
        page_type="wagtail_participation_events.EventIndexPage",
        help_text=_("Leave empty for the events of the whole site."),
    )
    count = blocks.IntegerBlock(label=_("How many"), default=3, min_value=1, max_value=12)

    class Meta:
        icon = "date"
        label = _("Upcoming events")
        template = "wagtail_participation_events/blocks/upcoming_events.html"

    def get_context(self, value, parent_context=None):
        from .models import EventPage

        context = super().get_context(value, parent_context)
        events = EventPage.objects.live().public().filter(starts_at__gte=timezone.now())
        if value.get("index"):
            events = events.descendant_of(value["index"])
        context["events"] = events.order_by("starts_at", "pk")[: value.get("count") or 3]
        return context
