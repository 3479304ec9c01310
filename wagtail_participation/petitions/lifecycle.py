"""A petition's life: supporters, moderation, publication, rejection, answers, anonymisation.

Emails to signers are written in batches by ``notify_signers``: each batch of signatures is
stamped and its emails written to the outbox in one transaction, so a task that runs twice
(or alongside itself, or is killed and run again) never writes anyone the same email twice
and never skips anyone; the outbox then delivers them.
"""

import calendar
import datetime
import logging

from django.db import models, transaction
from django.utils import timezone
from django_tasks import task
from wagtail.log_actions import log

from wagtail_participation.core.emails import send_templated_email, send_templated_emails
from wagtail_participation.core.links import page_url

from .conf import settings
from .counts import alert_staff, recount, refresh_payload
from .lookup import forget
from .models import (
    PetitionPage,
    PetitionState,
    PetitionTally,
    Signature,
    SignatureValidity,
    rejection_hides,
)

logger = logging.getLogger(__name__)

NOTICE_FIELDS = {"response": "response_sent_at", "debate": "debate_sent_at"}


def submit_for_moderation(petition):
    """Save a revision of a resident's petition and start the page's workflow on it."""
    petition.state, petition.state_changed_at = PetitionState.MODERATION, timezone.now()
    PetitionPage.objects.filter(pk=petition.pk).update(
        state=petition.state, state_changed_at=petition.state_changed_at
    )
    revision = petition.save_revision(log_action=True)
    workflow = petition.get_workflow()
    if workflow is not None and petition.workflow_in_progress is False:
        workflow.start(petition, user=None)
    transaction.on_commit(lambda: alert_staff.enqueue(petition_id=petition.pk, kind="moderation"))
    return revision


def open_published_petition(petition):
    """A moderator published a resident's petition (or an editor a new one): it opens now."""
    if petition.state not in (PetitionState.SPONSORING, PetitionState.MODERATION):
        return False
    now = timezone.now()
    updates = {"state": PetitionState.OPEN, "state_changed_at": now}
    if petition.opens_at is None:
        updates["opens_at"] = now
    if petition.closes_at is None:
        updates["closes_at"] = now + datetime.timedelta(days=settings.PETITION_DURATION_DAYS)
    PetitionPage.objects.filter(pk=petition.pk).update(**updates)
    for name, value in updates.items():
        setattr(petition, name, value)
    if petition.creator_id and petition.creator and petition.creator.email:
        send_templated_email(
            petition.creator.email,
            "wagtail_participation_petitions/emails/published",
            {"petition": petition, "url": page_url(petition)},
        )
    return True


def reject_petition(petition, reason, details="", user=None):
    """Reject with a reason the creator is told; offensive and advert petitions are hidden."""
    hidden = rejection_hides(reason)
    state = PetitionState.HIDDEN if hidden else PetitionState.REJECTED
    with transaction.atomic():
        now = timezone.now()
        PetitionPage.objects.filter(pk=petition.pk).update(
            state=state,
            state_changed_at=now,
            rejection_reason=reason,
            rejection_details=details,
        )
        forget(petition.pk)
        petition.state, petition.rejection_reason, petition.rejection_details = (
            state,
            reason,
            details,
        )
        petition.state_changed_at = now
        log(
            instance=petition,
            action="wagtail_participation.petition_rejected",
            user=user,
            data={
                "reason": reason,
                "reason_label": str(petition.rejection_label),
                "hidden": hidden,
            },
        )
        workflow_state = petition.current_workflow_state
        if workflow_state is not None:
            workflow_state.cancel(user=user)
        if hidden and petition.live:
            petition.unpublish(user=user)
        elif not hidden and not petition.live:
            petition.save_revision(user=user).publish(user=user)
        if petition.creator_id and petition.creator and petition.creator.email:
            context = {
                "petition": petition,
                "reason": petition.rejection_label,
                "details": details,
                "hidden": hidden,
            }
            send_templated_email(
                petition.creator.email, "wagtail_participation_petitions/emails/rejected", context
            )
    refresh_payload(petition.pk)
    return state


