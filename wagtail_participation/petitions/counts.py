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
"""

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from wagtail_participation.core.caches import (
    UNAVAILABLE,
    cache,
    cache_add,
    cache_delete,
    cache_delete_many,
    cache_get,
    cache_set,
    fail_open,
)
from wagtail_participation.core.emails import send_templated_email
from wagtail_participation.core.links import admin_url

from .conf import settings
from .lookup import public_petition
from .models import PetitionPage, PetitionState, PetitionTally, Signature

#: The state these cache calls keep, in the warning when the cache is down.
WHAT = "petition count"


def count_key(petition_id):
    return f"wp:petition:count:{petition_id}"


def queued_key(petition_id):
    return f"wp:petition:count-queued:{petition_id}"


def dirty_key(petition_id):
    return f"wp:petition:count-dirty:{petition_id}"


def _payload(petition_id):
    """What the JSON endpoint and the page show: confirmed, paper, whether it is public."""
    row = (
        PetitionPage.objects.filter(pk=petition_id)
        .values("live", "state", "paper_signatures")
        .first()
    )
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


def count_payload(petition_id):
    """The cached payload, or the database's when the cache lost it (or is down).

    When the cached figure has expired and a confirmation's count is still outstanding (the
    mark is set and no run is queued), the reader queues that run: the count converges even
    if the last confirmations of a surge found every run busy.
    """
    payload = cache_get(cache, count_key(petition_id), unavailable=UNAVAILABLE, what=WHAT)
    if payload is UNAVAILABLE:  # a broken cache must not break the page: the database answers
        return _payload(petition_id)
    if payload is None:
        outstanding = fail_open(
            lambda: (
                cache.get(dirty_key(petition_id))
                and cache.add(queued_key(petition_id), 1, timeout=60)
            ),
            unavailable=False,
            what=WHAT,
        )
        if outstanding:
            refresh_count.enqueue(petition_id=petition_id)
        payload = _payload(petition_id)
        if payload is not None:
            # add, not set: a reader never replaces a newer figure a count stored meanwhile
            cache_add(
                cache,
                count_key(petition_id),
                payload,
                settings.PETITION_COUNT_CACHE_SECONDS,
                what=WHAT,
            )
    return payload


def _cache_set(petition_id, payload):
    cache_set(
        cache, count_key(petition_id), payload, settings.PETITION_COUNT_CACHE_SECONDS, what=WHAT
    )


def refresh_payload(petition_id):
    """Re-read the payload from the database and cache it (after a count, a publish...).

    Read and written while holding the tally row, so that two refreshes store their figures in
    the order the counts were made: an older figure never replaces a newer one.
    """
    PetitionTally.objects.get_or_create(petition_id=petition_id)
    with transaction.atomic():
        PetitionTally.objects.select_for_update().filter(petition_id=petition_id).first()
        payload = _payload(petition_id)
        if payload is not None:
            _cache_set(petition_id, payload)
    return payload


def forget_payloads(*petition_ids):
    """Drop the cached payloads of these petitions (whether they are public changed: a view
    restriction above them was added, removed or moved), now and again once the change
    commits; the next read takes the figures from the database."""
    keys = [count_key(pk) for pk in petition_ids if pk]
    if not keys:
        return

    def delete():
        cache_delete_many(cache, keys, what=WHAT)

    delete()
    transaction.on_commit(delete)


def public_count(petition):
    payload = count_payload(petition.pk) or {"signatures": 0, "paper": 0}
    return payload["signatures"] + payload["paper"]


def schedule_recount(petition_id):
    """Mark the petition's count out of date and queue a run unless one is queued. Call after commit."""

    def mark():
        cache.set(dirty_key(petition_id), 1, timeout=3600)
        return cache.add(queued_key(petition_id), 1, timeout=60)

    queue = fail_open(
        mark, unavailable=True, what=WHAT, then="; recount queued"
    )  # no cache: every one queues
    if queue:
        refresh_count.enqueue(petition_id=petition_id)


def schedule_recount_on_commit(petition_id):
    transaction.on_commit(lambda: schedule_recount(petition_id))


#: Counts one run makes at most while confirmations keep marking the petition (see refresh_count).
MAX_PASSES = 3


