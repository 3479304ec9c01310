"""Surveys' own settings and checks (core names no method app)."""

from django.test import override_settings

from wagtail_participation.surveys.checks import check_settings
from wagtail_participation.surveys.conf import settings


def test_survey_settings_are_the_surveys():
    assert settings.SURVEY_RESULTS_MIN_GROUP == 5
    assert check_settings(None) == []
    with override_settings(WAGTAIL_PARTICIPATION_SURVEY_RESULTS_MIN_GROUP=0):
        assert settings.SURVEY_RESULTS_MIN_GROUP == 0
        assert [e.id for e in check_settings(None)] == ["wagtail_participation.E005"]
