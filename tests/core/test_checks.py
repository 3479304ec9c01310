import pytest
from django.core.checks import run_checks
from django.test import override_settings


def ids(**settings):
    from django.conf import settings as django_settings

    with override_settings(**settings):
        silenced = set(django_settings.SILENCED_SYSTEM_CHECKS)
        return {
            m.id for m in run_checks()
            if m.id and m.id.startswith("wagtail_participation") and m.id not in silenced
        }


def test_silent_on_a_correct_install():
    assert ids() == set()


def test_missing_sessions():
    from django.conf import settings

    middleware = [m for m in settings.MIDDLEWARE if "SessionMiddleware" not in m]
    assert "wagtail_participation.E001" in ids(MIDDLEWARE=middleware)


@pytest.mark.parametrize(
    "name, value",
    [
        ("REPORT_THRESHOLD", 0),
        ("RATE_LIMITS", [(10,)]),
        ("RATE_LIMITS", "10/60"),
        ("MIN_FILL_SECONDS", -1),
        ("SIGN_IN_LINK_MAX_AGE", 0),
        ("TRUSTED_PROXY_COUNT", "1"),
    ],
)
def test_invalid_settings(name, value):
    assert "wagtail_participation.E005" in ids(**{f"WAGTAIL_PARTICIPATION_{name}": value})


def test_process_local_cache_warning():
    assert "wagtail_participation.W001" in ids(SILENCED_SYSTEM_CHECKS=[], DEBUG=False)


def test_missing_apps(settings):
    from django.apps import apps

    installed = [a for a in settings.INSTALLED_APPS if a not in ("crispy_forms", "wagtail_modeladmin")]
    # Only the settings list changes; the checks read apps.is_installed, so patch that.
    original = apps.is_installed
    try:
        apps.is_installed = lambda name: name in installed
        found = ids()
    finally:
        apps.is_installed = original
    assert {"wagtail_participation.E002", "wagtail_participation.E003"} <= found
