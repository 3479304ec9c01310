"""Settings of surveys and polls, with their defaults.

Read them as ``from wagtail_participation.surveys.conf import settings`` then
``settings.SURVEY_RESULTS_MIN_GROUP``; the Django setting is the name prefixed with
``WAGTAIL_PARTICIPATION_`` (``WAGTAIL_PARTICIPATION_SURVEY_RESULTS_MIN_GROUP``). Checked in
``checks.py``.
"""

from wagtail_participation.core.conf import PREFIX, AppSettings

DEFAULTS = {
    # Public survey results show no figures for a group of fewer respondents than this (a
    # filter, or the whole survey), nor counts under it within a filtered group. Staff see all.
    "SURVEY_RESULTS_MIN_GROUP": 5,
}

settings = AppSettings(PREFIX, DEFAULTS)
