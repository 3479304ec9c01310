"""Signed single-use links (core.signed_links): one mechanism, one set of errors, for every kind."""

import pytest
from django.core import signing
from django.test import override_settings
from django.utils import timezone

from tests.factories import ParticipantFactory
from wagtail_participation.core.converters import MAX_ID
from wagtail_participation.core.models import Participant
from wagtail_participation.core.participants import (
    SIGN_IN_LINK,
    InvalidSignInLink,
    make_sign_in_token,
    sign_in_path,
)
from wagtail_participation.core.signed_links import InvalidLink, LinkError, SignedLink

pytestmark = pytest.mark.django_db


class GreetingLink(SignedLink):
    """A made-up kind of link: bound to a participant's display name."""

    salt = "tests.greeting"
    url_name = "wagtail_participation:sign_in_confirm"
    max_age_seconds = 60

    def max_age(self):
        return self.max_age_seconds

    def get_object(self, pk):
        return Participant.objects.filter(pk=pk).first()

    def state(self, participant):
        return participant.display_name

    def check_object(self, participant):
        if participant.anonymised_at is not None:
            raise self.error(LinkError.USED, participant)


LINK = GreetingLink()


def test_link_errors_are_their_values_with_a_status():
    assert LinkError.USED == "used" and LinkError("expired") is LinkError.EXPIRED
    assert {LinkError.INVALID: 400, LinkError.USED: 410, LinkError.EXPIRED: 410} == {
        reason: reason.status_code for reason in LinkError
    }
    error = InvalidLink("used")
    assert error.reason is LinkError.USED and error.object is None


def test_round_trip_with_extra_data():
    ann = ParticipantFactory(display_name="Ann")
    token = LINK.make_token(ann, lang="de")
    participant, data = LINK.read(token)
    assert participant == ann and data["lang"] == "de"
    assert LINK.path(ann).startswith("/participation/sign-in/")


def test_a_changed_state_is_the_kinds_mismatch():
    ann = ParticipantFactory(display_name="Ann")
    token = LINK.make_token(ann)
    Participant.objects.filter(pk=ann.pk).update(display_name="Anne")
    with pytest.raises(InvalidLink) as error:
        LINK.read(token)
    assert error.value.reason == "used" and error.value.object is None
    LINK.mismatch = LinkError.INVALID
    try:
        with pytest.raises(InvalidLink) as error:
            LINK.read(token)
        assert error.value.reason == "invalid"
    finally:
        del LINK.mismatch


def test_the_object_may_say_it_was_used():
    ann = ParticipantFactory(display_name="Ann")
    token = LINK.make_token(ann)
    Participant.objects.filter(pk=ann.pk).update(anonymised_at=timezone.now())
    with pytest.raises(InvalidLink) as error:
        LINK.read(token)
    assert error.value.reason == "used" and error.value.object == ann


def test_expired():
    token = LINK.make_token(ParticipantFactory())
    LINK.max_age_seconds = -1
    try:
        with pytest.raises(InvalidLink) as error:
            LINK.read(token)
    finally:
        del LINK.max_age_seconds
    assert error.value.reason == "expired"


@pytest.mark.parametrize(
    "payload",
    [
        [1, 2],
        "text",
        {"h": "x"},
        {"i": "1", "h": "x"},
        {"i": True, "h": "x"},
        {"i": 0, "h": "x"},
        {"i": MAX_ID + 1, "h": "x"},
        {"i": 999_999, "h": "x"},
    ],
)
def test_payloads_that_name_nothing_are_invalid(payload):
    with pytest.raises(InvalidLink) as error:
        LINK.read(signing.dumps(payload, salt=LINK.salt))
    assert error.value.reason == "invalid"


def test_forged_altered_and_other_kinds_tokens_are_invalid():
    ann = ParticipantFactory(display_name="Ann")
    token = LINK.make_token(ann)
    for bad in (
        "",
        "garbage",
        token[:-2],
        token + "x",
        make_sign_in_token(ann),
        signing.dumps({"i": ann.pk}),
    ):
        with pytest.raises(InvalidLink) as error:
            LINK.read(bad)
        assert error.value.reason == "invalid", bad


def test_the_sign_in_link_is_a_signed_link_in_its_first_format():
    """Links emailed before this module keep working: same salt, keys and hash."""
    ann = ParticipantFactory(display_name="")
    token = make_sign_in_token(ann, display_name="Ann")
    data = signing.loads(token, salt="wagtail_participation.sign_in")
    assert set(data) == {"p", "s", "n"} and data["p"] == ann.pk and len(data["s"]) == 20
    assert issubclass(InvalidSignInLink, InvalidLink)
    assert SIGN_IN_LINK.read(token)[0] == ann
    path = sign_in_path(ann, "Ann")
    assert (
        path.startswith("/participation/sign-in/")
        and SIGN_IN_LINK.read(path.split("/")[-2])[1]["n"] == "Ann"
    )
    with (
        override_settings(WAGTAIL_PARTICIPATION_SIGN_IN_LINK_MAX_AGE=-1),
        pytest.raises(InvalidSignInLink) as error,
    ):
        SIGN_IN_LINK.read(token)
    assert error.value.reason is LinkError.EXPIRED
