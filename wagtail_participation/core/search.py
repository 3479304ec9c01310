"""Residents' searches through Wagtail's search backend: safe terms, no 500 when it fails."""

import functools
import logging
import re

from django.conf import settings as django_settings
from django.utils import translation
from wagtail.coreutils import get_content_languages
from wagtail.search.backends import get_search_backend

try:  # the `stopwords` extra: pip install wagtail-participation[stopwords]
    from stop_words import LANGUAGE_MAPPING, get_stop_words
except ImportError:  # pragma: no cover - without the extra, similar items match every word
    LANGUAGE_MAPPING, get_stop_words = {}, None

logger = logging.getLogger(__name__)
SEARCH_MAX_LENGTH = 100


def search_terms(text, max_length=SEARCH_MAX_LENGTH):
    """Words of ``text`` only: quotes, operators and control characters mean nothing to residents."""
    return " ".join(re.sub(r"[^\w'-]+", " ", str(text or "")[:max_length]).split())


def search(queryset, query, operator="and", limit=200, autocomplete=False):
    """Up to ``limit`` objects of ``queryset`` matching ``query`` (as prefixes with ``autocomplete``).

    A search backend failure logs a warning and finds nothing, never a 500.
    """
    terms = search_terms(query)
    if not terms:
        return []
    backend = get_search_backend()
    try:
        if autocomplete:
            return list(backend.autocomplete(terms, queryset)[:limit])
        return list(backend.search(terms, queryset, operator=operator)[:limit])
    except Exception:
        logger.warning(
            "wagtail_participation: search of %s failed for %r",
            queryset.model.__name__,
            terms,
            exc_info=True,
        )
        return []


@functools.lru_cache(maxsize=16)
def _stop_words_of(languages):
    words = set()
    for language in languages:
        if get_stop_words is not None and language in LANGUAGE_MAPPING:
            words.update(word.casefold() for word in get_stop_words(language))
    return frozenset(words)


def site_languages():
    """The languages residents may write in: the site's content languages (Wagtail's
    ``WAGTAIL_CONTENT_LANGUAGES``, else ``LANGUAGE_CODE``) and the active one, as base codes."""
    codes = [*get_content_languages(), django_settings.LANGUAGE_CODE]
    active = translation.get_language()
    if active:
        codes.append(active)
    return tuple(sorted({code.split("-")[0].lower() for code in codes}))


def stop_words():
    """The words too common to tell two texts apart ("the", "der", "de", "og"...) in the site's
    languages, from the ``stop-words`` package (the ``stopwords`` extra); empty without it."""
    return _stop_words_of(site_languages())


def meaningful_terms(text):
    """``search_terms(text)`` without the site's languages' stop words."""
    common = stop_words()
    return " ".join(word for word in search_terms(text).split() if word.casefold() not in common)


def similar(queryset, text, limit):
    """Objects like ``text`` being typed: its words as prefixes first ("bench" finds "benches"),
    then any of its words. Stop words of the site's languages are left out ("the", "on": every
    text has them); nothing when fewer than 3 characters are left."""
    terms = meaningful_terms(text)
    if len(terms) < 3:
        return []
    found = {}
    for obj in search(queryset, terms, limit=limit, autocomplete=True) + search(
        queryset, terms, "or", limit
    ):
        found.setdefault(obj.pk, obj)
    return list(found.values())[:limit]
