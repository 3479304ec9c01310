"""A signature's confirmation link is one of core's signed links (core.signed_links)."""

import pytest
from django.core import signing

from tests.factories import ParticipantFactory
from tests.petitions.factories import add_signature, make_petition
from wagtail_participation.core.participants import make_sign_in_token
from wagtail_participation.core.signed_links import InvalidLink, LinkError
from wagtail_participation.petitions.signing import (
    CONFIRMATION_LINK,
    InvalidConfirmation,
    confirm_signature,
    make_confirmation_token,
    signature_for_token,
)

pytestmark = pytest.mark.django_db


def test_the_confirmation_link_is_a_signed_link_in_its_first_format():
    signature = add_signature(make_petition(), confirmed=False)
    token = make_confirmation_token(signature)
    data = signing.loads(token, salt="wagtail_participation.petitions.confirm")
    assert set(data) == {"s", "h"} and data["s"] == signature.pk and len(data["h"]) == 24
    assert signature_for_token(token) == signature == CONFIRMATION_LINK.read(token)[0]
    confirm_signature(signature)
    with pytest.raises(InvalidConfirmation) as error:
        signature_for_token(token)
    assert isinstance(error.value, InvalidLink)
    assert error.value.reason == LinkError.USED and error.value.signature == signature
    with pytest.raises(InvalidConfirmation) as error:
        signature_for_token(make_sign_in_token(ParticipantFactory()))
    assert error.value.reason == "invalid" and error.value.signature is None
