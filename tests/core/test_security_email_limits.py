"""Issue 22, item 9: sign-in emails are limited per canonical mailbox (EMAIL_RECIPIENT_LIMITS);
later requests get the same "check your email" page and send nothing.

The attack: asking for sign-in links again and again (in many spellings of one address, from
many IPs) filled a resident's inbox. Petition confirmations: tests/petitions/test_security_mailboxes.py.
"""

import pytest
from django.core import mail
from django.test import Client, override_settings

from tests.factories import post_form
from wagtail_participation.core.mailboxes import mailbox_key, may_email
from wagtail_participation.core.models import Participant

pytestmark = pytest.mark.django_db
SIGN_IN = "/participation/sign-in/"
SPELLINGS = [
    "victim@gmail.com",
    "Victim@Gmail.com",
    "vic.tim@gmail.com",
    "victim+1@gmail.com",
    "victim+2@googlemail.com",
    "victim@ｇmail.com",
    "V.I.C.T.I.M@gmail.com",
    "victim@gm\u00adail.com",
    "victim+x@gmail.com",
    "victim@GMAIL.COM",
]


@pytest.fixture(autouse=True)
def _send_mail_on_commit(django_capture_on_commit_callbacks):
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield


def ask(email, ip):
    with _capture(execute=True):
        return post_form(Client(REMOTE_ADDR=ip), SIGN_IN, {"email": email})


def test_ten_sign_in_requests_for_one_mailbox_send_at_most_three_emails():
    responses = [ask(email, f"203.0.113.{n}") for n, email in enumerate(SPELLINGS)]
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {"/participation/sign-in/sent/"}
    assert len(mail.outbox) == 3
    assert {mailbox_key(m.to[0]) for m in mail.outbox} == {"victim@gmail.com"}
    assert Participant.objects.count() == 1


def test_other_mailboxes_are_not_held_by_one_over_its_limit():
    for n in range(5):
        ask("victim@gmail.com", f"203.0.113.{n}")
    ask("neighbour@gmail.com", "203.0.113.9")
    assert mail.outbox[-1].to == ["neighbour@gmail.com"]


def test_the_limit_is_a_setting():
    with override_settings(WAGTAIL_PARTICIPATION_EMAIL_RECIPIENT_LIMITS=[(1, 60)]):
        assert may_email("ann@example.org") and not may_email("ANN@example.org")
    with override_settings(WAGTAIL_PARTICIPATION_EMAIL_RECIPIENT_LIMITS=[]):
        assert all(may_email("bob@example.org") for _ in range(10))


def test_the_cache_key_does_not_hold_the_address():
    from django.core.cache import cache

    may_email("private.person@example.org")
    assert not any("private" in str(key) for key in cache._cache)
