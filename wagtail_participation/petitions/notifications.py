"""Who is told what about petitions: staff at a threshold or a new resident's petition, and
signers when the council responds or a debate takes place.

Emails to signers are written in batches by ``notify_signers``: each batch of signatures is
stamped and its emails written to the outbox in one transaction, so a task that runs twice
(or alongside itself, or is killed and run again) never writes anyone the same email twice
and never skips anyone; the outbox then delivers them.
"""

import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings as django_settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from wagtail_participation.core.emails import send_templated_email, send_templated_emails
from wagtail_participation.core.links import admin_url, page_url
from wagtail_participation.core.translations import in_language, is_canonical

from .conf import settings
from .models import (
    PetitionPageMixin,
    PetitionState,
    PetitionTally,
    Signature,
    SignatureQuerySet,
    get_petition,
)

NOTICE_FIELDS = {"response": "response_sent_at", "debate": "debate_sent_at"}
TEMPLATES = "wagtail_participation_petitions/emails"


# Staff


def staff_emails() -> list[str]:
    # ADMINS: addresses, or (deprecated in Django 6.0) ``(name, address)`` pairs.
    return list(settings.PETITION_STAFF_EMAILS) or [
        admin if isinstance(admin, str) else admin[1] for admin in django_settings.ADMINS
    ]


@task()
def alert_staff(petition_id: int, kind: str) -> None:
    """Tell staff a petition reached a threshold or awaits moderation."""
    petition = get_petition(pk=petition_id)
    recipients = staff_emails()
    if petition is None or not recipients:
        return
    context = {
        "petition": petition,
        "kind": kind,
        "count": petition.paper_signatures
        + (
            PetitionTally.objects.filter(petition_id=petition_id)
            .values_list("signatures", flat=True)
            .first()
            or 0
        ),
        "edit_url": admin_url(reverse("wagtailadmin_pages:edit", args=[petition.pk])),
    }
    send_templated_email(recipients, f"{TEMPLATES}/staff_alert", context)


def alert_staff_on_commit(petition_id: int, kind: str) -> None:
    transaction.on_commit(lambda: alert_staff.enqueue(petition_id=petition_id, kind=kind))


def alert_thresholds(
    petition_id: int, signatures: int, row: dict[str, Any], alerted: Iterable[str] = ()
) -> list[str]:
    """After a count: tell staff of each threshold an open petition reached for the first time.

    ``row``: the petition's ``state``, ``paper_signatures`` and its two thresholds; ``alerted``:
    the kinds the tally says staff heard of already (skipped without a query). Each threshold
    is stamped on the tally by one conditional update, so however many counts cross it at
    once, staff hear of it once. Returns the kinds alerted.
    """
    if row["state"] != PetitionState.OPEN:
        return []
    total = signatures + row["paper_signatures"]
    thresholds = {
        "response": row["response_threshold"] or settings.PETITION_RESPONSE_THRESHOLD,
        "debate": row["debate_threshold"] or settings.PETITION_DEBATE_THRESHOLD,
    }
    crossed = []
    for kind, threshold in thresholds.items():
        if total < threshold or kind in alerted:
            continue
        field = f"{kind}_alerted_at"
        stamped = PetitionTally.objects.filter(
            petition_id=petition_id, **{f"{field}__isnull": True}
        ).update(**{field: timezone.now()})
        if stamped:
            crossed.append(kind)
            alert_staff_on_commit(petition_id, kind)
    return crossed


# Signers


def start_notices(petition: PetitionPageMixin) -> list[str]:
    """After a publish: queue the response or debate email once, when there is one to send.

    Only for the canonical translation, which holds the signatures (``core.translations``):
    each signer then gets the email in the language they signed in, about that translation."""
    if not is_canonical(petition):
        return []
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
                partial(notify_signers.enqueue, petition_id=petition.pk, kind=kind)
            )
    return started


class _BatchTaken(Exception):
    """Another run stamped part of this batch first (SQLite, which has no SKIP LOCKED)."""


def _due(petition_id: int, kind: str) -> SignatureQuerySet:
    """The signatures still to be sent ``kind``'s email: counted, opted in, not anonymised,
    confirmed before the answer was published (who signed after read it on the page)."""
    field = NOTICE_FIELDS[kind]
    due = (
        Signature.objects.counted()
        .not_anonymised()
        .filter(petition_id=petition_id, wants_updates=True, **{field: None})
        .exclude(email="")
        .order_by("pk")
    )
    started = (
        PetitionTally.objects.filter(petition_id=petition_id)
        .values_list(f"{kind}_notice_at", flat=True)
        .first()
    )
    return due.filter(confirmed_at__lte=started) if started is not None else due


@task()
def notify_signers(petition_id: int, kind: str) -> int:
    """Queue the email to every counted signer who asked for updates, in batches; returns how many.

    Each batch is one transaction: it takes the due signatures (``FOR UPDATE SKIP LOCKED``),
    stamps them and writes their emails to the outbox, which sends them. A run killed
    mid-batch leaves nothing behind (the batch is rolled back), so a rerun writes it; two
    runs at once take different batches. Nobody is skipped, nobody gets the email twice.
    """
    field = NOTICE_FIELDS[kind]
    petition = get_petition(pk=petition_id)
    if petition is None:
        return 0
    due = _due(petition_id, kind)
    queued, url = 0, page_url(petition)
    while True:
        try:
            with transaction.atomic():
                batch = list(
                    due.select_for_update(skip_locked=True).only("pk", "name", "email", "language")[
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


def resume_notices(started_before: datetime.datetime | None = None) -> int:
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
            .not_anonymised()
            .filter(wants_updates=True, **{field: None})
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


def _notice(
    petition: PetitionPageMixin, kind: str, signature: Signature, url: str
) -> tuple[str, str, dict[str, Any], str]:
    """One signer's response or debate email: ``(to, template prefix, context, language)``, in
    the language they signed in, about the petition's translation in it when there is one."""
    translated = in_language(petition, signature.language)
    if translated is not petition:
        petition, url = translated, page_url(translated)
    context = {"petition": petition, "signature": signature, "kind": kind, "url": url}
    return signature.email, f"{TEMPLATES}/{kind}", context, signature.language
