"""Issue 22, item 4: the name typed at sign-in is applied only when the emailed link is used,
and residents change their name on "Your data".

The attack: asking for a sign-in link for somebody else's address set (or squatted) that
resident's public name, without their mailbox.
"""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import ParticipantFactory, post_form, sign_in_client
from wagtail_participation.core.models import Participant
from wagtail_participation.core.participants import make_sign_in_token

pytestmark = pytest.mark.django_db
SIGN_IN = "/participation/sign-in/"
MY_NAME = "/participation/my-data/name/"


@pytest.fixture(autouse=True)
def _send_mail_on_commit(django_capture_on_commit_callbacks):
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield


def ask_for_link(client, email, name):
    with _capture(execute=True):
        return post_form(client, SIGN_IN, {"email": email, "display_name": name})


def link_from_outbox():
    return re.search(
        r"https?://testserver(/participation/sign-in/\S+)", mail.outbox[-1].body
    ).group(1)


def test_asking_for_a_link_does_not_name_an_existing_resident():
    victim = ParticipantFactory(email="victim@example.org", display_name="")
    assert ask_for_link(Client(), "victim@example.org", "Squatter").status_code == 302
    victim.refresh_from_db()
    assert victim.display_name == ""


def test_asking_for_a_link_does_not_name_a_new_address():
    ask_for_link(Client(), "new@example.org", "Squatter")
    assert Participant.objects.get().display_name == ""


def test_the_name_is_applied_when_the_link_is_used(client):
    ask_for_link(client, "ann@example.org", "Ann")
    link = link_from_outbox()
    page = client.get(link)
    assert (
        "You will appear as “Ann”" in page.content.decode()
    )  # the resident sees it before signing in
    assert Participant.objects.get().display_name == ""
    client.post(link)
    assert Participant.objects.get().display_name == "Ann"


def test_a_link_does_not_rename_a_resident_who_has_a_name(client):
    ParticipantFactory(email="ann@example.org", display_name="Ann Lee")
    ask_for_link(client, "ann@example.org", "Someone else")
    link = link_from_outbox()
    assert "You will appear" not in client.get(link).content.decode()
    client.post(link)
    assert Participant.objects.get().display_name == "Ann Lee"


def test_the_name_in_a_link_cannot_be_changed(client):
    participant = ParticipantFactory(display_name="")
    token = make_sign_in_token(participant, display_name="Ann")
    payload, rest = token.split(":", 1)
    forged = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1] + ":" + rest
    assert client.post(f"/participation/sign-in/{forged}/").status_code == 400
    participant.refresh_from_db()
    assert participant.display_name == ""


def test_an_unused_link_names_nobody_when_another_is_used(client):
    """The attacker's link is cancelled by the resident's own sign-in, and names nobody."""
    ask_for_link(Client(), "ann@example.org", "Squatter")
    attackers = link_from_outbox()
    ask_for_link(client, "ann@example.org", "")
    client.post(link_from_outbox())
    assert Client().post(attackers).status_code == 410
    assert Participant.objects.get().display_name == ""


# "Your data": the resident's own name


def test_my_data_shows_the_name_form(client):
    participant = ParticipantFactory(display_name="Ann")
    sign_in_client(client, participant)
    page = client.get("/participation/my-data/").content.decode()
    assert 'action="/participation/my-data/name/"' in page and 'value="Ann"' in page


def test_a_resident_changes_their_name(client):
    participant = ParticipantFactory(display_name="Ann")
    sign_in_client(client, participant)
    response = post_form(client, MY_NAME, {"display_name": "  Ann Lee "})
    assert response.status_code == 302 and response["Location"] == "/participation/my-data/"
    participant.refresh_from_db()
    assert participant.display_name == "Ann Lee"
    assert "Your name is now “Ann Lee”." in client.get(response["Location"]).content.decode()


def test_a_resident_removes_their_name(client):
    participant = ParticipantFactory(display_name="Ann")
    sign_in_client(client, participant)
    post_form(client, MY_NAME, {"display_name": ""})
    participant.refresh_from_db()
    assert participant.display_name == "" and participant.public_name == "Resident"


@pytest.mark.parametrize(
    "name, message",
    [
        ("A" * 81, "at most 80"),
        ("Ann\u202eeil", "invisible control characters"),
    ],
)
def test_a_bad_name_gets_a_form_error(client, name, message):
    participant = ParticipantFactory(display_name="Ann")
    sign_in_client(client, participant)
    response = post_form(client, MY_NAME, {"display_name": name})
    assert response.status_code == 400 and message in response.content.decode()
    participant.refresh_from_db()
    assert participant.display_name == "Ann"


def test_changing_a_name_needs_a_signed_in_resident(client):
    response = post_form(client, MY_NAME, {"display_name": "Squatter"})
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert Client(enforce_csrf_checks=True).post(MY_NAME, {"display_name": "x"}).status_code == 403
