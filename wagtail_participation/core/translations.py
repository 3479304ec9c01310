"""One set of contributions for all the translations of a page.

A council that publishes in two or three languages (Welsh and English; French, Dutch and
German) has one Wagtail page per language for the same idea board, survey or petition: the
translations share a ``translation_key`` (Wagtail's internationalisation, wagtail-localize).
Residents who take part in any language take part in *one* consultation, so every
contribution, vote, signature, response and ballot is stored against, and counted on, one page
of the translations: its **canonical page**, the translation in the site's default language
(``LANGUAGE_CODE``, Wagtail's default locale), or, when there is none, the one with the lowest
id. The database's uniqueness constraints (one signature per mailbox per petition, one ballot
per resident) then hold across languages, and each count has one number.

Code that stores or counts contributions asks ``canonical_page_id(page)`` (or
``canonical_page(page)``) for the page the resident is on; what the page *says* (its title, its
text, its URLs) still comes from the translation being viewed. Caches keyed by the canonical id
are shared by the translations, so one change invalidates them for every language.

Without ``WAGTAIL_I18N_ENABLED`` a page is its own canonical page and nothing is queried.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Case, IntegerField, Value, When
from django.utils import translation

if TYPE_CHECKING:
    from wagtail.models import Page

#: The attribute a page instance keeps its canonical page's id in (one query per instance).
_CACHED = "_wp_canonical_page_id"


def i18n_enabled() -> bool:
    """Whether the site has Wagtail's internationalisation (pages in several locales)."""
    return bool(getattr(settings, "WAGTAIL_I18N_ENABLED", False))


def _default_language() -> str:
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def canonical_page_id(page: Any) -> Any:
    """The id of the translation of ``page`` its contributions are stored against (an int; None
    for an unsaved page, such as the preview of a new one, which has none)."""
    if page.pk is None or not i18n_enabled() or not getattr(page, "translation_key", None):
        return page.pk
    cached = page.__dict__.get(_CACHED)
    if cached is not None:
        return cached
    from wagtail.models import Page

    first = (
        Page.objects.filter(translation_key=page.translation_key)
        .annotate(
            _default=Case(
                When(locale__language_code=_default_language(), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("_default", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    page.__dict__[_CACHED] = first or page.pk
    return page.__dict__[_CACHED]


def canonical_page(page: Any) -> Page:
    """The translation of ``page`` its contributions are stored against (specific), or ``page``
    itself when it is that translation."""
    pk = canonical_page_id(page)
    if pk is None or pk == page.pk:
        return page
    from wagtail.models import Page

    canonical = Page.objects.get(pk=pk).specific
    canonical.__dict__[_CACHED] = pk
    return canonical


def is_canonical(page: Any) -> bool:
    return canonical_page_id(page) == page.pk


def translation_ids(page: Any) -> list[int]:
    """The ids of every translation of ``page``, ``page`` included (just its own without i18n)."""
    if page.pk is None or not i18n_enabled() or not getattr(page, "translation_key", None):
        return [page.pk]
    from wagtail.models import Page

    return list(
        Page.objects.filter(translation_key=page.translation_key)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def in_active_language(page: Any) -> Any:
    """The translation of ``page`` in the active language, else ``page`` (Wagtail's
    ``localized``): where a link to a stored contribution's page should go."""
    if not i18n_enabled():
        return page
    localized = getattr(page, "localized", page)
    return localized.specific if localized is not page else page


def activate_page_language(page: Any, request: Any, *args: Any) -> None:
    """``before_serve_page`` hook: a participation page speaks its own language.

    On a site with Wagtail's internationalisation, a page of the package (any page whose class
    sets ``participation_page_language``: the method pages, projects, indexes) is served with
    the interface (forms, buttons, messages) in the page's language, whatever language the
    visitor last chose elsewhere; what the resident posts there is recorded in it
    (``Participant.language``), so later emails to them are written in it too. Nothing
    changes for a language the site does not offer (``LANGUAGES``).
    """
    if not i18n_enabled() or not getattr(page, "participation_page_language", False):
        return
    try:
        language = translation.get_supported_language_variant(page.locale.language_code)
    except LookupError:
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language


def in_language(page: Any, language: str | None) -> Any:
    """The translation of ``page`` in ``language`` (a resident's: ``Participant.language``),
    else ``page``: where an email to that resident links to."""
    if not i18n_enabled() or not language or page is None:
        return page
    from wagtail.models import Locale

    try:
        locale = Locale.objects.get_for_language(language)
    except (Locale.DoesNotExist, LookupError):  # no such locale, or a language the site dropped
        return page
    if locale.pk == page.locale_id:
        return page
    translation_ = page.get_translation_or_none(locale)
    return translation_.specific if translation_ is not None else page
