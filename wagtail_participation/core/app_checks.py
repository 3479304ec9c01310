"""What each participation app's ``checks.py`` shares with core's.

A method app registers its own checks from its ``AppConfig.ready()`` (importing its
``checks.py``): ``core_missing`` for ``wagtail_participation.E004``, and its settings'
problems reported through ``settings_errors`` as ``wagtail_participation.E005``.
"""

from django.apps import apps
from django.core.checks import Error

CORE_APP = "wagtail_participation.core"
#: Cache backends that live inside one process (not shared between app servers).
LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def is_whole_number(value, minimum):
    """``value`` is an int (not a bool) of at least ``minimum``."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def is_choice_list(value, width, *, distinct=False, key_length=40):
    """``value`` is a non-empty list of tuples of ``width`` items whose first is a value of 1
    to ``key_length`` characters (all different when ``distinct``): a setting of choices."""
    valid = (
        isinstance(value, list | tuple)
        and bool(value)
        and all(
            isinstance(item, list | tuple)
            and len(item) == width
            and isinstance(item[0], str)
            and 0 < len(item[0]) <= key_length
            for item in value
        )
    )
    return valid and (not distinct or len({item[0] for item in value}) == len(value))


def is_limits(value):
    """``value`` is a list of (number, seconds) pairs of whole numbers of at least 1."""
    return isinstance(value, list | tuple) and all(
        isinstance(pair, list | tuple)
        and len(pair) == 2
        and is_whole_number(pair[0], 1)
        and is_whole_number(pair[1], 1)
        for pair in value
    )


def settings_errors(problems):
    """One ``E005`` per problem (a sentence naming the Django setting and what it must be)."""
    return [
        Error(
            problem,
            hint="See the settings reference in the wagtail-participation docs.",
            id="wagtail_participation.E005",
        )
        for problem in problems
    ]


def core_missing(app_name):
    """``E004`` when the app named ``app_name`` is installed without core."""
    if apps.is_installed(app_name) and not apps.is_installed(CORE_APP):
        return [
            Error(
                f"'{app_name}' is installed without '{CORE_APP}'.",
                hint=f"Add '{CORE_APP}' to INSTALLED_APPS, before the participation methods.",
                id="wagtail_participation.E004",
            )
        ]
    return []
