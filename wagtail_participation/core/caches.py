"""Which cache the package keeps its state in, and a cache that keeps the site up when Redis is down.

``cache``: the cache named by ``WAGTAIL_PARTICIPATION_CACHE`` (default ``"default"``), where the
package keeps what must be right when it is there and known to be missing when it is not:
a method's counts and marks, shared renderings of its pages, its cached
listings. Its code catches the cache's errors and falls back to the database (counting in
turn, rendering afresh), so this cache must raise when its server is down.

``FailSafeRedisCache``: Django's ``RedisCache`` that, while the server cannot be reached, misses
on reads and drops writes, with a warning at most once a minute per process. Wagtail reads its
site root paths from the default cache with no fallback, so with a plain Redis cache every page
that links to a page fails while Redis is down. Give the *default* cache this backend and the
package's state a plain one on the same server (docs/how-to/production.md)::

    CACHES = {
        "default": {"BACKEND": "wagtail_participation.core.caches.FailSafeRedisCache", "LOCATION": REDIS},
        "participation": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS},
    }
    WAGTAIL_PARTICIPATION_CACHE = WAGTAIL_PARTICIPATION_RATE_LIMIT_CACHE = "participation"

System check ``wagtail_participation.E006`` refuses a fail-safe cache for the package's state.

``cache_get``, ``cache_set``, ``cache_add``, ``cache_delete``, ``cache_get_many``,
``cache_delete_many`` and ``fail_open``: one call on a cache that fails open. When the cache
raises (its server is down), the call returns a fallback (``unavailable``: by default what a
miss or a dropped write returns) and logs a warning at most once a minute per ``what`` (the
kind of state: "petition count", "idea listing"...). Pass ``unavailable=UNAVAILABLE`` to tell a
failure from a miss (and fall back to the database, or skip the write that would follow). The
first argument is the cache: an alias, a cache object, or None for the package's ``cache``.
"""

import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache

from .conf import settings
from .faults import warn_once

logger = logging.getLogger(__name__)
_Method = TypeVar("_Method", bound=Callable[..., Any])


class _PackageCache:
    """``caches[WAGTAIL_PARTICIPATION_CACHE]``, looked up on each use."""

    def __getattr__(self, name: str) -> Any:
        return getattr(caches[settings.CACHE], name)


cache = _PackageCache()

#: A cache argument of the helpers below: an alias, a cache object, or None (the package's).
CacheArg = str | BaseCache | _PackageCache | None

FAIL_SAFE_BACKEND = f"{__name__}.FailSafeRedisCache"


