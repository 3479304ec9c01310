"""Issue 22, item 7: a site user adopts an email-link resident, or is a verified resident, only
when the site says their address is verified (USER_EMAIL_VERIFIED).

The attack: a site account registered with somebody else's (unverified) address adopted that
resident, their contributions and their data.
"""

import json
import sys
import types

import pytest
from django.test import Client, RequestFactory, override_settings

from tests.factories import CommentFactory, ParticipantFactory, UserFactory
from tests.petitions.factories import add_signature, make_petition
from wagtail_participation.core import user_emails
from wagtail_participation.core.models import Participant
from wagtail_participation.core.participants import get_participant, participant_for_user

pytestmark = pytest.mark.django_db
TRUST = "wagtail_participation.core.user_emails.trust_user_email"


def participant_of(user):
    # Taking part (a POST): a request that only views creates no participant (issue 25).
    request = RequestFactory().post("/")
    request.user = user
    return get_participant(request)


def test_an_account_with_a_victims_unverified_address_adopts_nothing():
    victim = ParticipantFactory(email="victim@example.org", display_name="Victim")
    CommentFactory(author=victim, body="The victim's own words")
    add_signature(make_petition(), email="victim@example.org", name="Victim Private")
    attacker = UserFactory(username="attacker", email="Victim@Example.org")
    client = Client()
    client.force_login(attacker)

    page = client.get("/participation/my-data/").content.decode()
    download = json.loads(client.get("/participation/my-data/download/").content)
    assert "victim@example.org" not in page.lower() and "The victim" not in page
    assert download["contributions"] == [] and download["participant"]["email"] is None
    assert download.get("petition_signatures", []) == []
    victim.refresh_from_db()
    assert victim.user_id is None
    # Viewing created no participant (issue 25); taking part creates the attacker's own.
    assert not Participant.objects.filter(user=attacker).exists()
    participant_of(attacker)
    own = Participant.objects.get(user=attacker)
    assert (
        own.pk != victim.pk
        and own.email is None
        and own.mailbox_key is None
        and own.verified_at is None
    )


def test_the_victim_still_signs_in_to_their_own_resident():
    victim = ParticipantFactory(email="victim@example.org")
    participant_of(UserFactory(email="victim@example.org"))
    from wagtail_participation.core.participants import get_or_create_participant_for_email

    assert get_or_create_participant_for_email("victim@example.org").pk == victim.pk


@override_settings(WAGTAIL_PARTICIPATION_USER_EMAIL_VERIFIED=None)
def test_none_believes_no_site_address():
    victim = ParticipantFactory(email="ann@example.org")
    participant = participant_of(UserFactory(email="ann@example.org"))
    assert participant.pk != victim.pk and participant.email is None
    assert participant.is_verified  # a site login still counts as a login


@override_settings(WAGTAIL_PARTICIPATION_USER_EMAIL_VERIFIED=TRUST)
def test_a_site_that_verifies_addresses_adopts_the_resident():
    resident = ParticipantFactory(email="annlee@gmail.com", verified_at=None)
    user = UserFactory(email="Ann.Lee+site@googlemail.com")  # the same mailbox
    participant = participant_of(user)
    assert (
        participant.pk == resident.pk
        and participant.user == user
        and participant.verified_at is not None
    )


@override_settings(WAGTAIL_PARTICIPATION_USER_EMAIL_VERIFIED=TRUST)
def test_a_verified_new_user_holds_their_mailbox():
    participant = participant_of(UserFactory(email="New@Example.org"))
    assert participant.email == "new@example.org" and participant.mailbox_key == "new@example.org"
    assert participant.verified_at is not None


# django-allauth, without installing it: a stand-in for allauth.account.models.EmailAddress


class FakeEmailAddresses:
    rows = []

    def filter(self, user, email__iexact, verified):
        found = [
            r
            for r in self.rows
            if r["user"] == user.pk
            and r["email"].lower() == email__iexact.lower()
            and r["verified"] == verified
        ]
        return types.SimpleNamespace(exists=lambda: bool(found))


@pytest.fixture
def allauth(monkeypatch):
    models = types.ModuleType("allauth.account.models")
    models.EmailAddress = types.SimpleNamespace(objects=FakeEmailAddresses())
    FakeEmailAddresses.rows = []
    for name, module in [
        ("allauth", types.ModuleType("allauth")),
        ("allauth.account", types.ModuleType("allauth.account")),
        ("allauth.account.models", models),
    ]:
        monkeypatch.setitem(sys.modules, name, module)
    real = user_emails.apps
    monkeypatch.setattr(
        user_emails,
        "apps",
        types.SimpleNamespace(
            is_installed=lambda name: name == "allauth.account" or real.is_installed(name)
        ),
    )
    return FakeEmailAddresses.rows


def test_allauth_verified_address_adopts(allauth):
    resident = ParticipantFactory(email="ann@example.org")
    user = UserFactory(email="ann@example.org")
    allauth.append({"user": user.pk, "email": "ANN@example.org", "verified": True})
    assert participant_for_user(user).pk == resident.pk


def test_allauth_unverified_address_does_not(allauth):
    resident = ParticipantFactory(email="ann@example.org")
    user = UserFactory(email="ann@example.org")
    allauth.append({"user": user.pk, "email": "ann@example.org", "verified": False})
    participant = participant_for_user(user)
    assert participant.pk != resident.pk and participant.email is None


def test_allauth_not_installed_believes_nobody():
    assert user_emails.allauth_email_verified(UserFactory(email="ann@example.org")) is False


def test_an_address_verified_later_is_taken_if_no_resident_holds_it(allauth):
    user = UserFactory(email="ann@example.org")
    first = participant_for_user(user)
    assert first.email is None
    allauth.append({"user": user.pk, "email": "ann@example.org", "verified": True})
    user.refresh_from_db()
    later = participant_for_user(user)
    assert (
        later.pk == first.pk
        and later.mailbox_key == "ann@example.org"
        and later.verified_at is not None
    )


def test_a_bad_setting_is_a_check_error():
    from wagtail_participation.core.checks import check_settings

    with override_settings(WAGTAIL_PARTICIPATION_USER_EMAIL_VERIFIED="no.such.module.func"):
        assert any("USER_EMAIL_VERIFIED" in e.msg for e in check_settings(None))


def test_an_unverified_site_user_is_told_to_verify_before_starting_a_petition(client):
    """Not sent round to the email sign-in, which cannot change who a logged-in user is."""
    from tests.petitions.factories import make_petition_index

    index = make_petition_index(allow_resident_petitions=True)
    client.force_login(UserFactory(email="someone@example.org"))
    response = client.get(index.start_url)
    assert (
        response.status_code == 403
        and "needs a verified email address" in response.content.decode()
    )
