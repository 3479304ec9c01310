import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _made_up_form_tokens_fit_any_form(monkeypatch):
    """Tokens from ``tests.factories.antispam_fields()`` (form ``ANY_FORM``) fit every form, so a test
    posts a form without rendering it first; tokens rendered by a real form are checked as in
    production (tests/core/test_security_form_tokens.py)."""
    from tests.factories import ANY_FORM
    from wagtail_participation.core.antispam import AntiSpamFormMixin

    fits = AntiSpamFormMixin.token_fits
    monkeypatch.setattr(
        AntiSpamFormMixin,
        "token_fits",
        lambda self, form_id: form_id == ANY_FORM or fits(self, form_id),
    )


def _uses_db(request):
    return request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames
        for name in ("db", "transactional_db", "live_server", "admin_client")
    )


@pytest.fixture(autouse=True)
def _wagtail_base_data(request):
    """Wagtail's first migration creates a locale, a root page, a root collection and
    a default site. A transactional test flushes them when it ends, and with
    pytest-xdist a normal test can run after it on the same worker: put them back."""
    if not _uses_db(request):
        yield
        return
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page, Site

    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    if not Site.objects.exists():
        home = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home"))
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    yield


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return any(name in request.fixturenames for name in ("transactional_db", "live_server"))


def pytest_terminal_summary(terminalreporter):
    """The number of generated cases the fuzz tests ran (tests/fuzz), also under xdist."""
    total, tests = 0, 0
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "teardown":
                continue
            for name, value in getattr(report, "user_properties", ()):
                if name == "fuzz_cases":
                    total += value
                    tests += 1
    if tests:
        terminalreporter.write_line(f"fuzz cases: {total} in {tests} properties")


@pytest.fixture(autouse=True)
def _site_language_after_each_test():
    """Each test starts in the site's language: a request a test makes (a language cookie,
    Accept-Language) leaves Django's translation active in the thread after it."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


def pytest_configure(config):
    """``tests/installed.py`` tests the installed wheel: never this checkout's source."""
    import os
    from pathlib import Path

    if os.environ.get("WAGTAIL_PARTICIPATION_TEST_INSTALLED"):
        import wagtail_participation

        where = Path(wagtail_participation.__file__).resolve()
        if "site-packages" not in where.parts:
            raise pytest.UsageError(f"wagtail_participation comes from {where}, not a wheel")
