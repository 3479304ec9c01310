"""System checks of the idea boards (docs/reference/checks.md), registered from the AppConfig."""

from django.core.checks import Tags, register

from wagtail_participation.core.app_checks import (
    core_missing,
    is_choice_list,
    is_whole_number,
    settings_errors,
)

from .conf import settings


@register(Tags.compatibility)
def check_core_installed(app_configs, **kwargs):
    return core_missing("wagtail_participation.ideas")


@register(Tags.compatibility)
def check_settings(app_configs, **kwargs):
    problems = []
    statuses = settings.IDEA_STATUSES
    if not is_choice_list(statuses, 2, distinct=True):
        problems.append(
            "WAGTAIL_PARTICIPATION_IDEA_STATUSES must be a non-empty list of (value, label) pairs with "
            "different values of at most 40 characters."
        )
    if (
        not is_whole_number(settings.IDEA_TITLE_MAX_LENGTH, 1)
        or settings.IDEA_TITLE_MAX_LENGTH > 120
    ):
        problems.append(
            "WAGTAIL_PARTICIPATION_IDEA_TITLE_MAX_LENGTH must be a whole number from 1 to 120."
        )
    for name in (
        "IDEA_DESCRIPTION_MAX_LENGTH",
        "IDEA_IMAGE_MAX_BYTES",
        "IDEA_IMAGE_MAX_SIDE",
        "IDEA_TRENDING_DAYS",
        "IDEA_SIMILAR_LIMIT",
    ):
        if not is_whole_number(getattr(settings, name), 1):
            problems.append(f"WAGTAIL_PARTICIPATION_{name} must be a whole number of at least 1.")
    side = settings.IDEA_IMAGE_MAX_SIDE
    if not is_whole_number(settings.IDEA_IMAGE_MAX_PIXELS, 1) or (
        is_whole_number(side, 1) and side * side > settings.IDEA_IMAGE_MAX_PIXELS
    ):
        problems.append(
            "WAGTAIL_PARTICIPATION_IDEA_IMAGE_MAX_PIXELS must be a whole number of at least "
            "IDEA_IMAGE_MAX_SIDE squared (a JPEG is decoded at no less than that size)."
        )
    if not is_whole_number(settings.IDEA_EDIT_PUBLISHED_MINUTES, 0):
        problems.append(
            "WAGTAIL_PARTICIPATION_IDEA_EDIT_PUBLISHED_MINUTES must be a whole number of minutes "
            "(0 or more)."
        )
    for name in (
        "IDEA_TRENDING_CACHE_SECONDS",
        "IDEA_CARD_CACHE_SECONDS",
        "IDEA_COUNT_LAG_SECONDS",
    ):
        if not is_whole_number(getattr(settings, name), 0):
            problems.append(
                f"WAGTAIL_PARTICIPATION_{name} must be a whole number of seconds (0 or more)."
            )
    if settings.MAP_CENTER is not None and not is_map_center(settings.MAP_CENTER):
        problems.append(
            "WAGTAIL_PARTICIPATION_MAP_CENTER must be None or (latitude, longitude, zoom): "
            "a latitude from -90 to 90, a longitude from -180 to 180, a zoom from 0 to 19."
        )
    return settings_errors(problems)


def is_map_center(value):
    if not isinstance(value, list | tuple) or len(value) != 3:
        return False
    latitude, longitude, zoom = value
    numbers = all(
        isinstance(number, int | float) and not isinstance(number, bool)
        for number in (latitude, longitude)
    )
    return (
        numbers
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
        and is_whole_number(zoom, 0)
        and zoom <= 19
    )
