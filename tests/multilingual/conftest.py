"""A test site in English and Welsh: Wagtail's internationalisation on, wagtail-localize (in the
test settings' INSTALLED_APPS) making the Welsh tree from the English one, as editors do."""

import pytest
from django.test import override_settings
from wagtail.models import Locale

from tests.factories import site_root

LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]


@pytest.fixture(autouse=True)
def bilingual_site(db):
    """English (the default language) and Welsh; the site's home page translated to Welsh."""
    with override_settings(
        WAGTAIL_I18N_ENABLED=True,
        LANGUAGES=LANGUAGES,
        WAGTAIL_CONTENT_LANGUAGES=LANGUAGES,
        ROOT_URLCONF="tests.multilingual.urls",
    ):
        welsh = Locale.objects.get_or_create(language_code="cy")[0]
        translate(site_root(), welsh)
        yield


@pytest.fixture
def welsh():
    return Locale.objects.get(language_code="cy")


def translate(page, locale=None):
    """The Welsh translation of ``page``, made by wagtail-localize (published if ``page`` is
    live); its text stays the English until a translator translates it."""
    from wagtail_localize.operations import translate_object

    locale = locale or Locale.objects.get(language_code="cy")
    translate_object(page.specific, [locale])
    translated = page.specific.get_translation(locale).specific
    if page.live and not translated.live:
        translated.save_revision().publish()
    return type(translated).objects.get(pk=translated.pk)


@pytest.fixture(autouse=True)
def _on_commit_runs_at_once(monkeypatch):
    """After-commit work (emails, counting) runs at once, as once a request commits (as in
    tests/petitions/conftest.py)."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
