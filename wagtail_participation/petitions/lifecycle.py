"""A petition's life, each change with its log entry and emails: a resident starts one, it
gathers supporters, goes to moderation, is published (opens) or rejected, is answered (the
signers' emails are ``notifications``'), closes and, months later, its signers are anonymised;
staff invalidate or release signatures. Signing and confirming are ``signing``'s.
"""

import calendar
import datetime
import logging
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django_tasks import task
from wagtail.log_actions import log
from wagtail.models import Page, Revision

from wagtail_participation.core.emails import send_templated_email
from wagtail_participation.core.links import absolute_url, page_url
from wagtail_participation.core.models import Participant

from . import caches
from .conf import settings
from .counts import recount, refresh_payload, schedule_recount_on_commit
from .models import (
    PetitionIndexPageMixin,
    PetitionPageMixin,
    PetitionState,
    Signature,
    SignatureQuerySet,
    SignatureValidity,
    petition_page_models,
    rejection_hides,
)
from .notifications import (  # noqa: F401  (their home before; imported from here by sites)
    NOTICE_FIELDS,
    alert_staff_on_commit,
    notify_signers,
    resume_notices,
    start_notices,
)

logger = logging.getLogger(__name__)


def _update(petition: PetitionPageMixin, **fields: Any) -> None:
    """Write ``fields`` to the petition's row (and the instance) without a revision."""
    type(petition).objects.filter(pk=petition.pk).update(**fields)
    for name, value in fields.items():
        setattr(petition, name, value)


def sponsor_path(petition: PetitionPageMixin) -> str:
    """The supporters' link of a resident's petition (a random key: anyone holding it may support)."""
    return reverse("wagtail_participation_petitions:sponsor", args=[petition.sponsor_key])


def start_petition(
    index: PetitionIndexPageMixin,
    participant: Participant,
    data: dict[str, Any],
    ip: str | None = None,
    request: HttpRequest | None = None,
) -> PetitionPageMixin:
    """A resident's draft petition under ``index``, signed by its creator, waiting for
    supporters (or in moderation when none are needed); its creator is emailed the supporters'
    link. ``request`` only makes that link absolute (the site it was started on).

    ``participant`` has an email address (the policy asks for a verified one): ValueError if not.
    """
    email = participant.email
    if not email:
        raise ValueError("A petition's creator needs an email address.")
    needed = settings.PETITION_SPONSORS_REQUIRED
    with transaction.atomic():
        slug = petition_slug(index, data["request"])
        petition = index.new_petition(
            title=data["request"],
            slug=slug,
            request=data["request"],
            background=data["background"],
            details=data.get("details", ""),
            creator=participant,
            creator_name=data["name"],
            state=PetitionState.SPONSORING,
            state_changed_at=timezone.now(),
            live=False,
        )
        index.add_child(instance=petition)
        petition.save_revision(log_action=True)
        Signature.for_email(
            email,
            petition_id=petition.pk,
            language=translation.get_language() or "",  # the creator's emails are written in it
            name=data["name"],
            area=data.get("area") or "",
            wants_updates=True,
            confirmed_at=timezone.now(),
            ip_address=ip or None,
        ).save()
        schedule_recount_on_commit(petition.pk)
        if needed == 0:
            submit_for_moderation(petition)
        context = {
            "petition": petition,
            "link": absolute_url(sponsor_path(petition), request, page=petition),
            "needed": needed,
        }
        send_templated_email(email, "wagtail_participation_petitions/emails/started", context)
    return petition


def petition_slug(index: PetitionIndexPageMixin, request_text: str) -> str:
    """A clean slug for a resident's petition under ``index``: its request, slugified and cut
    at a word (``ban-cars-on-the-high-street``), numbered when a sibling has it already
    (``...-2``). Call it in a transaction: it locks the index's row, so two petitions started
    at once with the same request are numbered one after the other."""
    Page.objects.select_for_update().filter(pk=index.pk).exists()
    base = slugify(request_text)[:SLUG_LENGTH]
    if len(base) == SLUG_LENGTH and "-" in base:
        base = base.rsplit("-", 1)[0]
    base = base.strip("-") or "petition"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


#: The longest slug a resident's petition gets from its request (before a number).
SLUG_LENGTH = 60


