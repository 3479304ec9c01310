"""A petition's and a petitions index's rules for core.policy."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.factories import ParticipantFactory
from tests.petitions.factories import make_petition, make_petition_index
from wagtail_participation.core.models import Participant
from wagtail_participation.core.policy import Action, Reason, decide
from wagtail_participation.petitions.models import PetitionState

pytestmark = pytest.mark.django_db


def test_signing_needs_an_open_published_petition_and_nobody_signed_in():
    petition = make_petition()
    assert decide(None, Action.SIGN, petition) and petition.is_signable
    for change in (
        {"state": PetitionState.MODERATION},
        {"live": False},
        {"closes_at": timezone.now() - datetime.timedelta(days=1)},
        {"opens_at": timezone.now() + datetime.timedelta(days=1)},
    ):
        changed = make_petition(**change)
        refused = decide(None, Action.SIGN, changed)
        assert not refused and not changed.is_signable, change
        assert refused.message == "This petition is not open for signatures."


def test_starting_a_petition_needs_a_verified_mailbox():
    index = make_petition_index(allow_resident_petitions=True)
    assert decide(ParticipantFactory(), Action.CONTRIBUTE, index)
    anonymous = decide(None, Action.CONTRIBUTE, index)
    assert anonymous.reason == Reason.SIGN_IN_REQUIRED and anonymous.sign_in_helps
    unverified_user = Participant.objects.create(
        user=get_user_model().objects.create_user("u", "u@example.org")
    )
    refused = decide(unverified_user, Action.CONTRIBUTE, index)
    assert refused.reason == Reason.VERIFIED_EMAIL_REQUIRED and not refused.sign_in_helps
    assert "needs a verified email address" in refused.message
    assert (
        decide(
            None,
            Action.CONTRIBUTE,
            make_petition_index(allow_resident_petitions=False, title="Closed", slug="closed"),
        ).reason
        == Reason.NOT_OFFERED
    )
