"""The method's own settings (conf.py) and system checks (checks.py), with core unchanged."""

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from tests.testapp.onequestion.checks import check_core_installed, check_settings
from tests.testapp.onequestion.conf import settings
from wagtail_participation.core.conf import settings as core_settings


def test_its_setting_has_a_default_and_reads_the_prefixed_django_setting():
    assert settings.ONEQUESTION_MAX_ANSWER_LENGTH == 500
    assert settings.ONEQUESTION_CONFIRMATION_EMAIL is True
    with override_settings(WAGTAIL_PARTICIPATION_ONEQUESTION_MAX_ANSWER_LENGTH=80):
        assert settings.ONEQUESTION_MAX_ANSWER_LENGTH == 80
        # core's object answers an installed app's names too (for older code), from the app's
        assert core_settings.ONEQUESTION_MAX_ANSWER_LENGTH == 80


def test_its_settings_are_its_own():
    from wagtail_participation.core.conf import DEFAULTS

    assert set(settings.defaults) == {
        "ONEQUESTION_MAX_ANSWER_LENGTH",
        "ONEQUESTION_CONFIRMATION_EMAIL",
        "ONEQUESTION_NEIGHBOURHOOD_KEEP_DAYS",
    }
    assert not [name for name in DEFAULTS if name.startswith("ONEQUESTION_")]


def test_its_checks_are_silent_on_good_settings():
    assert check_settings(None) == [] and check_core_installed(None) == []


@pytest.mark.parametrize("value", [0, 5001, "40", True, None])
def test_its_check_fires_on_a_bad_answer_length(value):
    with override_settings(WAGTAIL_PARTICIPATION_ONEQUESTION_MAX_ANSWER_LENGTH=value):
        errors = check_settings(None)
        assert [(e.id, e.msg) for e in errors] == [
            (
                "wagtail_participation.E005",
                "WAGTAIL_PARTICIPATION_ONEQUESTION_MAX_ANSWER_LENGTH must be a whole number "
                "from 1 to 5000.",
            )
        ]
        # registered from its AppConfig: Django's own run finds it
        assert "WAGTAIL_PARTICIPATION_ONEQUESTION_MAX_ANSWER_LENGTH" in " ".join(
            m.msg for m in run_checks() if m.id == "wagtail_participation.E005"
        )


def test_its_check_fires_on_a_bad_confirmation_switch():
    with override_settings(WAGTAIL_PARTICIPATION_ONEQUESTION_CONFIRMATION_EMAIL="yes"):
        assert [e.msg for e in check_settings(None)] == [
            "WAGTAIL_PARTICIPATION_ONEQUESTION_CONFIRMATION_EMAIL must be True or False."
        ]


@pytest.mark.parametrize("value", [0, None, 1.5])
def test_its_check_fires_on_a_bad_keep_days(value):
    with override_settings(WAGTAIL_PARTICIPATION_ONEQUESTION_NEIGHBOURHOOD_KEEP_DAYS=value):
        assert [e.msg for e in check_settings(None)] == [
            "WAGTAIL_PARTICIPATION_ONEQUESTION_NEIGHBOURHOOD_KEEP_DAYS must be a whole number "
            "of days (at least 1)."
        ]


def test_it_says_when_core_is_missing(monkeypatch):
    from django.apps import apps

    real = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != "wagtail_participation.core" and real(name)
    )
    assert [(e.id, e.msg) for e in check_core_installed(None)] == [
        (
            "wagtail_participation.E004",
            "'tests.testapp.onequestion' is installed without 'wagtail_participation.core'.",
        )
    ]
    assert "'tests.testapp.onequestion' is installed without 'wagtail_participation.core'." in {
        m.msg for m in run_checks() if m.id == "wagtail_participation.E004"
    }