def check_sponsors(petition_id: int) -> bool:
    """Once enough supporters confirmed, send a resident's petition to moderation (once)."""
    needed = settings.PETITION_SPONSORS_REQUIRED
    confirmed = Signature.objects.counted().of_petition(petition_id).filter(sponsor=True).count()
    if confirmed < needed:
        return False
    for model in petition_page_models():
        moved = model.objects.filter(pk=petition_id, state=PetitionState.SPONSORING).update(
            state=PetitionState.MODERATION
        )
        if moved:
            submit_for_moderation(model.objects.get(pk=petition_id))
            return True
    return False


def submit_for_moderation(petition: PetitionPageMixin) -> Revision:
    """Save a revision of a resident's petition and start the page's workflow on it."""
    _update(petition, state=PetitionState.MODERATION, state_changed_at=timezone.now())
    revision = petition.save_revision(log_action=True)
    workflow = petition.get_workflow()
    if workflow is not None and petition.workflow_in_progress is False:
        workflow.start(petition, user=None)
    alert_staff_on_commit(petition.pk, "moderation")
    return revision


def open_published_petition(petition: PetitionPageMixin) -> bool:
    """A moderator published a resident's petition (or an editor a new one): it opens now."""
    if petition.state not in (PetitionState.SPONSORING, PetitionState.MODERATION):
        return False
    now = timezone.now()
    updates = {"state": PetitionState.OPEN, "state_changed_at": now}
    if petition.opens_at is None:
        updates["opens_at"] = now
    if petition.closes_at is None:
        updates["closes_at"] = now + datetime.timedelta(days=settings.PETITION_DURATION_DAYS)
    _update(petition, **updates)
    if petition.creator_id and petition.creator and petition.creator.email:
        send_templated_email(
            petition.creator.email,
            "wagtail_participation_petitions/emails/published",
            {"petition": petition, "url": page_url(petition)},
            language=petition.creator.language,
        )
    return True


def reject_petition(
    petition: PetitionPageMixin, reason: str, details: str = "", user: Any = None
) -> str:
    """Reject with a reason the creator is told; offensive and advert petitions are hidden."""
    hidden = rejection_hides(reason)
    state = PetitionState.HIDDEN if hidden else PetitionState.REJECTED
    previous = {"previous_state": str(petition.state), "was_live": bool(petition.live)}
    with transaction.atomic():
        _update(
            petition,
            state=state,
            state_changed_at=timezone.now(),
            rejection_reason=reason,
            rejection_details=details,
        )
        caches.invalidate(petition)
        log(
            instance=petition,
            action=REJECTED_ACTION,
            user=user,
            data={
                "reason": reason,
                "reason_label": str(petition.rejection_label),
                "hidden": hidden,
                "emailed": creator_address(petition) is not None,
                **previous,
            },
        )
        workflow_state = petition.current_workflow_state
        if workflow_state is not None:
            workflow_state.cancel(user=user)
        if hidden and petition.live:
            petition.unpublish(user=user)
        elif not hidden and not petition.live:
            petition.save_revision(user=user).publish(user=user)
        address = creator_address(petition)
        if address is not None and petition.creator is not None:
            context = {
                "petition": petition,
                "reason": petition.rejection_label,
                "details": details,
                "hidden": hidden,
            }
            send_templated_email(
                address,
                "wagtail_participation_petitions/emails/rejected",
                context,
                language=petition.creator.language,
            )
    refresh_payload(petition.pk)
    return state


def creator_address(petition: PetitionPageMixin) -> str | None:
    """The address a petition's creator is emailed at, or None: a petition staff started has no
    creator, and a creator who asked to be forgotten has no address (no email goes)."""
    creator = petition.creator if petition.creator_id else None
    return (creator.email or None) if creator is not None else None


REJECTED_ACTION = "wagtail_participation.petition_rejected"
REJECTION_UNDONE_ACTION = "wagtail_participation.petition_rejection_undone"


def last_rejection(petition: PetitionPageMixin) -> Any:
    """The page-history entry of the petition's latest rejection (a ``PageLogEntry``), or None."""
    from wagtail.models import PageLogEntry

    return (
        PageLogEntry.objects.filter(page_id=petition.pk, action=REJECTED_ACTION)
        .order_by("-timestamp", "-pk")
        .first()
    )


