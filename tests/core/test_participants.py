import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory, override_settings
from django.utils import timezone

from wagtail_participation.core.conf import settings as wp_settings
from wagtail_participation.core.models import Participant
from wagtail_participation.core.participants import (
    InvalidSignInLink,
    get_or_create_participant_for_email,
    get_participant,
    make_sign_in_token,
    participant_for_token,
    sign_in,
)
from wagtail_participation.core.phases import Phase, phase_for

pytestmark = pytest.mark.django_db


def request_with_session(user=None):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = user or AnonymousUser()
    return request


def test_email_is_normalised_and_unique():
    a = get_or_create_participant_for_email("  Alice@Example.ORG ")
    b = get_or_create_participant_for_email("alice@example.org")
    assert a.pk == b.pk and a.email == "alice@example.org"


def test_token_round_trip_and_single_use():
    participant = get_or_create_participant_for_email("bob@example.org")
    token = make_sign_in_token(participant)
    assert participant_for_token(token) == participant
    request = request_with_session()
    sign_in(request, participant)
    assert participant.verified_at is not None
    assert request.session[wp_settings.SESSION_KEY] == participant.pk
    with pytest.raises(InvalidSignInLink) as used:
        participant_for_token(token)
    assert used.value.reason == "used"


@pytest.mark.parametrize("token", ["", "garbage", "a:b:c", "\x00", "x" * 5000])
def test_forged_tokens_are_invalid(token):
    with pytest.raises(InvalidSignInLink) as error:
        participant_for_token(token)
    assert error.value.reason == "invalid"


def test_expired_token():
    participant = get_or_create_participant_for_email("carol@example.org")
    token = make_sign_in_token(participant)
    with (
        override_settings(WAGTAIL_PARTICIPATION_SIGN_IN_LINK_MAX_AGE=-1),
        pytest.raises(InvalidSignInLink) as error,
    ):
        participant_for_token(token)
    assert error.value.reason == "expired"


def test_anonymised_participant_cannot_sign_in():
    participant = get_or_create_participant_for_email("dan@example.org")
    token = make_sign_in_token(participant)
    Participant.objects.filter(pk=participant.pk).update(anonymised_at=timezone.now())
    with pytest.raises(InvalidSignInLink):
        participant_for_token(token)


@override_settings(
    WAGTAIL_PARTICIPATION_USER_EMAIL_VERIFIED="wagtail_participation.core.user_emails.trust_user_email"
)
def test_site_login_gets_a_participant_and_adopts_an_email_participant():
    # Only a site whose users' addresses are verified (here: every address is) adopts.
    existing = get_or_create_participant_for_email("erin@example.org")
    user = get_user_model().objects.create_user("erin", "Erin@example.org", "pw")
    participant = get_participant(request_with_session(user))
    assert participant.pk == existing.pk and participant.user == user
    assert participant.is_verified
    # Cached on the user from now on.
    assert get_participant(request_with_session(user)).pk == existing.pk


def test_site_login_without_email():
    user = get_user_model().objects.create_user("frank", "", "pw")
    participant = get_participant(request_with_session(user))
    assert participant.user == user and participant.email is None


def test_session_participant_and_stale_session():
    participant = get_or_create_participant_for_email("gina@example.org")
    request = request_with_session()
    request.session[wp_settings.SESSION_KEY] = participant.pk
    assert get_participant(request) == participant
    stale = request_with_session()
    stale.session[wp_settings.SESSION_KEY] = 999999
    assert get_participant(stale) is None
    assert wp_settings.SESSION_KEY not in stale.session


def test_phases():
    now = timezone.now()
    day = datetime.timedelta(days=1)
    assert phase_for(None, None) == Phase.OPEN
    assert phase_for(now + day, None) == Phase.UPCOMING
    assert phase_for(now - day, now - day / 2) == Phase.CLOSED
    assert phase_for(now - day, now + day) == Phase.OPEN


def test_unknown_setting_is_an_error():
    with pytest.raises(AttributeError):
        wp_settings.NO_SUCH_SETTING  # noqa: B018


def test_setting_override():
    with override_settings(WAGTAIL_PARTICIPATION_REPORT_THRESHOLD=7):
        assert wp_settings.REPORT_THRESHOLD == 7
    assert wp_settings.REPORT_THRESHOLD == 3