def _fail_safe(default: Any) -> Callable[[_Method], _Method]:
    def wrap(method: _Method) -> _Method:
        @functools.wraps(method)
        def safe(self: BaseCache, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except Exception as error:  # noqa: BLE001 - redis-py's errors, OSError: the server is gone
                warn_once(
                    "cache-server",
                    "wagtail_participation: cache server unreachable (%r); reads miss and "
                    "writes are dropped until it is back",
                    error,
                    log=logger,
                    exc_info=False,
                )
                return default(*args, **kwargs) if callable(default) else default

        return safe  # type: ignore[return-value]  # same signature as method

    return wrap


class FailSafeRedisCache(RedisCache):
    """A Redis cache that misses, and drops writes, while its server is down (see the module)."""

    @_fail_safe(False)
    def add(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        return super().add(key, value, timeout, version)

    @_fail_safe(lambda key, default=None, version=None: default)
    def get(self, key: Any, default: Any | None = None, version: int | None = None) -> Any:
        return super().get(key, default, version)

    @_fail_safe(None)
    def set(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        return super().set(key, value, timeout, version)

    @_fail_safe(False)
    def touch(
        self, key: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return super().touch(key, timeout, version)

    @_fail_safe(False)
    def delete(self, key: Any, version: int | None = None) -> bool:
        return super().delete(key, version)

    @_fail_safe(lambda keys, version=None: {})
    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return super().get_many(keys, version)

    @_fail_safe(False)
    def has_key(self, key: Any, version: int | None = None) -> bool:
        return super().has_key(key, version)

    @_fail_safe(lambda keys, *args, **kwargs: list(keys))
    def set_many(
        self,
        data: dict[Any, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[Any]:
        return super().set_many(data, timeout, version)

    @_fail_safe(None)
    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        return super().delete_many(keys, version)

    @_fail_safe(False)
    def clear(self) -> None:
        return super().clear()


class _Unavailable:
    """What a fail-open call returns, when asked, because the cache failed (not a miss)."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "UNAVAILABLE"


UNAVAILABLE = _Unavailable()
_DEFAULT = object()


def _cache(cache_or_alias: CacheArg) -> BaseCache | _PackageCache:
    if cache_or_alias is None:
        return cache
    if isinstance(cache_or_alias, str):
        return caches[cache_or_alias]
    return cache_or_alias


def fail_open(
    call: Callable[[], Any], *, unavailable: Any = None, what: str = "package", then: str = ""
) -> Any:
    """``call()``, or ``unavailable`` when it raises (a cache that is down); logged once a minute.

    For a few cache calls that succeed or fail together (read a version, create it if missing).
    ``what`` names the state kept ("petition count") in the warning, and warnings of one ``what``
    are counted together; ``then`` says what happens instead ("; recount queued").
    """
    try:
        return call()
    except Exception:  # noqa: BLE001 - redis-py's errors, OSError...: the cache server is gone
        kind = "cache-" + "-".join(what.split())
        warn_once(kind, "wagtail_participation: %s cache unavailable%s", what, then, log=logger)
        return unavailable


def cache_get(
    cache_or_alias: CacheArg,
    key: str,
    default: Any = None,
    *,
    unavailable: Any = _DEFAULT,
    what: str = "package",
    then: str = "",
) -> Any:
    """``cache.get(key, default)``; ``unavailable`` (by default ``default``) if the cache fails."""
    return fail_open(
        lambda: _cache(cache_or_alias).get(key, default),
        what=what,
        then=then,
        unavailable=default if unavailable is _DEFAULT else unavailable,
    )


def cache_get_many(
    cache_or_alias: CacheArg,
    keys: Iterable[str],
    *,
    unavailable: Any = _DEFAULT,
    what: str = "package",
    then: str = "",
) -> Any:
    """``cache.get_many(keys)``; ``unavailable`` (by default ``{}``) if the cache fails."""
    return fail_open(
        lambda: _cache(cache_or_alias).get_many(keys),
        what=what,
        then=then,
        unavailable={} if unavailable is _DEFAULT else unavailable,
    )


def cache_set(
    cache_or_alias: CacheArg,
    key: str,
    value: Any,
    timeout: float | None = DEFAULT_TIMEOUT,
    *,
    what: str = "package",
    then: str = "",
) -> bool:
    """``cache.set(...)``; True if it was written, False if the cache failed (the write is dropped)."""

    def write() -> bool:
        _cache(cache_or_alias).set(key, value, timeout)
        return True

    return fail_open(write, unavailable=False, what=what, then=then)


def cache_add(
    cache_or_alias: CacheArg,
    key: str,
    value: Any,
    timeout: float | None = DEFAULT_TIMEOUT,
    *,
    unavailable: Any = False,
    what: str = "package",
    then: str = "",
) -> Any:
    """``cache.add(...)``: True if added; ``unavailable`` (by default False) if the cache fails."""
    return fail_open(
        lambda: _cache(cache_or_alias).add(key, value, timeout),
        unavailable=unavailable,
        what=what,
        then=then,
    )


def cache_delete(
    cache_or_alias: CacheArg,
    key: str,
    *,
    unavailable: Any = False,
    what: str = "package",
    then: str = "",
) -> Any:
    """``cache.delete(key)``: whether a key was deleted; ``unavailable`` (False) if the cache fails."""
    return fail_open(
        lambda: _cache(cache_or_alias).delete(key), unavailable=unavailable, what=what, then=then
    )


def cache_delete_many(
    cache_or_alias: CacheArg, keys: Iterable[str], *, what: str = "package", then: str = ""
) -> bool:
    """``cache.delete_many(keys)``; True if done, False if the cache failed."""

    def delete() -> bool:
        _cache(cache_or_alias).delete_many(keys)
        return True

    return fail_open(delete, unavailable=False, what=what, then=then)
