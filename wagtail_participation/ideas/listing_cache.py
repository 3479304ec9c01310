"""Exact idea counts for board listings, kept in Django's cache between changes.

Counting thousands of ideas on every page view costs more than the rest of the
page. Each board has a version number in the cache, bumped whenever one of its
ideas is created, changed, moderated, withdrawn or deleted; a count is stored
under the board's current version, so it is never stale: a change makes a new key.
If the cache is unavailable, the count is simply computed.
"""

import hashlib
import logging

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

logger = logging.getLogger(__name__)
TIMEOUT = 60 * 60


def _version_key(board_id):
    return f"wp:ideas:version:{board_id}"


def board_version(board_id):
    try:
        return cache.get(_version_key(board_id), 0)
    except Exception:  # noqa: BLE001
        return "unversioned"


def bump(board_id):
    try:
        cache.add(_version_key(board_id), 0, timeout=None)
        cache.incr(_version_key(board_id))
    except Exception:  # noqa: BLE001 - a cache outage must not stop a resident
        logger.warning("wagtail_participation: could not bump the idea count version", exc_info=True)


class CountCachedPaginator(Paginator):
    def __init__(self, object_list, per_page, board_id, filters, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.board_id = board_id
        self.filters = filters

    @cached_property
    def count(self):
        try:
            version = board_version(self.board_id)
            digest = hashlib.sha256(repr(self.filters).encode()).hexdigest()[:16]
            key = f"wp:ideas:count:{self.board_id}:{version}:{digest}"
            count = cache.get(key)
            if count is None:
                count = super().count
                cache.set(key, count, timeout=TIMEOUT)
            return count
        except Exception:  # noqa: BLE001
            logger.warning("wagtail_participation: idea count cache unavailable", exc_info=True)
            return super().count
