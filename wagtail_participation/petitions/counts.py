"""A petition's count under a surge: signers insert rows, one counter at a time adds them up.

Signing never updates, or waits on a lock on, the petition's own row (the UK site fell
over in March 2019 doing that). After a confirmation commits, ``schedule_recount`` marks
the petition "dirty" in the shared cache, then queues ``refresh_count`` unless a run is
already queued. A run takes the petition's tally row with SKIP LOCKED: if another run holds
it, this one leaves at once (the holder will see the dirty mark). The holder clears the mark,
counts, commits, and counts again if the mark came back meanwhile. A confirmation is
therefore either in a count (it committed before the count began) or leaves a mark that a
later pass sees; signers never queue behind one another, whatever the task backend. Without
the cache every run counts, waiting for the lock in turn. A nightly recount repairs drift.

The marks and the cached count are ``caches``' keys; what staff are told once a count
reaches a threshold is ``notifications``'.
"""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django_tasks import task
from wagtail.models import Page

from wagtail_participation.core.translations import canonical_page_id

from . import caches, notifications
from .caches import UNAVAILABLE, public_petition
from .models import PetitionState, PetitionTally, Signature, petition_values
from .notifications import (  # noqa: F401  (their home before; staff alerts are notifications')
    alert_staff,
    staff_emails,
)

#: The petition's columns a count's payload (and its thresholds) need.
PAYLOAD_FIELDS = ("state", "paper_signatures")
THRESHOLD_FIELDS = ("response_threshold", "debate_threshold")


def _payload(petition_id):
    """What the JSON endpoint and the page show: confirmed, paper, whether it is public."""
    row = petition_values(petition_id, *PAYLOAD_FIELDS)
    if row is None:
        return None
    signatures = (
        PetitionTally.objects.filter(petition_id=petition_id)
        .values_list("signatures", flat=True)
        .first()
    )
    return _payload_from(petition_id, row, signatures or 0)


def _payload_from(petition_id, row, signatures):
    # A petition behind a view restriction (on it or a page above it) has no public count: the
    # count endpoint answers everyone alike. ``public_petition`` knows, from the cache.
    public = bool(row["live"] and row["state"] == PetitionState.OPEN)
    if public:
        found = public_petition(petition_id)
        public = found is not None and not found[1]
    return {"public": public, "signatures": signatures, "paper": row["paper_signatures"]}


def count_payload(petition_id: int) -> dict | None:
    """The cached payload, or the database's when the cache lost it (or is down).

    When the cached figure has expired and a confirmation's count is still outstanding (the
    mark is set and no run is queued), the reader queues that run: the count converges even
    if the last confirmations of a surge found every run busy.
    """
    payload = caches.cached_count(petition_id)
    if payload is UNAVAILABLE:  # a broken cache must not break the page: the database answers
        return _payload(petition_id)
    if payload is None:
        if caches.claim_outstanding(petition_id):
            refresh_count.enqueue(petition_id=petition_id)
        payload = _payload(petition_id)
        if payload is not None:
            caches.keep_count(petition_id, payload, replace=False)
    return payload


def _has_tally(petition_id: int) -> bool:
    """Make sure the petition has its tally row; False when the petition is gone.

    A count or refresh queued before the petition was deleted (unpublishing it on the way
    queues one) finds no page: it must not create a row pointing at nothing, which the
    database refuses when the transaction commits.
    """
    if PetitionTally.objects.filter(petition_id=petition_id).exists():
        return True
    if not Page.objects.filter(pk=petition_id).exists():
        return False
    try:
        PetitionTally.objects.get_or_create(petition_id=petition_id)
    except PetitionTally.DoesNotExist:  # deleted meanwhile: the row was refused
        return False
    return True


