"""Residents' searches through Wagtail's search backend: safe terms, no 500 when it fails."""

import logging
import re

from wagtail.search.backends import get_search_backend

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


def similar(queryset, text, limit):
    """Objects like ``text`` being typed: its words as prefixes first ("bench" finds "benches"),
    then any of its words. Nothing for fewer than 3 characters."""
    if len(search_terms(text)) < 3:
        return []
    found = {}
    for obj in search(queryset, text, limit=limit, autocomplete=True) + search(
        queryset, text, "or", limit
    ):
        found.setdefault(obj.pk, obj)
    return list(found.values())[:limit]
