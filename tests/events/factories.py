"""Events and registrations for the events tests."""

import datetime

from django.utils import timezone

from tests.factories import ParticipantFactory, add_page
from wagtail_participation.events.models import EventIndexPage, EventPage


def make_event_index(parent=None, **fields):
    n = EventIndexPage.objects.count() + 1
    fields.setdefault("title", f"Events {n}")
    fields.setdefault("slug", f"events-{n}")
    return add_page(EventIndexPage(**fields), parent=parent)


def make_event(parent=None, days=7, **fields):
    """A live event starting in ``days`` days (negative: in the past), registration open."""
    n = EventPage.objects.count() + 1
    starts = timezone.now() + datetime.timedelta(days=days)
    fields.setdefault("title", f"Consultation evening {n}")
    fields.setdefault("slug", f"event-{n}")
    fields.setdefault("starts_at", starts)
    fields.setdefault("ends_at", starts + datetime.timedelta(hours=2))
    fields.setdefault("address", "Town Hall\nHigh Street")
    fields.setdefault("contribution_requirement", "email")
    return add_page(EventPage(**fields), parent=parent)


def verified_resident(**fields):
    fields.setdefault("verified_at", timezone.now())
    return ParticipantFactory(**fields)
