"""System checks of surveys and polls (docs/reference/checks.md), registered from the AppConfig."""

from django.core.checks import Tags, register

from wagtail_participation.core.app_checks import core_missing, is_whole_number, settings_errors

from .conf import settings


@register(Tags.compatibility)
def check_core_installed(app_configs, **kwargs):
    return core_missing("wagtail_participation.surveys")


@register(Tags.compatibility)
def check_settings(app_configs, **kwargs):
    problems = []
    if not is_whole_number(settings.SURVEY_RESULTS_MIN_GROUP, 1):
        problems.append(
            "WAGTAIL_PARTICIPATION_SURVEY_RESULTS_MIN_GROUP must be a whole number of at least 1."
        )
    return settings_errors(problems)