def start_notices(petition):
    """After a publish: queue the response or debate email once, when there is one to send."""
    kinds = []
    if petition.response and petition.response_date:
        kinds.append("response")
    if petition.debate_outcome and petition.debate_date:
        kinds.append("debate")
    if not kinds:
        return []
    started = []
    with transaction.atomic():
        PetitionTally.objects.get_or_create(petition_id=petition.pk)
        tally = PetitionTally.objects.select_for_update().get(petition_id=petition.pk)
        now = timezone.now()
        for kind in kinds:
            field = f"{kind}_notice_at"
            if getattr(tally, field) is None:
                setattr(tally, field, now)
                started.append(kind)
        tally.save()
        for kind in started:
            transaction.on_commit(
                lambda kind=kind: notify_signers.enqueue(petition_id=petition.pk, kind=kind)
            )
    return started


class _BatchTaken(Exception):
    """Another run stamped part of this batch first (SQLite, which has no SKIP LOCKED)."""


@task()
def notify_signers(petition_id, kind):
    """Queue the email to every counted signer who asked for updates, in batches; returns how many.

    Each batch is one transaction: it takes the due signatures (``FOR UPDATE SKIP LOCKED``),
    stamps them and writes their emails to the outbox, which sends them. A run killed
    mid-batch leaves nothing behind (the batch is rolled back), so a rerun writes it; two
    runs at once take different batches. Nobody is skipped, nobody gets the email twice.
    """
    field = NOTICE_FIELDS[kind]
    petition = PetitionPage.objects.filter(pk=petition_id).first()
    if petition is None:
        return 0
    due = (
        Signature.objects.counted()
        .filter(
            petition_id=petition_id, wants_updates=True, anonymised_at__isnull=True, **{field: None}
        )
        .exclude(email="")
        .order_by("pk")
    )
    started = (
        PetitionTally.objects.filter(petition_id=petition_id)
        .values_list(f"{kind}_notice_at", flat=True)
        .first()
    )
    if started is not None:  # who signed after the answer was published read it on the page
        due = due.filter(confirmed_at__lte=started)
    queued, url = 0, page_url(petition)
    while True:
        try:
            with transaction.atomic():
                batch = list(
                    due.select_for_update(skip_locked=True).only("pk", "name", "email")[
                        : settings.PETITION_NOTIFY_BATCH_SIZE
                    ]
                )
                if not batch:
                    return queued
                stamped = Signature.objects.filter(
                    pk__in=[s.pk for s in batch], **{field: None}
                ).update(**{field: timezone.now()})
                if stamped != len(batch):
                    raise _BatchTaken
                send_templated_emails(
                    [_notice(petition, kind, signature, url) for signature in batch]
                )
        except _BatchTaken:
            continue
        queued += len(batch)


def resume_notices(started_before=None):
    """Queue the response and debate emails that started but did not reach every signer.

    ``started_before`` leaves out emails started since (a run may still be writing them).
    """
    queued = 0
    for kind, field in NOTICE_FIELDS.items():
        started = PetitionTally.objects.filter(**{f"{kind}_notice_at__isnull": False})
        if started_before is not None:
            started = started.filter(**{f"{kind}_notice_at__lt": started_before})
        unsent = (
            Signature.objects.counted()
            .filter(wants_updates=True, anonymised_at__isnull=True, **{field: None})
            .filter(petition_id__in=started.values("petition_id"))
            .exclude(email="")
        )
        unsent = unsent.filter(
            confirmed_at__lte=PetitionTally.objects.filter(
                petition_id=models.OuterRef("petition_id")
            ).values(f"{kind}_notice_at")[:1]
        )
        for petition_id in unsent.values_list("petition_id", flat=True).distinct().order_by():
            notify_signers.enqueue(petition_id=petition_id, kind=kind)
            queued += 1
    return queued


