"""Every key petitions keep in the shared cache, read through here, forgotten by ``invalidate``.

The families, all per petition (``<id>``), all in the package's cache (``core.caches.cache``,
whose calls fail open: a cache that is down costs time, never a request):

- **cached petitions** ``wp:petition:public:<id>``: the live petition and whether a view
  restriction applies to it, for the URLs a surge hits (sign, "check your email", the
  emailed link), read through ``public_petition`` for ``PETITION_PAGE_CACHE_SECONDS``.
  Reading a page from the database (the page row, then its view restrictions) was the
  largest part of those requests;
- **cached counts** ``wp:petition:count:<id>``: the count endpoint's payload (confirmed,
  paper, public), read through ``counts.count_payload``, written by each count
  (``keep_count``) for ``PETITION_COUNT_CACHE_SECONDS``;
- **count marks** ``wp:petition:count-dirty:<id>`` (a confirmation is not counted yet) and
  ``wp:petition:count-queued:<id>`` (a counting run is queued): how confirmations and
  counting runs meet without a lock (``counts``' docstring);
- **shared pages** ``wp:petition:<name>:<id>:...``: a petition's page and its "check your
  email" page as every anonymous visitor sees them (``shared_page_key``);
- **repeat notices** ``wp:petition:repeat:<id>:...``: a mailbox that signs again is told so
  once an hour (``first_repeat_notice``);
- **the generation** ``wp:petition:generation:<id>``: a random token in the key of every
  shared page and repeat notice, which cannot be listed one by one: a new token forgets them.

``invalidate(petition_id)`` forgets all of them for one petition, now and again once the
change commits (a reader may otherwise put the old row back); a count that was outstanding is
queued again (``counts.schedule_recount``), so forgetting the marks loses no confirmation.
The receivers call it for every change that could alter what is kept: publishing,
unpublishing, saving, moving or deleting a petition, a rejection, a "forget me" that removes
its creator, a view restriction above it. Lifetimes are only a backstop for changes made
around the ORM. Without a cache (or with a lifetime at 0) the database answers.
"""

import uuid
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language

from wagtail_participation.core.caches import (
    UNAVAILABLE,
    cache,
    cache_add,
    cache_delete,
    cache_delete_many,
    cache_get,
    cache_get_many,
    cache_set,
    fail_open,
)

from .conf import settings
from .models import PetitionPageMixin, get_petition

#: What each family's cache calls keep, in the warning when the cache is down.
PETITION = "petition lookup"
COUNT = "petition count"
PAGE = "petition page"
REPEAT = "repeat notice"

MISSING = "missing"
#: Seconds a count mark lives (dirty), and a queued run is trusted to be on its way (queued).
DIRTY_SECONDS, QUEUED_SECONDS = 3600, 60
REPEAT_SECONDS = 3600
#: A generation outlives every key made with it (a new one only makes them unread).
GENERATION_SECONDS = 7 * 24 * 3600
#: The salt a repeat notice's key hashes the mailbox with (the confirmation link's, as before).
REPEAT_SALT = "wagtail_participation.petitions.confirm"


# Keys


def petition_key(petition_id: int) -> str:
    return f"wp:petition:public:{petition_id}"


def count_key(petition_id: int) -> str:
    return f"wp:petition:count:{petition_id}"


def queued_key(petition_id: int) -> str:
    return f"wp:petition:count-queued:{petition_id}"


def dirty_key(petition_id: int) -> str:
    return f"wp:petition:count-dirty:{petition_id}"


def generation_key(petition_id: int) -> str:
    return f"wp:petition:generation:{petition_id}"


def repeat_key(petition_id: int, mailbox_key: str, generation: str) -> str:
    digest = salted_hmac(REPEAT_SALT, mailbox_key, algorithm="sha256").hexdigest()[:32]
    return f"wp:petition:repeat:{petition_id}:{generation}:{digest}"


def shared_page_key(
    petition: PetitionPageMixin, name: str, count: int | str = "", host: str = ""
) -> str:
    """Key of a page ``name`` of ``petition`` as every anonymous visitor sees it: the same HTML
    for the same revision, state, phase, language, host (and count). The generation is checked
    when it is read (``shared_page``)."""
    revision = petition.live_revision_id or petition.latest_revision_id or 0
    return (
        f"wp:petition:{name}:{petition.pk}:{revision}:{petition.state}:{petition.phase}:"
        f"{get_language()}:{count}:{host}"
    )


def _generation(petition_id: int, found: str | None = None) -> str | None:
    """The petition's generation token (a new one when the cache has none); None if the cache
    is down. ``found``: the token already read (``cache_get_many``)."""
    if found:
        return found
    token = uuid.uuid4().hex[:12]
    added = cache_add(cache, generation_key(petition_id), token, GENERATION_SECONDS, what=PAGE)
    if added:
        return token
    return cache_get(cache, generation_key(petition_id), what=PAGE)


# Cached petitions


def _load_petition(petition_id: int) -> tuple[PetitionPageMixin, bool] | str:
    """``(petition, restricted)`` as ``public_petition`` keeps it, or ``MISSING``."""
    petition = get_petition(pk=petition_id, live=True)
    if petition is None:
        return MISSING
    return petition, petition.get_view_restrictions().exists()