def undo_rejection(petition: PetitionPageMixin, user: Any = None) -> bool:
    """Take back a rejection: the petition returns to the state it was in (awaiting moderation,
    most often; its workflow starts again) and is live again only if it was. The reason is
    cleared, the undo is logged in the page's history; the creator is not emailed (they were
    told of the rejection; the petition's next step tells them the rest). False, changing
    nothing, when the petition is not rejected."""
    if petition.state not in (PetitionState.REJECTED, PetitionState.HIDDEN):
        return False
    entry = last_rejection(petition)
    data = (entry.data if entry is not None else None) or {}
    previous = data.get("previous_state")
    if previous not in (PetitionState.SPONSORING, PetitionState.MODERATION, PetitionState.OPEN):
        previous = PetitionState.MODERATION
    was_live = bool(data.get("was_live", previous == PetitionState.OPEN))
    with transaction.atomic():
        _update(
            petition,
            state=previous,
            state_changed_at=timezone.now(),
            rejection_reason="",
            rejection_details="",
        )
        caches.invalidate(petition)
        log(
            instance=petition,
            action=REJECTION_UNDONE_ACTION,
            user=user,
            data={"state": str(previous)},
        )
        if was_live and not petition.live:
            petition.save_revision(user=user).publish(user=user)
        elif not was_live and petition.live:
            petition.unpublish(user=user)
        if previous == PetitionState.MODERATION:
            workflow = petition.get_workflow()
            if workflow is not None and not petition.workflow_in_progress:
                petition.save_revision(user=user)  # what the workflow's tasks review
                workflow.start(petition, user=user)
    refresh_payload(petition.pk)
    return True


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day if shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def signatures_due_for_anonymising(now: datetime.datetime | None = None) -> SignatureQuerySet:
    """Signatures on petitions that closed more than PETITION_ANONYMISE_AFTER_MONTHS ago, and on
    petitions that never opened (rejected, hidden, or still without supporters or moderation)
    that reached that state that long ago."""
    now = now or timezone.now()
    cutoff = months_before(now, settings.PETITION_ANONYMISE_AFTER_MONTHS)
    done = Q()
    for model in petition_page_models():
        done |= Q(petition_id__in=model.objects.done_before(cutoff).values("pk"))
    return Signature.objects.not_anonymised().filter(done)


def anonymise_signatures(now: datetime.datetime | None = None) -> int:
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


def coarse_area(area: str) -> str:
    """What stays of an area once anonymised: a postcode's first part ("RB1 2AB" -> "RB1")."""
    if settings.PETITION_AREA == "postcode" and area:
        return area.split()[0]
    return area


@task()
def anonymise_signatures_task() -> int:
    return anonymise_signatures()