def _notice(petition, kind, signature, url):
    """One signer's response or debate email: ``(to, template prefix, context)``."""
    context = {"petition": petition, "signature": signature, "kind": kind, "url": url}
    return signature.email, f"wagtail_participation_petitions/emails/{kind}", context


def months_before(moment, months):
    """The same day and time ``months`` calendar months earlier (the month's last day if shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def signatures_due_for_anonymising(now=None):
    """Signatures on petitions that closed more than PETITION_ANONYMISE_AFTER_MONTHS ago, and on
    petitions that never opened (rejected, hidden, or still without supporters or moderation)
    that reached that state that long ago."""
    from django.db.models import Q

    now = now or timezone.now()
    cutoff = months_before(now, settings.PETITION_ANONYMISE_AFTER_MONTHS)
    done = PetitionPage.objects.filter(
        Q(closes_at__isnull=False, closes_at__lte=cutoff)
        | Q(
            state__in=[
                PetitionState.REJECTED,
                PetitionState.HIDDEN,
                PetitionState.SPONSORING,
                PetitionState.MODERATION,
            ],
            state_changed_at__lte=cutoff,
        )
    ).values("pk")
    return Signature.objects.filter(petition_id__in=done, anonymised_at__isnull=True)


def anonymise_signatures(now=None):
    """Remove names, emails and IPs of the signatures due; counts and areas stay. Returns how many."""
    now = now or timezone.now()
    done = 0
    due = signatures_due_for_anonymising(now)
    for pk, area in due.values_list("pk", "area").iterator():
        done += Signature.objects.filter(pk=pk, anonymised_at__isnull=True).update(
            **Signature.ANONYMISED,
            anonymised_at=now,
            area=coarse_area(area),
        )
    return done


def coarse_area(area):
    """What stays of an area once anonymised: a postcode's first part ("RB1 2AB" -> "RB1")."""
    if settings.PETITION_AREA == "postcode" and area:
        return area.split()[0]
    return area


@task()
def anonymise_signatures_task():
    return anonymise_signatures()


def expired_unconfirmed_signatures(now=None):
    """Signatures never confirmed whose newest confirmation link has expired (PETITION_CONFIRM_LINK_MAX_AGE)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.PETITION_CONFIRM_LINK_MAX_AGE)
    return Signature.objects.filter(confirmed_at__isnull=True, link_sent_at__lt=cutoff)


def purge_unconfirmed_signatures(now=None):
    """Delete the signatures nobody confirmed in time: their name, email address and IP address were
    kept only for the link to be followed. They never counted. Returns how many."""
    deleted, _by_model = expired_unconfirmed_signatures(now).delete()
    return deleted


@task()
def purge_unconfirmed_signatures_task():
    return purge_unconfirmed_signatures()


def invalidate(petition, signatures, user=None, conditions=""):
    """Invalidate the given signatures of one petition and correct its count. Returns how many."""
    now = timezone.now()
    with transaction.atomic():
        changed = (
            signatures.filter(petition_id=petition.pk)
            .exclude(validity=SignatureValidity.INVALIDATED)
            .update(
                validity=SignatureValidity.INVALIDATED,
                invalidated_at=now,
            )
        )
        log(
            instance=petition,
            action="wagtail_participation.signatures_invalidated",
            user=user,
            data={"count": changed, "conditions": conditions},
        )
    recount(petition.pk)
    return changed


def release_held(petition, signatures, user=None, conditions=""):
    """Count held signatures after all (a moderator checked them)."""
    with transaction.atomic():
        changed = signatures.filter(
            petition_id=petition.pk, validity=SignatureValidity.HELD
        ).update(validity=SignatureValidity.VALID)
        log(
            instance=petition,
            action="wagtail_participation.signatures_released",
            user=user,
            data={"count": changed, "conditions": conditions},
        )
    recount(petition.pk)
    return changed
