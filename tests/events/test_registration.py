"""Registering for an event: places, the waiting list in arrival order, cancelling, promotion
by email, reminders, "your data" and "forget me"."""

import datetime

import pytest
from django.utils import timezone

from tests.events.factories import make_event, verified_resident
from tests.factories import post_form, sign_in_client
from wagtail_participation.core.models import OutgoingEmail
from wagtail_participation.events import services
from wagtail_participation.events.models import EventSeats, Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


def emails_to(address):
    return list(OutgoingEmail.objects.filter(to=address).order_by("pk"))


def test_places_then_the_waiting_list_in_arrival_order():
    event = make_event(capacity=2)
    residents = [verified_resident() for _ in range(4)]
    statuses = [services.register(event, r)[0].status for r in residents]
    assert statuses == ["registered", "registered", "waiting", "waiting"]
    assert EventSeats.objects.get(page_id=event.pk).taken == 2
    assert event.places_left() == 0
    assert "waiting list" in emails_to(residents[2].email)[0].subject


def test_registering_twice_gives_back_the_same_registration():
    event = make_event(capacity=5)
    resident = verified_resident()
    first, created = services.register(event, resident)
    again, created_again = services.register(event, resident)
    assert created and not created_again and first.pk == again.pk
    assert Registration.objects.count() == 1


def test_guests_take_places_and_are_limited():
    event = make_event(capacity=3, max_guests=2)
    registration, _ = services.register(event, verified_resident(), guests=2)
    assert registration.is_registered and event.places_left() == 0
    with pytest.raises(services.RegistrationRefused):
        services.register(event, verified_resident(), guests=3)


def test_cancelling_promotes_the_next_and_emails_them_once():
    event = make_event(capacity=1)
    first, second, third = (verified_resident() for _ in range(3))
    mine, _ = services.register(event, first)
    services.register(event, second)
    services.register(event, third)
    promoted = services.cancel(mine)
    assert [r.participant for r in promoted] == [second]
    assert Registration.objects.get(participant=second).status == "registered"
    assert Registration.objects.get(participant=third).status == "waiting"
    assert [e.subject for e in emails_to(second.email)][-1].startswith("A place is free for you")
    assert services.cancel(mine) == []  # cancelling again changes nothing
    assert len([e for e in emails_to(second.email) if "place is free" in e.subject]) == 1


def test_a_larger_party_is_not_overtaken():
    event = make_event(capacity=2, max_guests=2)
    holder, _ = services.register(event, verified_resident())
    services.register(event, verified_resident())  # full
    party, _ = services.register(event, verified_resident(), guests=2)  # waits, needs 3
    single, _ = services.register(event, verified_resident())  # waits, needs 1
    assert services.cancel(holder) == []  # one place free: the party of three comes first
    party.refresh_from_db()
    single.refresh_from_db()
    assert party.is_waiting and single.is_waiting


def test_raising_the_places_promotes_on_publish():
    event = make_event(capacity=1)
    services.register(event, verified_resident())
    waiting, _ = services.register(event, verified_resident())
    event.capacity = 2
    event.save_revision().publish()
    waiting.refresh_from_db()
    assert waiting.is_registered


def test_register_by_the_form_and_cancel_by_the_emailed_link(client):
    event = make_event(capacity=1, online_url="https://meet.example.org/abc", mode="hybrid")
    resident = verified_resident(display_name="Ann")
    sign_in_client(client, resident)
    page = client.get(event.url).content.decode()
    assert "meet.example.org" not in page  # the link is for registered attendees only
    response = post_form(client, event.register_url, {"name": "Ann Smith"})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.name == "Ann Smith" and registration.is_registered
    page = client.get(event.url)
    assert "meet.example.org/abc" in page.content.decode()
    assert "private" in page["Cache-Control"]
    [email] = emails_to(resident.email)
    assert "meet.example.org/abc" in email.body and f"cancel/{registration.key}/" in email.body
    cancel_url = f"{event.url}cancel/{registration.key}/"
    client.logout()
    assert client.get(cancel_url).status_code == 200
    assert post_form(client, cancel_url, {}).status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_a_form_error_keeps_what_was_typed(client):
    event = make_event(capacity=3, max_guests=1)
    sign_in_client(client, verified_resident())
    response = post_form(client, event.register_url, {"name": "", "guests": "7"})
    page = response.content.decode()
    assert response.status_code == 400 and 'aria-invalid="true"' in page
    assert Registration.objects.count() == 0


def test_signed_out_residents_are_sent_to_sign_in(client):
    event = make_event()
    response = post_form(client, event.register_url, {"name": "Bob"})
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert Registration.objects.count() == 0


def test_registration_closes_when_the_event_starts(client):
    event = make_event(days=-1)
    sign_in_client(client, verified_resident())
    response = post_form(client, event.register_url, {"name": "Late"})
    assert response.status_code == 403 and Registration.objects.count() == 0


def test_an_unknown_cancel_key_is_a_404(client):
    event = make_event()
    assert client.get(f"{event.url}cancel/00000000-0000-4000-8000-000000000000/").status_code == 404
    assert client.get(f"{event.url}cancel/not-a-key/").status_code == 404


def test_reminders_go_once_to_registered_attendees_of_events_starting_soon():
    soon = make_event(days=0, starts_at=timezone.now() + datetime.timedelta(hours=5))
    later = make_event(days=5)
    resident = verified_resident()
    services.register(soon, resident)
    services.register(later, verified_resident())
    assert services.send_due_reminders() == 1
    assert services.send_due_reminders() == 0
    assert emails_to(resident.email)[-1].subject.startswith("Reminder:")


def test_your_data_and_forget_me(client):
    from wagtail_participation.core.privacy import anonymise_participant

    event = make_event()
    resident = verified_resident()
    services.register(event, resident, name="Ann")
    sign_in_client(client, resident)
    html = client.get("/participation/my-data/").content.decode()
    assert "Events you registered for" in html and event.title in html
    anonymise_participant(resident)
    registration = Registration.objects.get()
    assert registration.participant is None and registration.email == "" and not registration.name
    assert registration.is_registered  # still counts against the places


def test_registrations_are_anonymised_after_the_event():
    event = make_event(days=-100)
    Registration.objects.create(
        page=event, name="Ann", email="ann@example.org", status="registered"
    )
    assert services.anonymise_past_registrations() == 1
    assert Registration.objects.get().email == ""


ACCESS = "a0000000-0000-4000-8000-000000000001"


def test_questions_at_registration_are_asked_and_shown_to_staff(client, admin_client):
    from tests.surveys.factories import question

    event = make_event(
        registration_questions=[
            question("long_text", "Any access needs?", id=ACCESS, required=True, max_length=300)
        ]
    )
    sign_in_client(client, verified_resident())
    html = client.get(event.url).content.decode()
    assert "Any access needs?" in html
    response = post_form(client, event.register_url, {"name": "Ann"})
    assert response.status_code == 400 and Registration.objects.count() == 0
    response = post_form(
        client, event.register_url, {"name": "Ann", f"q-{ACCESS}": "A hearing loop, please."}
    )
    assert response.status_code == 302
    assert Registration.objects.get().answers == {ACCESS: "A hearing loop, please."}
    attendance = admin_client.get(f"/admin/participation/events/{event.pk}/attendance/")
    assert "A hearing loop, please." in attendance.content.decode()
    index = "/admin/wagtail_participation_events/registration/"
    response = admin_client.get(index + "?export=csv")
    export = b"".join(response.streaming_content).decode()
    assert "Any access needs?: A hearing loop, please." in export
