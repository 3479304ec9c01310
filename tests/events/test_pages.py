"""The events index (upcoming and past), the month view without JavaScript, the block, the
project timeline and the attendance list."""

import datetime

import pytest
from django.utils import timezone

from tests.events.factories import make_event, make_event_index, verified_resident
from tests.factories import make_index, make_project
from wagtail_participation.events import services

pytestmark = pytest.mark.django_db


def test_the_index_lists_upcoming_and_past_events(client):
    index = make_event_index()
    make_event(index, title="Next week's workshop", days=7)
    make_event(index, title="Last month's meeting", days=-30, minutes="<p>We agreed.</p>")
    page = client.get(index.url).content.decode()
    upcoming, past = page.split("Past events")
    assert "Next week" in upcoming and "Last month" in past


def test_the_index_with_no_events_says_so(client):
    index = make_event_index()
    assert "No events are planned yet" in client.get(index.url).content.decode()


def test_the_month_view_is_a_table_of_days(client):
    index = make_event_index()
    event = make_event(index, title="Library open day", days=3)
    day = timezone.localtime(event.starts_at)
    url = index.url + index.reverse_subpage("month", args=[day.year, day.month])
    page = client.get(url).content.decode()
    assert "<table" in page and "Library open day" in page and 'rel="next"' in page
    assert client.get(index.url + "2026/13/").status_code == 404


def test_a_past_event_shows_its_minutes_and_attendance(client):
    event = make_event(days=-2, minutes="<p>We agreed to plant trees.</p>", attended_count=41)
    page = client.get(event.url).content.decode()
    assert "We agreed to plant trees." in page and "41 people attended." in page


def test_an_event_is_on_its_projects_timeline():
    project = make_project(make_index())
    event = make_event(project, title="Walk of the route", days=10)
    entries = [e for e in project.timeline() if e["label"] == "Walk of the route"]
    assert entries and entries[0]["start"] == timezone.localdate(event.starts_at)


def test_the_upcoming_events_block(client):
    from tests.page_privacy import page_with_blocks

    index = make_event_index()
    make_event(index, title="Soon", days=1)
    make_event(index, title="Gone", days=-1)
    page = page_with_blocks(("upcoming_events", {"index": index, "count": 3}))
    html = client.get(page.url).content.decode()
    assert "Soon" in html and "Gone" not in html


def test_staff_take_attendance(admin_client):
    event = make_event(days=0, starts_at=timezone.now() + datetime.timedelta(hours=1))
    here, _ = services.register(event, verified_resident(), name="Ann")
    away, _ = services.register(event, verified_resident(), name="Bob")
    url = f"/admin/participation/events/{event.pk}/attendance/"
    assert "Ann" in admin_client.get(url).content.decode()
    assert admin_client.post(url, {"attended": [str(here.pk)]}).status_code == 302
    here.refresh_from_db()
    away.refresh_from_db()
    assert here.attended and not away.attended


def test_attendance_is_for_staff_who_may_moderate_the_event(client, django_user_model):
    event = make_event()
    user = django_user_model.objects.create_user("editor", password="pw")
    client.force_login(user)
    response = client.get(f"/admin/participation/events/{event.pk}/attendance/")
    assert response.status_code in (302, 403)


def test_the_index_filters_by_topic_and_area(client):
    from wagtail_participation.projects.models import Area, Topic

    parks = Topic.objects.create(name="Parks", slug="parks")
    north = Area.objects.create(name="North", slug="north")
    index = make_event_index()
    walk = make_event(index, title="Park walk")
    walk.topics.add(parks)
    walk.areas.add(north)
    walk.save_revision().publish()
    make_event(index, title="Budget evening")
    page = client.get(index.url + "?topic=parks").content.decode()
    assert "Park walk" in page and "Budget evening" not in page
    page = client.get(index.url + "?area=north&topic=parks").content.decode()
    assert "Park walk" in page and "Budget evening" not in page
    page = client.get(index.url + "?topic=nonsense").content.decode()
    assert "Park walk" in page and "Budget evening" in page
