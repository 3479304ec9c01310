"""Issue 22, item 3: one resident per canonical mailbox, however the address is written.

The attacks: a fullwidth letter in ``gmail.com`` made a second resident for one inbox, and
three plus-addressed sign-ins from one inbox were three residents whose reports hid any
contribution (auto-hide at 3 reports). Provider rules hold only for providers that use them.
"""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from tests.factories import CommentFactory, ParticipantFactory, post_form
from wagtail_participation.core.conf import settings as wp_settings
from wagtail_participation.core.mailboxes import InvalidMailbox, canonical_domain, mailbox_key
from wagtail_participation.core.models import ModerationState, Participant, Report

pytestmark = pytest.mark.django_db
SIGN_IN = "/participation/sign-in/"


@pytest.fixture(autouse=True)
def _send_mail_on_commit(django_capture_on_commit_callbacks):
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield


def sign_in_by_link(client, email):
    """The whole email-link sign-in, as a resident does it; returns the participant signed in."""
    before = len(mail.outbox)
    with _capture(execute=True):
        response = post_form(client, SIGN_IN, {"email": email, "display_name": ""})
    assert response.status_code == 302
    assert len(mail.outbox) == before + 1, "no sign-in link was sent"
    link = re.search(
        r"https?://testserver(/participation/sign-in/\S+)", mail.outbox[-1].body
    ).group(1)
    assert client.post(link).status_code == 302
    return Participant.objects.get(pk=client.session[wp_settings.SESSION_KEY])


# The key


@pytest.mark.parametrize(
    "typed",
    [
        "annlee@gmail.com",
        "AnnLee@GMAIL.COM",
        "ann.lee@gmail.com",
        "A.n.n.L.e.e+petition@gmail.com",
        "annlee@googlemail.com",
        "annlee@ｇmail.com",  # fullwidth g
        "annlee@ｇｍａｉｌ．ｃｏｍ",  # fullwidth letters and dot
        "annlee@gm\u00adail.com",  # a soft hyphen, which IDNA ignores
        "annlee@gmail。com",  # the ideographic full stop separates labels too
        "annlee@gmail.com.",  # the root's dot
    ],
)
def test_every_spelling_of_one_gmail_mailbox_has_one_key(typed):
    assert mailbox_key(typed) == "annlee@gmail.com"


@pytest.mark.parametrize(
    "typed, key",
    [
        # Sub-addresses only where the provider uses them...
        ("ann+x@outlook.com", "ann@outlook.com"),
        ("ann+x@icloud.com", "ann@icloud.com"),
        ("ann+x@me.com", "ann@icloud.com"),
        ("ann+x@protonmail.com", "ann@proton.me"),
        ("ann+x@fastmail.com", "ann@fastmail.com"),
        # ...Yahoo's disposable addresses keep the separator: the base name is not itself an address.
        ("base-shopping@yahoo.com", "base-@yahoo.com"),
        ("base-news@yahoo.com", "base-@yahoo.com"),
        ("base@yahoo.com", "base@yahoo.com"),
        # Dots only where the provider ignores them.
        ("ann.lee@outlook.com", "ann.lee@outlook.com"),
        # Elsewhere a +tag is part of the address: another mailbox, perhaps another person's.
        ("ann+x@example.org", "ann+x@example.org"),
        ("Ann.Lee@Example.org", "ann.lee@example.org"),
        # International domains in their ASCII form.
        ("anna@München.de", "anna@xn--mnchen-3ya.de"),
        ("anna@xn--mnchen-3ya.de", "anna@xn--mnchen-3ya.de"),
        # A look-alike in another script is another domain, with its own owner.
        ("annlee@gmаil.com", "annlee@xn--gmil-63d.com"),
    ],
)
def test_provider_rules_apply_only_to_providers_that_use_them(typed, key):
    assert mailbox_key(typed) == key


@pytest.mark.parametrize(
    "typed",
    [
        "ann@[127.0.0.1]",
        "ann@exa_mple.com",
        "ann@xn--zz.example",
        "ann@-bad.example",
        "ann@a..example",
        '"ann"@example.org',
        "no-at-sign",
        "@example.org",
        "ann@",
        "ann@" + "a" * 64 + ".example",
    ],
)
def test_addresses_without_a_canonical_mailbox_are_refused(typed):
    with pytest.raises(InvalidMailbox):
        mailbox_key(typed)


def test_rules_are_settings():
    with override_settings(
        WAGTAIL_PARTICIPATION_EMAIL_SUBADDRESS_DOMAINS={"example.org": "+"},
        WAGTAIL_PARTICIPATION_EMAIL_DOTLESS_DOMAINS=["example.org"],
        WAGTAIL_PARTICIPATION_EMAIL_DOMAIN_ALIASES={"example.net": "example.org"},
    ):
        assert mailbox_key("a.b+c@example.net") == "ab@example.org"
        assert mailbox_key("a.b+c@gmail.com") == "a.b+c@gmail.com"
    assert canonical_domain("ＥＸＡＭＰＬＥ.org") == "example.org"


# Sign-in


def test_fullwidth_domain_signs_in_to_the_same_resident(client):
    first = sign_in_by_link(client, "victim@gmail.com")
    second = sign_in_by_link(Client(), "victim@ｇmail.com")
    assert first.pk == second.pk
    assert Participant.objects.count() == 1
    # The link went to the address the resident was created with.
    assert mail.outbox[-1].to == ["victim@gmail.com"]


def test_plus_and_dot_variants_sign_in_to_one_resident():
    ids = {
        sign_in_by_link(Client(), email).pk
        for email in ("a+1@gmail.com", "a+2@googlemail.com", "A.+3@ｇmail.com")
    }
    assert len(ids) == 1
    assert Participant.objects.get().mailbox_key == "a@gmail.com"


def test_plus_tags_on_other_domains_stay_distinct_residents():
    ids = {
        sign_in_by_link(Client(), email).pk
        for email in ("a+1@example.org", "a+2@example.org", "a@example.org")
    }
    assert len(ids) == 3


@pytest.mark.parametrize("email", ["ann@xn--zz.example", "ann@[127.0.0.1]", "ann@exa_mple.com"])
def test_sign_in_form_refuses_an_address_without_a_mailbox(client, email):
    response = post_form(client, SIGN_IN, {"email": email})
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert not mail.outbox and not Participant.objects.exists()


def test_three_plus_addressed_sign_ins_do_not_hide_a_contribution_by_reports():
    comment = CommentFactory()
    for email in ("a+1@gmail.com", "a+2@googlemail.com", "A.+3@ｇmail.com"):
        client = Client()
        sign_in_by_link(client, email)
        response = post_form(
            client, f"/participation/contributions/{comment.pk}/report/", {"reason": "spam"}
        )
        assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.moderation_state == ModerationState.PUBLISHED
    assert comment.report_count == 1 and Report.objects.count() == 1


def test_participant_keys_are_unique_in_the_database():
    from django.db import IntegrityError, transaction

    ParticipantFactory(email="ann@gmail.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(email="a.n.n+x@ｇmail.com")


def test_forget_me_frees_the_mailbox_for_a_new_resident(client):
    first = sign_in_by_link(client, "ann@gmail.com")
    assert post_form(client, "/participation/my-data/forget/", {}).status_code == 302
    first.refresh_from_db()
    assert first.mailbox_key is None and first.email is None
    again = sign_in_by_link(Client(), "ann+back@gmail.com")
    assert again.pk != first.pk and again.mailbox_key == "ann@gmail.com"
