import pytest
from django.core.checks import run_checks
from django.test import override_settings


def ids(**settings):
    from django.conf import settings as django_settings

    with override_settings(**settings):
        silenced = set(django_settings.SILENCED_SYSTEM_CHECKS)
        return {
            m.id
            for m in run_checks()
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
    assert "wagtail_participation.W002" in ids(SILENCED_SYSTEM_CHECKS=[], DEBUG=False)
    assert "wagtail_participation.W002" not in ids(
        SILENCED_SYSTEM_CHECKS=[],
        DEBUG=False,
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://x",
            }
        },
    )


def test_missing_apps(settings):
    from django.apps import apps

    installed = [
        a for a in settings.INSTALLED_APPS if a not in ("crispy_forms", "wagtail_modeladmin")
    ]
    # Only the settings list changes; the checks read apps.is_installed, so patch that.
    original = apps.is_installed
    try:
        apps.is_installed = lambda name: name in installed
        found = ids()
    finally:
        apps.is_installed = original
    assert {"wagtail_participation.E002", "wagtail_participation.E003"} <= found


def with_installed(predicate):
    """Run the checks as if apps.is_installed answered ``predicate``."""
    from django.apps import apps

    original = apps.is_installed
    try:
        apps.is_installed = predicate
        return ids()
    finally:
        apps.is_installed = original


def test_missing_sessions_app():
    from django.apps import apps

    real = apps.is_installed
    assert "wagtail_participation.E001" in with_installed(
        lambda name: name != "django.contrib.sessions" and real(name)
    )


def test_method_app_without_core():
    assert "wagtail_participation.E004" in with_installed(
        lambda name: name != "wagtail_participation.core"
    )
    assert "wagtail_participation.E004" not in ids()


@pytest.mark.parametrize(
    "name, value",
    [
        ("REPORT_THRESHOLD", "3"),
        ("REPORT_THRESHOLD", True),
        ("RATE_LIMITS", [(10, 60), (0, 60)]),
        ("RATE_LIMITS", [(10, 60, 5)]),
        ("MIN_FILL_SECONDS", "3"),
        ("SIGN_IN_LINK_MAX_AGE", -5),
        ("IDEA_STATUSES", []),
        ("IDEA_STATUSES", [("new", "New"), ("new", "Again")]),
        ("IDEA_STATUSES", [("x" * 41, "Too long")]),
        ("IDEA_TITLE_MAX_LENGTH", 200),
        ("IDEA_IMAGE_MAX_BYTES", 0),
        ("IDEA_IMAGE_MAX_PIXELS", "16000000"),
        ("IDEA_IMAGE_MAX_PIXELS", 1000 * 1000),  # less than IDEA_IMAGE_MAX_SIDE squared
        ("PETITION_AREA", "street"),
        ("PETITION_SPONSORS_REQUIRED", -1),
        ("PETITION_REQUEST_MAX_LENGTH", 300),
        ("PETITION_IP_LIMITS", [(0, 60)]),
        ("PETITION_REJECTION_REASONS", [("duplicate", "Duplicate")]),
        ("PETITION_ANONYMISE_AFTER_MONTHS", 0),
        ("ANONYMOUS_NETWORK_DEDUPE_SECONDS", -1),
        ("ANONYMOUS_NETWORK_DEDUPE_SECONDS", "86400"),
        ("SURVEY_RESULTS_MIN_GROUP", 0),
        ("SURVEY_RESULTS_MIN_GROUP", 2.5),
    ],
)
def test_more_invalid_settings(name, value):
    assert "wagtail_participation.E005" in ids(**{f"WAGTAIL_PARTICIPATION_{name}": value})


@pytest.mark.parametrize(
    "name, value",
    [
        ("REPORT_THRESHOLD", 1),
        ("RATE_LIMITS", []),
        ("RATE_LIMITS", ((5, 10),)),
        ("MIN_FILL_SECONDS", 0),
        ("MIN_FILL_SECONDS", 1.5),
        ("SIGN_IN_LINK_MAX_AGE", 600),
        ("IDEA_STATUSES", [("new", "New"), ("done", "Done")]),
        ("IDEA_TITLE_MAX_LENGTH", 80),
        ("ANONYMOUS_NETWORK_DEDUPE_SECONDS", 0),
        ("SURVEY_RESULTS_MIN_GROUP", 1),
    ],
)
def test_valid_settings_are_silent(name, value):
    assert ids(**{f"WAGTAIL_PARTICIPATION_{name}": value}) == set()


@pytest.mark.parametrize(
    "settings",
    [
        {"DEBUG": True},
        {
            "CACHES": {
                "default": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": "redis://localhost:6379",
                }
            }
        },
        {"WAGTAIL_PARTICIPATION_ANTISPAM_ENABLED": False},
    ],
)
def test_process_local_cache_warning_only_where_it_matters(settings):
    assert "wagtail_participation.W001" not in ids(SILENCED_SYSTEM_CHECKS=[], **settings)


def test_process_local_cache_warning_names_the_cache():
    from django.core.checks import run_checks

    with override_settings(
        SILENCED_SYSTEM_CHECKS=[],
        DEBUG=False,
        CACHES={
            "limits": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        },
        WAGTAIL_PARTICIPATION_RATE_LIMIT_CACHE="limits",
    ):
        warnings = [m for m in run_checks() if m.id == "wagtail_participation.W001"]
    assert len(warnings) == 1 and "'limits'" in warnings[0].msg and "Redis" in warnings[0].hint
