"""The one place budget results are cached: the key, read-through and ``invalidate(page)``.

Services call ``invalidate`` after every change that moves a count (a ballot, a review, a
funded project), so a paper ballot entered after closing shows at once. The cache fails open
(core.caches): results are counted again when it is down.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wagtail_participation.core.caches import cache_delete, cache_get, cache_set
from wagtail_participation.core.translations import translation_ids

from .conf import settings

CACHE = "default"


def results_key(page_id: int) -> str:
    return f"wp:budget:{page_id}:results"


def cached_results(page_id: int, compute: Callable[[], Any]) -> Any:
    seconds = settings.BUDGET_RESULTS_CACHE_SECONDS
    if not seconds:
        return compute()
    key = results_key(page_id)
    value = cache_get(CACHE, key)
    if value is None:
        value = compute()
        cache_set(CACHE, key, value, seconds)
    return value


def invalidate(page: Any) -> None:
    """Forget the results of ``page`` (a page: and of its translations, which count the same
    ballots and each keep their own rendering; core.translations) or of a page id."""
    ids = [page] if isinstance(page, int) else translation_ids(page)
    for page_id in ids:
        cache_delete(CACHE, results_key(page_id))