def expired_unconfirmed_signatures(now: datetime.datetime | None = None) -> SignatureQuerySet:
    """Signatures never confirmed whose newest confirmation link has expired (PETITION_CONFIRM_LINK_MAX_AGE)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.PETITION_CONFIRM_LINK_MAX_AGE)
    return Signature.objects.pending().filter(link_sent_at__lt=cutoff)


def purge_unconfirmed_signatures(now: datetime.datetime | None = None) -> int:
    """Delete the signatures nobody confirmed in time: their name, email address and IP address were
    kept only for the link to be followed. They never counted. Returns how many."""
    deleted, _by_model = expired_unconfirmed_signatures(now).delete()
    return deleted


@task()
def purge_unconfirmed_signatures_task() -> int:
    return purge_unconfirmed_signatures()


def _change_validity(
    petition: PetitionPageMixin,
    signatures: SignatureQuerySet,
    changes: dict[str, Any],
    action: str,
    user: Any,
    conditions: str,
    **data: Any,
) -> int:
    """Update the petition's given signatures, log it in the page's history and correct the count."""
    with transaction.atomic():
        changed = signatures.filter(petition_id=petition.pk).update(**changes)
        log(
            instance=petition,
            action=action,
            user=user,
            data={"count": changed, "conditions": conditions, **data},
        )
    recount(petition.pk)
    return changed


def invalidate(
    petition: PetitionPageMixin,
    signatures: SignatureQuerySet,
    user: Any = None,
    conditions: str = "",
) -> int:
    """Invalidate the given signatures of one petition and correct its count. Returns how many.

    Each keeps what it was (``validity_before``: valid or held) and the invalidation's moment,
    which the log entry records too, so :func:`undo_invalidation` can restore exactly these.
    """
    now = timezone.now()
    selected = signatures.exclude(validity=SignatureValidity.INVALIDATED).filter(
        petition_id=petition.pk
    )
    with transaction.atomic():
        # What each was, before: held signatures go back to held, not to the count.
        selected.filter(validity=SignatureValidity.HELD).update(
            validity_before=SignatureValidity.HELD
        )
        selected.exclude(validity=SignatureValidity.HELD).update(
            validity_before=SignatureValidity.VALID
        )
        return _change_validity(
            petition,
            selected,
            {"validity": SignatureValidity.INVALIDATED, "invalidated_at": now},
            INVALIDATED_ACTION,
            user,
            conditions,
            at=now.isoformat(),
        )


INVALIDATED_ACTION = "wagtail_participation.signatures_invalidated"
INVALIDATION_UNDONE_ACTION = "wagtail_participation.signatures_restored"
VALIDITIES_BEFORE = (SignatureValidity.VALID, SignatureValidity.HELD)


def invalidations(petition: PetitionPageMixin, limit: int = 10) -> list[Any]:
    """The petition's latest invalidations that can still be undone (``PageLogEntry`` rows,
    newest first), each with ``still_invalid``: how many of its signatures are still
    invalidated."""
    from wagtail.models import PageLogEntry

    entries = list(
        PageLogEntry.objects.filter(page_id=petition.pk, action=INVALIDATED_ACTION)
        .select_related("user")
        .order_by("-timestamp", "-pk")[:limit]
    )
    undoable = []
    for entry in entries:
        moment = _invalidation_moment(entry)
        if moment is None:
            continue  # logged before invalidations kept their moment
        entry.still_invalid = _invalidated_at(petition, moment).count()
        if entry.still_invalid:
            undoable.append(entry)
    return undoable


def _invalidation_moment(entry: Any) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat((entry.data or {}).get("at", ""))
    except (TypeError, ValueError):
        return None


def _invalidated_at(petition: PetitionPageMixin, moment: datetime.datetime) -> SignatureQuerySet:
    return Signature.objects.of_petition(petition.pk).filter(
        validity=SignatureValidity.INVALIDATED,
        invalidated_at=moment,
        validity_before__in=VALIDITIES_BEFORE,
    )


def undo_invalidation(petition: PetitionPageMixin, entry_id: int, user: Any = None) -> int:
    """Take back one invalidation (its page-history entry ``entry_id``): its signatures that
    are still invalidated count again (held ones are held again), the count is corrected and
    the undo is logged. Returns how many were restored (0 for an entry of another petition)."""
    from wagtail.models import PageLogEntry

    entry = PageLogEntry.objects.filter(
        pk=entry_id, page_id=petition.pk, action=INVALIDATED_ACTION
    ).first()
    moment = _invalidation_moment(entry) if entry is not None else None
    if moment is None:
        return 0
    with transaction.atomic():
        restored = 0
        for before in VALIDITIES_BEFORE:
            restored += (
                _invalidated_at(petition, moment)
                .filter(validity_before=before)
                .update(validity=before, invalidated_at=None, validity_before="")
            )
        if restored:
            log(
                instance=petition,
                action=INVALIDATION_UNDONE_ACTION,
                user=user,
                data={"count": restored, "conditions": (entry.data or {}).get("conditions", "")},
            )
    if restored:
        recount(petition.pk)
    return restored


RELEASED_ACTION = "wagtail_participation.signatures_released"


def release_held(
    petition: PetitionPageMixin,
    signatures: SignatureQuerySet,
    user: Any = None,
    conditions: str = "",
) -> int:
    """Count held signatures after all (a moderator checked them). Returns how many."""
    return _change_validity(
        petition,
        signatures.filter(validity=SignatureValidity.HELD),
        {"validity": SignatureValidity.VALID},
        RELEASED_ACTION,
        user,
        conditions,
    )
