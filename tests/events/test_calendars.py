"""Calendar files: one event's .ics and the index's feed give the right local times on both
sides of a daylight-saving change, in Europe/London and in Europe/Berlin."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.test import override_settings

from tests.events.factories import make_event, make_event_index

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def events_in(content):
    return [c for c in icalendar.Calendar.from_ical(content).walk("VEVENT")]


@override_settings(TIME_ZONE="Europe/London")
@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (datetime.date(2027, 3, 27), 18),  # the Saturday before the clocks go forward: GMT
        (datetime.date(2027, 3, 29), 17),  # the Monday after: BST
    ],
)
def test_an_events_ics_keeps_its_local_time_across_the_change(client, day, utc_hour):
    starts = datetime.datetime.combine(day, datetime.time(18, 30), tzinfo=LONDON)
    event = make_event(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    response = client.get(event.ics_url)
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar"
    [vevent] = events_in(response.content)
    start = vevent.decoded("dtstart")
    assert start.astimezone(LONDON).time() == datetime.time(18, 30)
    assert start.astimezone(datetime.UTC).hour == utc_hour
    # Berlin is an hour ahead of London on both sides of the change.
    assert start.astimezone(BERLIN).time() == datetime.time(19, 30)
    assert vevent.decoded("dtend") - start == datetime.timedelta(hours=2)
    assert "VTIMEZONE" in response.content.decode()
    assert str(vevent["location"]) == "Town Hall High Street"


def test_the_index_feed_lists_its_live_public_events(client):
    index = make_event_index()
    make_event(index, title="Parks workshop")
    draft = make_event(index, title="Draft meeting")
    draft.unpublish()
    response = client.get(index.feed_url)
    titles = {str(e["summary"]) for e in events_in(response.content)}
    assert titles == {"Parks workshop"}


def test_the_feed_costs_the_same_queries_for_many_events(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    index = make_event_index()
    make_event(index)
    with CaptureQueriesContext(connection) as few:
        client.get(index.feed_url)
    for _ in range(10):
        make_event(index)
    with CaptureQueriesContext(connection) as many:
        client.get(index.feed_url)
    assert len(many) <= len(few)


def test_the_feed_changes_when_an_event_changes(client):
    index = make_event_index()
    event = make_event(index, title="Parks workshop")
    assert b"Parks workshop" in client.get(index.feed_url).content
    event.title = "Trees workshop"
    event.save_revision().publish()
    content = client.get(index.feed_url).content
    assert b"Trees workshop" in content and b"Parks workshop" not in content
    event.unpublish()
    assert b"Trees workshop" not in client.get(index.feed_url).content
