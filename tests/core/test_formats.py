"""Numbers and durations as residents read them (core.formats and its template filters)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from wagtail_participation.core.formats import duration, number


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1,000"), ("de", "1.000"), ("nl", "1.000"), ("es", "1\xa0000")],
)
@override_settings(USE_THOUSAND_SEPARATOR=False)
def test_numbers_are_grouped_for_the_language_whatever_the_site_setting(language, expected):
    with translation.override(language):
        assert number(1000) == expected


def test_numbers_in_french_and_norwegian_use_a_space():
    for language in ("fr", "nb", "da"):
        with translation.override(language):
            assert number(12345) not in ("12345", "12,345"), language


def test_number_keeps_what_is_not_a_number():
    assert number("abc") == "abc"
    assert number(None) == ""
    assert number(True) == "True"
    with translation.override("de"):
        assert number(Decimal("1234.5")) == "1.234,5"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (7 * 24 * 60 * 60, "7 days"),
        (24 * 60 * 60, "1 day"),
        (60 * 60, "1 hour"),
        (36 * 60 * 60, "36 hours"),
        (90 * 60, "90 minutes"),
        (60, "1 minute"),
        (45, "45 seconds"),
        (0, "0 seconds"),
        (-5, "0 seconds"),
        ("3600", "1 hour"),
        ("soon", ""),
        (None, ""),
        (True, ""),
    ],
)
def test_durations_read_as_people_say_them(seconds, expected):
    with translation.override("en"):
        assert duration(seconds) == expected


def test_durations_are_translated():
    with translation.override("de"):
        assert duration(7 * 24 * 60 * 60) == "7 Tage"
    with translation.override("fr"):
        assert duration(60 * 60) == "1 heure"


def test_filters_in_templates():
    template = Template(
        "{% load wagtail_participation_tags %}{{ n|participation_number }} / {{ s|participation_duration }}"
    )
    with translation.override("de"):
        assert template.render(Context({"n": 1000, "s": 604800})) == "1.000 / 7 Tage"