def refresh_payload(petition_id: int) -> dict | None:
    """Re-read the payload from the database and cache it (after a count, a publish...).

    Read and written while holding the tally row, so that two refreshes store their figures in
    the order the counts were made: an older figure never replaces a newer one. None when the
    petition is gone.
    """
    if not _has_tally(petition_id):
        return None
    with transaction.atomic():
        PetitionTally.objects.select_for_update().filter(petition_id=petition_id).first()
        payload = _payload(petition_id)
        if payload is not None:
            caches.keep_count(petition_id, payload)
    return payload


def public_count(petition) -> int:
    payload = count_payload(canonical_page_id(petition)) or {"signatures": 0, "paper": 0}
    return payload["signatures"] + payload["paper"]


def schedule_recount(petition_id: int) -> None:
    """Mark the petition's count out of date and queue a run unless one is queued. Call after commit."""
    if caches.mark_outstanding(petition_id):  # no cache: every one queues
        refresh_count.enqueue(petition_id=petition_id)


def schedule_recount_on_commit(petition_id: int) -> None:
    transaction.on_commit(lambda: schedule_recount(petition_id))


#: Counts one run makes at most while confirmations keep marking the petition (see refresh_count).
MAX_PASSES = 3


@task()
def refresh_count(petition_id: int) -> int | None:
    """Bring a petition's tally up to date (queued by ``schedule_recount``); see the module's docstring."""
    use_cache = caches.take_queued(petition_id)
    for _ in range(MAX_PASSES):
        counted = recount(
            petition_id,
            skip_if_busy=use_cache,
            before_count=(lambda: caches.clear_dirty(petition_id)) if use_cache else None,
        )
        if counted is None or not use_cache:
            return counted
        if not caches.is_dirty(petition_id):  # no mark came back (or no cache)
            return counted
    # Still marked after MAX_PASSES (a surge): leave the mark for the next confirmation's run, or
    # for the next reader once the cached count expires (``count_payload``), so that no single
    # request keeps counting for as long as the surge lasts.
    return counted


def recount(petition_id: int, skip_if_busy: bool = False, before_count=None) -> int | None:
    """Count a petition's confirmed signatures into its tally, then tell staff of a threshold
    reached (``notifications.alert_thresholds``).

    Returns the count, or None when ``skip_if_busy`` and another run holds the tally, or when
    the petition is gone.
    """
    if not _has_tally(petition_id):
        return None
    with transaction.atomic():
        tally = (
            PetitionTally.objects.select_for_update(skip_locked=skip_if_busy)
            .filter(petition_id=petition_id)
            .first()
        )
        if tally is None:
            return None
        if before_count is not None:
            before_count()
        counts = (
            Signature.objects.counted()
            .of_petition(petition_id)
            .aggregate(
                signatures=Count("pk"),
                sponsors=Count("pk", filter=Q(sponsor=True)),
            )
        )
        tally.signatures, tally.sponsors = counts["signatures"], counts["sponsors"]
        tally.updated_at = timezone.now()
        tally.save(update_fields=["signatures", "sponsors", "updated_at"])
        row = petition_values(petition_id, *PAYLOAD_FIELDS, *THRESHOLD_FIELDS)
        if row is not None:
            # Cached while the tally row is held, so figures reach the cache in the order counted
            # (just before the commit: a reader may see it a moment early, never an older one late).
            caches.keep_count(petition_id, _payload_from(petition_id, row, tally.signatures))
            alerted = [
                kind for kind in ("response", "debate") if getattr(tally, f"{kind}_alerted_at")
            ]
            notifications.alert_thresholds(petition_id, tally.signatures, row, alerted)
    return tally.signatures


def recount_all() -> int:
    """The nightly repair: recount every petition that has signatures, and finish response and
    debate emails a failure interrupted. Returns how many petitions were recounted."""
    ids = Signature.objects.values_list("petition_id", flat=True).distinct().order_by()
    done = 0
    for petition_id in ids.iterator():
        recount(petition_id)
        done += 1
    notifications.resume_notices()
    return done


@task()
def recount_all_task() -> int:
    return recount_all()
