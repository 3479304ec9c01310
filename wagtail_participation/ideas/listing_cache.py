"""Exact idea counts for board listings, kept in Django's cache between changes.

Counting thousands of ideas on every page view costs more than the rest of the
page. Each board has a version number in the cache, bumped whenever one of its
ideas is created, changed, moderated, withdrawn or deleted; a count is stored
under the board's current version, so it is never stale: a change makes a new key.
If the cache is unavailable, the count is simply computed (core.caches' fail-open calls).

For anonymous visitors a whole page of results (the count, twelve cards and the
pagination) is kept too, under the board's version, with the board's *activity*
version at the time, which every vote and comment count change moves (``touch``).
A kept page whose activity version has moved is used for IDEA_COUNT_LAG_SECONDS
at most: on a busy board the page is rendered again at most that often, and
anonymous visitors see counts at most that many seconds old.
"""

import hashlib
import time

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from wagtail_participation.core.caches import cache, cache_get, cache_set, fail_open

TIMEOUT = 60 * 60
#: The state these cache calls keep, in the warning when the cache is down.
WHAT = "idea listing"


def _version_key(board_id):
    return f"wp:ideas:version:{board_id}"


def _first_version():
    """Where a version starts when its key is missing (new, evicted or flushed): never a
    number used before, so pages kept under an earlier version cannot come back."""
    return time.time_ns() // 1000


def _current(key):
    version = cache.get(key)
    if version is None:
        cache.add(key, _first_version(), timeout=None)
        version = cache.get(key, 0)
    return version


def board_version(board_id):
    return fail_open(lambda: _current(_version_key(board_id)), unavailable="unversioned", what=WHAT)


def _move(key):
    cache.add(key, _first_version(), timeout=None)
    cache.incr(key)


def bump(board_id):
    fail_open(
        lambda: _move(_version_key(board_id)), what=WHAT
    )  # a cache outage must not stop a resident


def _activity_key(board_id):
    return f"wp:ideas:activity:{board_id}"


def touch(board_id):
    """Votes or comment counts on ``board_id`` changed: cached pages of results are stale."""
    fail_open(lambda: _move(_activity_key(board_id)), what=WHAT)


def results_key(board_id, *parts):
    """(cache key, activity version) of a page of results on ``board_id`` for ``parts``
    (sort, filters, page...), or (None, None) when the cache is unavailable."""

    def read():
        versions = cache.get_many([_version_key(board_id), _activity_key(board_id)])
        return (
            versions.get(_version_key(board_id)) or _current(_version_key(board_id)),
            versions.get(_activity_key(board_id)) or _current(_activity_key(board_id)),
        )

    found = fail_open(read, what=WHAT)
    if found is None:
        return None, None
    version, activity = found
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:24]  # the same on every app server
    return f"wp:ideas:results:{board_id}:{version}:{digest}", activity


def cached_results(key, activity, lag):
    """The HTML kept under ``key`` if no vote or comment came since, or it is under ``lag`` seconds old."""
    entry = cache_get(cache, key, what=WHAT)
    if entry is None:
        return None
    kept_activity, rendered_at, html = entry
    if kept_activity == activity or time.time() - rendered_at < lag:
        return html
    return None


def keep_results(key, activity, html, timeout):
    cache_set(cache, key, (activity, time.time(), html), timeout, what=WHAT)


def versioned_key(kind, board_id, *parts):
    """A cache key for ``kind`` of figure about ``board_id`` and ``parts``, under the board's version."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:24]  # the same on every app server
    return f"wp:ideas:{kind}:{board_id}:{board_version(board_id)}:{digest}"


def cached(key):
    """What ``keep`` stored under ``key``, or None (also when the cache is unavailable)."""
    return cache_get(cache, key, what=WHAT)  # a cache outage only costs time


def keep(key, value, timeout=TIMEOUT):
    cache_set(cache, key, value, timeout, what=WHAT)


class CountCachedPaginator(Paginator):
    def __init__(self, object_list, per_page, board_id, filters, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.board_id = board_id
        self.filters = filters

    @cached_property
    def count(self):
        key = versioned_key("count", self.board_id, self.filters)
        count = cached(key)
        if count is None:
            count = super().count
            keep(key, count)
        return count
