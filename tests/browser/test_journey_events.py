"""Issue 17's journey, with JavaScript and without: a resident signs in by the emailed link,
registers (after a form error), downloads the event's calendar file, cancels by the link in
their email, and the first resident on the waiting list is promoted and emailed; staff take
attendance. axe-core checks the listing, the month view, the event, the form with an error and
the confirmation."""

import datetime
import re
import zoneinfo

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from .conftest import axe_violations
from .test_journey_comments import sign_in_by_email
from .test_journey_ideas import admin_login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CANCEL = re.compile(r"https?://\S+/cancel/[0-9a-f-]+/")


def no_violations(page, javascript, what):
    if javascript:  # axe-core runs as JavaScript in the page
        violations = axe_violations(page)
        assert not violations, (what, [(v["id"], v["nodes"][0]["html"]) for v in violations])


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_event_journey(live_server, new_page, django_user_model, javascript, settings):
    from tests.events.factories import make_event, make_event_index, verified_resident
    from tests.factories import make_index, make_project
    from wagtail_participation.events import services
    from wagtail_participation.events.models import Registration

    settings.TIME_ZONE = "Europe/London"
    project = make_project(make_index())
    index = make_event_index(project, title="Meetings")
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    event = make_event(index, title="Park workshop", starts_at=starts, capacity=1)
    base = live_server.url

    # The listing and the month view, for anyone.
    visitor = new_page(javascript=javascript)
    visitor.goto(base + index.url)
    visitor.get_by_role("heading", name="Upcoming events").wait_for()
    no_violations(visitor, javascript, "the listing")
    visitor.get_by_role("link", name="See the events month by month").click()
    visitor.get_by_role("table").wait_for()
    no_violations(visitor, javascript, "the month view")
    if timezone.localtime(starts).month == timezone.localdate().month:
        visitor.get_by_role("link", name=re.compile("Park workshop")).click()
    else:
        visitor.goto(base + event.url)
    visitor.get_by_role("heading", name="Park workshop").wait_for()
    no_violations(visitor, javascript, "the event")

    # The one place goes to someone else first: our resident will wait, then be promoted.
    holder, _ = services.register(event, verified_resident(email="holder@example.org"))

    # 1. Sign in by the emailed link, coming back to the event.
    resident = new_page(javascript=javascript)
    sign_in_by_email(resident, live_server, "rosa@example.org", "Rosa", event.url)
    resident.get_by_role("heading", name="Park workshop").wait_for()

    # 2. A form error keeps the page and says what to fix.
    resident.get_by_label("Your name").fill("")
    resident.get_by_role("button", name="Join the waiting list").click()
    resident.get_by_role("alert").first.wait_for()
    assert not Registration.objects.filter(email="rosa@example.org").exists()
    no_violations(resident, javascript, "the registration form with an error")

    # 3. Registered (on the waiting list, the event being full): the confirmation.
    resident.get_by_label("Your name").fill("Rosa Diaz")
    resident.get_by_role("button", name="Join the waiting list").click()
    resident.get_by_text("you are on the waiting list").first.wait_for()
    no_violations(resident, javascript, "the confirmation")
    mine = Registration.objects.get(email="rosa@example.org")
    assert mine.is_waiting and mine.name == "Rosa Diaz"

    # 4. The calendar file gives the council's local time, here and in Berlin.
    response = resident.request.get(base + event.ics_url)
    [vevent] = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    start = vevent.decoded("dtstart")
    assert start == starts
    london = starts.astimezone(zoneinfo.ZoneInfo("Europe/London"))
    assert start.astimezone(zoneinfo.ZoneInfo("Europe/London")).time() == london.time()

    # 5. The holder cancels by the link in their email; our resident is promoted and emailed.
    holder_email = next(m for m in mail.outbox if "holder@example.org" in m.to)
    canceller = new_page(javascript=javascript)
    canceller.goto(CANCEL.search(holder_email.body).group(0))
    canceller.get_by_role("button", name="Yes, cancel my registration").click()
    canceller.get_by_text("Your registration is cancelled").first.wait_for()
    mine.refresh_from_db()
    assert mine.is_registered
    promoted = [
        m for m in mail.outbox if "rosa@example.org" in m.to and "place is free" in m.subject
    ]
    assert len(promoted) == 1
    resident.goto(base + event.url)
    resident.get_by_text("You are registered.").wait_for()

    # 6. Staff take attendance.
    staff = new_page(javascript=javascript)
    admin_login(staff, live_server, django_user_model)
    staff.goto(f"{base}/admin/participation/events/{event.pk}/attendance/")
    staff.get_by_label("Rosa Diaz").check()
    staff.get_by_role("button", name="Save attendance").click()
    staff.get_by_text("Attendance saved: 1 attended.").wait_for()
    mine.refresh_from_db()
    assert mine.attended
