"""System checks of participatory budgets, registered from the AppConfig."""

from django.core.checks import Tags, register

from wagtail_participation.core.app_checks import core_missing, is_whole_number, settings_errors

from .conf import settings

APP_NAME = "wagtail_participation.budgeting"


@register(Tags.compatibility)
def check_core_installed(app_configs, **kwargs):
    return core_missing(APP_NAME)


@register(Tags.compatibility)
def check_settings(app_configs, **kwargs):
    problems = []
    currency = settings.BUDGET_CURRENCY
    if not (isinstance(currency, str) and len(currency) == 3 and currency.isalpha()):
        problems.append(
            "WAGTAIL_PARTICIPATION_BUDGET_CURRENCY must be a three-letter currency code."
        )
    for name in (
        "BUDGET_PROPOSAL_TITLE_MAX_LENGTH",
        "BUDGET_PROPOSAL_DESCRIPTION_MAX_LENGTH",
        "BUDGET_PHOTO_MAX_BYTES",
    ):
        if not is_whole_number(getattr(settings, name), 1):
            problems.append(f"WAGTAIL_PARTICIPATION_{name} must be a whole number (at least 1).")
    if settings.BUDGET_PROPOSAL_TITLE_MAX_LENGTH not in range(1, 201):
        problems.append(
            "WAGTAIL_PARTICIPATION_BUDGET_PROPOSAL_TITLE_MAX_LENGTH must be from 1 to 200."
        )
    limit = settings.BUDGET_PROPOSALS_PER_RESIDENT
    if limit is not None and not is_whole_number(limit, 1):
        problems.append(
            "WAGTAIL_PARTICIPATION_BUDGET_PROPOSALS_PER_RESIDENT must be None or a whole number."
        )
    if not is_whole_number(settings.BUDGET_RESULTS_CACHE_SECONDS, 0):
        problems.append(
            "WAGTAIL_PARTICIPATION_BUDGET_RESULTS_CACHE_SECONDS must be a whole number of seconds."
        )
    if not isinstance(settings.BUDGET_BALLOT_RECEIPT_EMAIL, bool):
        problems.append("WAGTAIL_PARTICIPATION_BUDGET_BALLOT_RECEIPT_EMAIL must be True or False.")
    return settings_errors(problems)
