"""System checks of participation projects (docs/reference/checks.md), registered from the AppConfig."""

from wagtail_participation.core.app_checks import core_missing


def check_core_installed(app_configs, **kwargs):
    return core_missing("wagtail_participation.projects")
