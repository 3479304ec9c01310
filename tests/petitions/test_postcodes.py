"""The signer's postcode is checked against the council's format (PETITION_POSTCODE_FORMAT)."""

import re

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.test import override_settings

from tests.petitions.factories import make_petition, sign
from wagtail_participation.petitions.models import Signature
from wagtail_participation.petitions.postcodes import any_postcode, uk_postcode

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a1aa", "SW1A 1AA"),
        (" m1  1ae ", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("gir 0aa", "GIR 0AA"),
    ],
)
def test_uk_postcodes_are_taken_and_written_one_way(typed, stored):
    assert uk_postcode(typed) == stored


@pytest.mark.parametrize(
    "typed", ["RB1", "12345", "SW1A", "SW1A 1A", "SW1A 1AAA", "1AA SW1", "S 1AA"]
)
def test_what_is_not_a_uk_postcode_is_refused_with_a_clear_message(typed):
    with pytest.raises(ValidationError) as error:
        uk_postcode(typed)
    assert error.value.messages == ["Enter a full UK postcode, like SW1A 1AA."]


def test_a_wrong_postcode_is_said_next_to_the_field_and_nothing_is_signed(client):
    petition = make_petition()
    response = sign(client, petition, "ann@example.org", area="RB1")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a full UK postcode, like SW1A 1AA." in page
    field = re.search(r'<input[^>]*name="area"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field and "id_area_error" in field
    assert not Signature.objects.exists()


def test_a_good_postcode_is_stored_written_one_way(client):
    petition = make_petition()
    sign(client, petition, "ann@example.org", area="rb12ab")
    assert Signature.objects.get().area == "RB1 2AB"


def dutch_postcode(value):
    compact = "".join(value.upper().split())
    if not re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", compact):
        raise ValidationError("Enter a postcode like 1234 AB.", code="postcode")
    return f"{compact[:4]} {compact[4:]}"


@override_settings(
    WAGTAIL_PARTICIPATION_PETITION_POSTCODE_FORMAT="tests.petitions.test_postcodes.dutch_postcode"
)
def test_a_council_elsewhere_names_its_own_format(client):
    petition = make_petition()
    refused = sign(client, petition, "ann@example.org", area="SW1A 1AA")
    assert "Enter a postcode like 1234 AB." in refused.content.decode()
    sign(client, petition, "ann@example.org", area="1012ab")
    assert Signature.objects.get().area == "1012 AB"


@override_settings(WAGTAIL_PARTICIPATION_PETITION_POSTCODE_FORMAT=None)
def test_none_takes_any_postcode(client):
    petition = make_petition()
    sign(client, petition, "ann@example.org", area="75001  paris")
    assert Signature.objects.get().area == "75001 PARIS"
    assert any_postcode(" a  b ") == "A B"


@pytest.mark.parametrize("value", ["no.such.module.check", 42])
def test_a_format_that_does_not_import_is_a_settings_error(value):
    with override_settings(WAGTAIL_PARTICIPATION_PETITION_POSTCODE_FORMAT=value):
        errors = [e for e in run_checks() if "PETITION_POSTCODE_FORMAT" in e.msg]
    assert len(errors) == 1 and errors[0].id == "wagtail_participation.E005"
