"""System checks of the mailbox and identity settings (E005, W003)."""

import pytest
from django.test import override_settings

from wagtail_participation.core.checks import check_renamed_settings, check_settings


def messages(**settings):
    with override_settings(**{f"WAGTAIL_PARTICIPATION_{k}": v for k, v in settings.items()}):
        return [e.msg for e in check_settings(None)]


def test_defaults_are_valid():
    assert messages() == []


@pytest.mark.parametrize(
    "name, value",
    [
        ("EMAIL_SUBADDRESS_DOMAINS", {"gmail.com": "++"}),
        ("EMAIL_SUBADDRESS_DOMAINS", {"gmail.com": "@"}),
        ("EMAIL_SUBADDRESS_DOMAINS", ["gmail.com"]),
        ("EMAIL_DOMAIN_ALIASES", [("googlemail.com", "gmail.com")]),
        ("EMAIL_DOTLESS_DOMAINS", "gmail.com"),
        ("EMAIL_RECIPIENT_LIMITS", [(0, 900)]),
        ("EMAIL_RECIPIENT_LIMITS", 3),
        ("USER_EMAIL_VERIFIED", "wagtail_participation.core.user_emails.no_such_function"),
        ("USER_EMAIL_VERIFIED", "wagtail_participation.core.conf.PREFIX"),
    ],
)
def test_bad_values_are_errors(name, value):
    assert any(name in message for message in messages(**{name: value}))


def test_none_and_an_empty_limit_are_valid():
    assert messages(USER_EMAIL_VERIFIED=None, EMAIL_RECIPIENT_LIMITS=[]) == []


def test_the_old_petition_names_are_a_warning():
    assert check_renamed_settings(None) == []
    with override_settings(WAGTAIL_PARTICIPATION_PETITION_DOTLESS_EMAIL_DOMAINS=["gmail.com"]):
        warnings = check_renamed_settings(None)
    assert [w.id for w in warnings] == ["wagtail_participation.W003"]
    assert "EMAIL_DOTLESS_DOMAINS" in warnings[0].hint
