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

from wagtail_participation.core.caches import (
    UNAVAILABLE,
    cache,
    cache_delete_many,
    cache_get,
    cache_set,
)

from .conf import settings

MISSING = "missing"
#: The state these cache calls keep, in the warning when the cache is down.
WHAT = "petition lookup"


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
    seconds = settings.PETITION_PAGE_CACHE_SECONDS
    found = None
    if seconds:
        found = cache_get(cache, key(petition_id), unavailable=UNAVAILABLE, what=WHAT)
        if found is UNAVAILABLE:  # without the cache the database answers (and nothing is kept)
            found, seconds = None, 0
    if found is None:
        found = _load(petition_id)
        if seconds:
            cache_set(cache, key(petition_id), found, seconds, what=WHAT)
    return None if found == MISSING else found


def forget(*petition_ids):
    """Drop the cached copies of these petitions (after a change; also once it commits)."""
    from django.db import transaction

    keys = [key(pk) for pk in petition_ids if pk]
    if not keys:
        return

    def delete():
        cache_delete_many(cache, keys, what=WHAT)

    delete()  # now, and again once the change is visible to others (a reader may re-cache the old row)
    transaction.on_commit(delete)
