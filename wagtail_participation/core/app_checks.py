"""What each participation app's ``checks.py`` shares with core's.

A method app registers its own checks from its ``AppConfig.ready()`` (importing its
``checks.py``): ``core_missing`` for ``wagtail_participation.E004``, and its settings'
problems reported through ``settings_errors`` as ``wagtail_participation.E005``.
"""

from django.apps import AppConfig, apps
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured

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


class ParticipationAppConfig(AppConfig):
    """The ``AppConfig`` of a participation app; ``requires`` names the apps it cannot load without.

    Django imports every app's models before it runs a system check, and a participation
    app's models build on those of the apps it requires: without them Django would stop with
    a ``RuntimeError`` naming one of those models, not the missing app. An app on this base
    stops instead with the ``wagtail_participation.E004`` message, naming what to add.

    Subclass it through the module (``class MyConfig(app_checks.ParticipationAppConfig)``):
    Django picks an ``apps.py``'s config only when it holds one ``AppConfig`` class.
    """

    requires: tuple[str, ...] = (CORE_APP,)

    def missing_requirements(self) -> list[str]:
        return [name for name in self.requires if not self.apps.is_installed(name)]

    def import_models(self) -> None:
        missing = self.missing_requirements()
        if missing:
            names = ", ".join(f"'{name}'" for name in missing)
            raise ImproperlyConfigured(
                f"wagtail_participation.E004: '{self.name}' is installed without {names}. "
                f"Add {names} to INSTALLED_APPS, before '{self.name}'."
            )
        super().import_models()
