"""System checks of the one-question pages, registered from the AppConfig."""

from django.core.checks import Tags, register

from wagtail_participation.core.app_checks import core_missing, is_whole_number, settings_errors

from .conf import settings

APP_NAME = "tests.testapp.onequestion"
MAX_ANSWER_LENGTH_LIMIT = 5000  # the answer is a TextField: this only keeps answers readable


@register(Tags.compatibility)
def check_core_installed(app_configs, **kwargs):
    return core_missing(APP_NAME)


@register(Tags.compatibility)
def check_settings(app_configs, **kwargs):
    problems = []
    length = settings.ONEQUESTION_MAX_ANSWER_LENGTH
    if not is_whole_number(length, 1) or length > MAX_ANSWER_LENGTH_LIMIT:
        problems.append(
            "WAGTAIL_PARTICIPATION_ONEQUESTION_MAX_ANSWER_LENGTH must be a whole number "
            f"from 1 to {MAX_ANSWER_LENGTH_LIMIT}."
        )
    if not isinstance(settings.ONEQUESTION_CONFIRMATION_EMAIL, bool):
        problems.append(
            "WAGTAIL_PARTICIPATION_ONEQUESTION_CONFIRMATION_EMAIL must be True or False."
        )
    if not is_whole_number(settings.ONEQUESTION_NEIGHBOURHOOD_KEEP_DAYS, 1):
        problems.append(
            "WAGTAIL_PARTICIPATION_ONEQUESTION_NEIGHBOURHOOD_KEEP_DAYS must be a whole number "
            "of days (at least 1)."
        )
    return settings_errors(problems)