def public_petition(petition_id: int) -> tuple[PetitionPageMixin, bool] | None:
    """(petition, restricted) for a live petition page, or None (not live, or no such page).

    ``restricted``: a view restriction (password, login, groups) applies to it; callers
    check it against the request with ``petition.get_view_restrictions()``.
    """
    seconds = settings.PETITION_PAGE_CACHE_SECONDS
    found: Any = None  # what the cache kept: (petition, restricted), MISSING or UNAVAILABLE
    if seconds:
        found = cache_get(cache, petition_key(petition_id), unavailable=UNAVAILABLE, what=PETITION)
        if found is UNAVAILABLE:  # without the cache the database answers (and nothing is kept)
            found, seconds = None, 0
    if found is None:
        found = _load_petition(petition_id)
        if seconds:
            cache_set(cache, petition_key(petition_id), found, seconds, what=PETITION)
    return None if found == MISSING else found


# Cached counts


def cached_count(petition_id: int) -> dict | object | None:
    """The cached payload, None when missing, ``UNAVAILABLE`` when the cache is down."""
    return cache_get(cache, count_key(petition_id), unavailable=UNAVAILABLE, what=COUNT)


def keep_count(petition_id: int, payload: dict, *, replace: bool = True) -> None:
    """Cache a payload; ``replace=False`` (a reader's) never replaces a newer figure a count
    stored meanwhile."""
    store = cache_set if replace else cache_add
    store(cache, count_key(petition_id), payload, settings.PETITION_COUNT_CACHE_SECONDS, what=COUNT)


# Count marks


def mark_outstanding(petition_id: int) -> bool:
    """Mark the count out of date; True when the caller should queue a run (none was queued,
    or the cache is down: then every confirmation queues one)."""

    def mark() -> bool:
        cache.set(dirty_key(petition_id), 1, timeout=DIRTY_SECONDS)
        return cache.add(queued_key(petition_id), 1, timeout=QUEUED_SECONDS)

    return fail_open(mark, unavailable=True, what=COUNT, then="; recount queued")


def claim_outstanding(petition_id: int) -> bool:
    """A reader's: True when a count is outstanding and no run is queued (the caller queues it)."""
    return fail_open(
        lambda: (
            cache.get(dirty_key(petition_id))
            and cache.add(queued_key(petition_id), 1, timeout=QUEUED_SECONDS)
        ),
        unavailable=False,
        what=COUNT,
    )


def take_queued(petition_id: int) -> bool:
    """A run starts: the queued mark goes (so the next confirmation queues another). False when
    the cache is down (the run then counts in turn)."""
    return (
        cache_delete(
            cache,
            queued_key(petition_id),
            unavailable=UNAVAILABLE,
            what=COUNT,
            then="; counting in turn",
        )
        is not UNAVAILABLE
    )


def clear_dirty(petition_id: int) -> None:
    cache_delete(cache, dirty_key(petition_id), what=COUNT)


def is_dirty(petition_id: int) -> bool:
    return bool(cache_get(cache, dirty_key(petition_id), what=COUNT))


# Shared pages


def shared_page(petition_id: int, key: str, render: Callable[[], bytes | None]) -> bytes | None:
    """The HTML kept under ``key`` (and the petition's generation), or ``render()``'s, kept for
    PETITION_PAGE_CACHE_SECONDS. ``render`` returns None for a page that must not be kept.
    Without the cache the page is rendered, and not kept."""
    seconds = settings.PETITION_PAGE_CACHE_SECONDS
    if not seconds:
        return render()
    found = cache_get_many(
        cache, [key, generation_key(petition_id)], unavailable=UNAVAILABLE, what=PAGE
    )
    if found is UNAVAILABLE:
        return render()
    generation = found.get(generation_key(petition_id))
    kept = found.get(key)
    if generation and kept and kept[0] == generation:
        return kept[1]
    html = render()
    generation = _generation(petition_id, generation)
    if html is not None and generation:
        cache_set(cache, key, (generation, html), seconds, what=PAGE)
    return html


# Repeat notices


def first_repeat_notice(petition_id: int, mailbox_key: str) -> bool:
    """True once an hour per mailbox and petition (and whenever the cache is down)."""
    generation = _generation(
        petition_id, cache_get(cache, generation_key(petition_id), what=REPEAT)
    )
    if generation is None:
        return True
    return cache_add(
        cache,
        repeat_key(petition_id, mailbox_key, generation),
        1,
        REPEAT_SECONDS,
        unavailable=True,
        what=REPEAT,
        then="; every repeat signature is emailed",
    )


# Forgetting


def _forget_now(petition_ids: list[int]) -> list[int]:
    """Delete every family's keys of these petitions; returns those whose count was outstanding."""
    dirty = cache_get_many(cache, [dirty_key(pk) for pk in petition_ids], what=COUNT) or {}
    keys = []
    for pk in petition_ids:
        keys += [petition_key(pk), count_key(pk), dirty_key(pk), queued_key(pk), generation_key(pk)]
    cache_delete_many(cache, keys, what=PETITION)
    return [pk for pk in petition_ids if dirty.get(dirty_key(pk))]


def invalidate(*petitions: PetitionPageMixin | int | None) -> None:
    """Forget everything kept for these petitions (pages or ids), now and once the change
    commits; a count that was outstanding is queued again."""
    ids: list[int] = [pk for pk in (getattr(p, "pk", p) for p in petitions) if pk]
    if not ids:
        return

    outstanding = set(_forget_now(ids))

    def again() -> None:
        outstanding.update(_forget_now(ids))
        if outstanding:
            from .counts import schedule_recount  # cycle: counts reads and writes through here

            for pk in sorted(outstanding):
                schedule_recount(pk)

    transaction.on_commit(again)
