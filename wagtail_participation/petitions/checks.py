"""System checks of petitions (docs/reference/checks.md), registered from the AppConfig."""

from django.conf import settings as django_settings
from django.core.checks import Tags, Warning, register
from django.utils.module_loading import import_string

from wagtail_participation.core.app_checks import (
    LOCAL_CACHES,
    core_missing,
    is_choice_list,
    is_limits,
    is_whole_number,
    settings_errors,
)
from wagtail_participation.core.conf import settings as core_settings

from .conf import settings


@register(Tags.compatibility)
def check_core_installed(app_configs, **kwargs):
    return core_missing("wagtail_participation.petitions")


def _number_problems():
    """The settings that must be whole numbers, and their bounds."""
    problems = []
    for name in (
        "PETITION_REQUEST_MAX_LENGTH",
        "PETITION_BACKGROUND_MAX_LENGTH",
        "PETITION_DETAILS_MAX_LENGTH",
        "PETITION_RESPONSE_THRESHOLD",
        "PETITION_DEBATE_THRESHOLD",
        "PETITION_DURATION_DAYS",
        "PETITION_CONFIRM_LINK_MAX_AGE",
        "PETITION_NOTIFY_BATCH_SIZE",
        "PETITION_ANONYMISE_AFTER_MONTHS",
    ):
        if not is_whole_number(getattr(settings, name), 1):
            problems.append(f"WAGTAIL_PARTICIPATION_{name} must be a whole number of at least 1.")
    if (
        is_whole_number(settings.PETITION_REQUEST_MAX_LENGTH, 1)
        and settings.PETITION_REQUEST_MAX_LENGTH > 255
    ):
        problems.append("WAGTAIL_PARTICIPATION_PETITION_REQUEST_MAX_LENGTH must be at most 255.")
    if not is_whole_number(settings.PETITION_COUNT_CACHE_SECONDS, 1):
        problems.append(
            "WAGTAIL_PARTICIPATION_PETITION_COUNT_CACHE_SECONDS must be a whole number of at least 1."
        )
    for name in ("PETITION_SPONSORS_REQUIRED", "PETITION_PAGE_CACHE_SECONDS"):
        if not is_whole_number(getattr(settings, name), 0):
            problems.append(f"WAGTAIL_PARTICIPATION_{name} must be a whole number, 0 or more.")
    return problems


def _postcode_format_imports():
    value = settings.PETITION_POSTCODE_FORMAT
    if value is None or callable(value):
        return True
    if not isinstance(value, str):
        return False
    try:
        return callable(import_string(value))
    except ImportError:
        return False


@register(Tags.compatibility)
def check_settings(app_configs, **kwargs):
    problems = _number_problems()
    for name in ("PETITION_STAFF_EMAILS", "PETITION_COMMON_EMAIL_DOMAINS"):
        if not isinstance(getattr(settings, name), list | tuple):
            problems.append(f"WAGTAIL_PARTICIPATION_{name} must be a list.")
    if settings.PETITION_AREA not in ("postcode", "ward", None):
        problems.append('WAGTAIL_PARTICIPATION_PETITION_AREA must be "postcode", "ward" or None.')
    if not _postcode_format_imports():
        problems.append(
            "WAGTAIL_PARTICIPATION_PETITION_POSTCODE_FORMAT must be None, a callable or the dotted "
            "path of one that imports."
        )
    for name in ("PETITION_IP_LIMITS", "PETITION_DOMAIN_LIMITS", "PETITION_SIGN_RATE_LIMITS"):
        if not is_limits(getattr(settings, name)):
            problems.append(
                f"WAGTAIL_PARTICIPATION_{name} must be a list of (signatures, seconds) pairs."
            )
    if not is_choice_list(settings.PETITION_REJECTION_REASONS, 3):
        problems.append(
            "WAGTAIL_PARTICIPATION_PETITION_REJECTION_REASONS must be a non-empty list of "
            "(value, label, hide the petition) triples with values of at most 40 characters."
        )
    return settings_errors(problems)


@register(Tags.caches)
def check_petition_count_cache(app_configs, **kwargs):
    if django_settings.DEBUG:
        return []
    backend = getattr(django_settings, "CACHES", {}).get(core_settings.CACHE, {}).get("BACKEND", "")
    if backend in LOCAL_CACHES or backend.endswith("DummyCache"):
        return [
            Warning(
                f"Petition counts are coordinated in the '{core_settings.CACHE}' cache, which is not shared between "
                "processes: with several app servers or a task worker, counts can lag until the next "
                "count or the nightly recount.",
                hint="Use a shared cache such as Redis or memcached (WAGTAIL_PARTICIPATION_CACHE), or silence this "
                "warning on a single-process site with SILENCED_SYSTEM_CHECKS.",
                id="wagtail_participation.W002",
            )
        ]
    return []