@task()
def refresh_count(petition_id):
    """Bring a petition's tally up to date (queued by ``schedule_recount``); see the module's docstring."""
    use_cache = (
        cache_delete(
            cache,
            queued_key(petition_id),
            unavailable=UNAVAILABLE,
            what=WHAT,
            then="; counting in turn",
        )
        is not UNAVAILABLE
    )
    for _ in range(MAX_PASSES):
        counted = recount(
            petition_id,
            skip_if_busy=use_cache,
            before_count=(
                (lambda: cache_delete(cache, dirty_key(petition_id), what=WHAT))
                if use_cache
                else None
            ),
        )
        if counted is None or not use_cache:
            return counted
        if not cache_get(
            cache, dirty_key(petition_id), what=WHAT
        ):  # no mark came back (or no cache)
            return counted
    # Still marked after MAX_PASSES (a surge): leave the mark for the next confirmation's run, or
    # for the next reader once the cached count expires (``count_payload``), so that no single
    # request keeps counting for as long as the surge lasts.
    return counted


def recount(petition_id, skip_if_busy=False, before_count=None):
    """Count a petition's confirmed signatures into its tally; alert staff at a threshold.

    Returns the count, or None when ``skip_if_busy`` and another run holds the tally.
    """
    PetitionTally.objects.get_or_create(petition_id=petition_id)
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
            .filter(petition_id=petition_id)
            .aggregate(
                signatures=Count("pk"),
                sponsors=Count("pk", filter=Q(sponsor=True)),
            )
        )
        tally.signatures, tally.sponsors = counts["signatures"], counts["sponsors"]
        tally.updated_at = timezone.now()
        row = (
            PetitionPage.objects.filter(pk=petition_id)
            .values("live", "state", "paper_signatures", "response_threshold", "debate_threshold")
            .first()
        )
        alerts = _thresholds_crossed(petition_id, tally, row)
        tally.save(
            update_fields=[
                "signatures",
                "sponsors",
                "updated_at",
                "response_alerted_at",
                "debate_alerted_at",
            ]
        )
        if row is not None:
            # Cached while the tally row is held, so figures reach the cache in the order counted
            # (just before the commit: a reader may see it a moment early, never an older one late).
            _cache_set(petition_id, _payload_from(petition_id, row, tally.signatures))
        for kind in alerts:
            transaction.on_commit(
                lambda kind=kind: alert_staff.enqueue(petition_id=petition_id, kind=kind)
            )
    return tally.signatures


def _thresholds_crossed(petition_id, tally, row):
    """Thresholds this count reached for the first time (stamped on the tally: alerted once)."""
    if row is None or row["state"] != PetitionState.OPEN:
        return []
    total = tally.signatures + row["paper_signatures"]
    response = row["response_threshold"] or settings.PETITION_RESPONSE_THRESHOLD
    debate = row["debate_threshold"] or settings.PETITION_DEBATE_THRESHOLD
    crossed = []
    now = timezone.now()
    if tally.response_alerted_at is None and total >= response:
        tally.response_alerted_at = now
        crossed.append("response")
    if tally.debate_alerted_at is None and total >= debate:
        tally.debate_alerted_at = now
        crossed.append("debate")
    return crossed


def staff_emails():
    return list(settings.PETITION_STAFF_EMAILS) or [
        email for _name, email in django_settings.ADMINS
    ]


@task()
def alert_staff(petition_id, kind):
    """Tell staff a petition reached a threshold or awaits moderation."""
    petition = PetitionPage.objects.filter(pk=petition_id).first()
    recipients = staff_emails()
    if petition is None or not recipients:
        return
    context = {
        "petition": petition,
        "kind": kind,
        "count": public_count(petition),
        "edit_url": admin_url(reverse("wagtailadmin_pages:edit", args=[petition.pk])),
    }
    send_templated_email(recipients, "wagtail_participation_petitions/emails/staff_alert", context)


def recount_all():
    """The nightly repair: recount every petition that has signatures, and finish response and
    debate emails a failure interrupted. Returns how many petitions were recounted."""
    from .lifecycle import resume_notices

    ids = Signature.objects.values_list("petition_id", flat=True).distinct().order_by()
    done = 0
    for petition_id in ids.iterator():
        recount(petition_id)
        done += 1
    resume_notices()
    return done


@task()
def recount_all_task():
    return recount_all()
