"""A published petition by id, kept in the shared cache for the URLs a surge hits.

Signing posts to ``/participation/petitions/<id>/sign/``, then shows ``.../signed/``, then
the emailed link: each needs the petition, and reading a page from the database (the
page row with its petition columns, then its view restrictions) was the largest part
of those requests. ``public_petition`` keeps the petition, and whether any ancestor
restricts viewing, in Django's default cache for ``PETITION_PAGE_CACHE_SECONDS``;
publishing, unpublishing, saving, moving or deleting a petition, changing its state and
changing any view restriction forget it (``forget``), so the lifetime is only a backstop
for changes made around the ORM. Without a cache (or with the setting at 0) every call
reads the database.
"""

import logging

from wagtail_participation.core.caches import cache
from wagtail_participation.core.faults import warn_once
from wagtail_participation.core.forms import MAX_ID

from .conf import settings

logger = logging.getLogger(__name__)

MISSING = "missing"


def key(petition_id):
    return f"wp:petition:public:{petition_id}"


def _load(petition_id):
    from .models import PetitionPage

    petition = PetitionPage.objects.live().filter(pk=petition_id).first()
    if petition is None:
        return MISSING
    return petition, petition.get_view_restrictions().exists()


def public_petition(petition_id):
    """(petition, restricted) for a live petition page, or None (not live, or no such page).

    ``restricted``: a view restriction (password, login, groups) applies to it; callers
    check it against the request with ``petition.get_view_restrictions()``.
    """
    petition_id = min(petition_id, MAX_ID)
    seconds = settings.PETITION_PAGE_CACHE_SECONDS
    found = None
    if seconds:
        try:
            found = cache.get(key(petition_id))
        except Exception:  # noqa: BLE001 - without the cache the database answers
            warn_once("cache-petition-lookup", "wagtail_participation: petition cache unavailable", log=logger)
            seconds = 0
    if found is None:
        found = _load(petition_id)
        if seconds:
            try:
                cache.set(key(petition_id), found, timeout=seconds)
            except Exception:  # noqa: BLE001
                warn_once("cache-petition-lookup", "wagtail_participation: petition cache unavailable", log=logger)
    return None if found == MISSING else found


def forget(*petition_ids):
    """Drop the cached copies of these petitions (after a change; also once it commits)."""
    from django.db import transaction

    keys = [key(pk) for pk in petition_ids if pk]
    if not keys:
        return

    def delete():
        try:
            cache.delete_many(keys)
        except Exception:  # noqa: BLE001
            warn_once("cache-petition-lookup", "wagtail_participation: petition cache unavailable", log=logger)

    delete()  # now, and again once the change is visible to others (a reader may re-cache the old row)
    transaction.on_commit(delete)
