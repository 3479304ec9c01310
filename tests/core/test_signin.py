import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import ParticipantFactory, post_form
from wagtail_participation.core.conf import settings as wp_settings
from wagtail_participation.core.models import Participant
from wagtail_participation.core.participants import make_sign_in_token

pytestmark = pytest.mark.django_db
SIGN_IN = "/participation/sign-in/"


_capture = None


@pytest.fixture(autouse=True)
def _send_mail_on_commit(django_capture_on_commit_callbacks):
    """Emails leave after commit; a test's transaction never commits, so run them per request."""
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield
    _capture = None


def ask_for_link(client, email, next_url=""):
    with _capture(execute=True):
        return post_form(
            client, SIGN_IN, {"email": email, "next": next_url, "display_name": "Alice"}
        )


def link_from_outbox():
    return re.search(
        r"https?://testserver(/participation/sign-in/\S+)", mail.outbox[-1].body
    ).group(1)


def test_full_sign_in_by_email_link(client):
    response = ask_for_link(client, "Alice@Example.org", "/some/page/")
    assert response.status_code == 302 and response["Location"] == reverse(
        "wagtail_participation:sign_in_sent"
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "works once" in message.body and "ignore this email" in message.body
    link = link_from_outbox()
    confirm = client.get(link)
    assert confirm.status_code == 200 and b"Sign in as alice@example.org" in confirm.content
    # GET does not sign in (mail scanners prefetch links)...
    assert wp_settings.SESSION_KEY not in client.session
    done = client.post(link)
    assert done.status_code == 302 and done["Location"] == "/some/page/"
    participant = Participant.objects.get(email="alice@example.org")
    assert client.session[wp_settings.SESSION_KEY] == participant.pk
    assert participant.verified_at is not None and participant.display_name == "Alice"


def test_link_is_single_use(client):
    ask_for_link(client, "bob@example.org")
    link = link_from_outbox()
    assert client.post(link).status_code == 302
    again = Client().post(link)
    assert again.status_code == 410
    assert b"already been used" in again.content
    assert b"Get a new sign-in link" in again.content


def test_forged_link_is_refused(client):
    response = client.get("/participation/sign-in/eyJwIjoxfQ:forged:signature/")
    assert response.status_code == 400
    assert b"not valid" in response.content


def test_expired_link(client):
    participant = ParticipantFactory()
    token = make_sign_in_token(participant)
    with override_settings(WAGTAIL_PARTICIPATION_SIGN_IN_LINK_MAX_AGE=-1):
        response = client.post(f"/participation/sign-in/{token}/")
    assert response.status_code == 410 and b"expired" in response.content
    assert wp_settings.SESSION_KEY not in client.session


def test_same_answer_for_known_and_unknown_addresses(client):
    ParticipantFactory(email="known@example.org")
    known = ask_for_link(client, "known@example.org")
    unknown = ask_for_link(client, "unknown@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_open_redirects_are_refused(client, target):
    ask_for_link(client, "carol@example.org", target)
    link = link_from_outbox()
    response = client.post(link + "?next=" + target)
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize(
    "email, message",
    [
        ("not an email", b"valid email"),
        ("a" * 250 + "@example.org", b"at most 254"),
        ("bad\x00@example.org", b"control characters"),
    ],
)
def test_bad_addresses_get_a_form_error_with_the_input_kept(client, email, message):
    response = post_form(client, SIGN_IN, {"email": email, "display_name": "Dora <b>"})
    assert response.status_code == 400
    assert message in response.content
    assert b"There is a problem" in response.content
    assert b'value="Dora &lt;b&gt;"' in response.content  # what they typed is kept, escaped
    assert not mail.outbox and not Participant.objects.exists()


def test_missing_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = post_form(client, SIGN_IN, {"email": "eve@example.org"})
    assert response.status_code == 403
    assert not mail.outbox


def test_sign_out(client):
    participant = ParticipantFactory()
    from tests.factories import sign_in_client

    sign_in_client(client, participant)
    assert client.get(SIGN_IN).context["participant"] == participant
    response = client.post("/participation/sign-out/", {"next": "/participation/sign-in/"})
    assert response.status_code == 302
    assert wp_settings.SESSION_KEY not in client.session
    assert client.get("/participation/sign-out/").status_code == 405
