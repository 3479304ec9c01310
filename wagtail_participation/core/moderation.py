"""Changing a contribution's moderation state, and residents' reports.

Every change is written to Wagtail's log entries against the contribution's
page, so the page history shows who approved, hid or rejected what. An entry
names the contribution by type and id only, never by its text: editors without
the right to moderate read the page history too, and log entries outlive
"forget me". Moderators read the text on the contribution's moderate view.
"""

import re
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from .conf import settings
from .models import Contribution, ModerationState, Participant, Report
from .signals import contribution_moderated, contribution_redacted

LOG_ACTIONS = {
    ModerationState.PUBLISHED: "wagtail_participation.publish",
    ModerationState.HIDDEN: "wagtail_participation.hide",
    ModerationState.REJECTED: "wagtail_participation.reject",
    ModerationState.PENDING: "wagtail_participation.unpublish",
}
REPORT_ACTION = "wagtail_participation.report"
REDACT_ACTION = "wagtail_participation.redact"
#: The shortest passage a moderator may redact (a letter or two would match everywhere).
REDACT_MIN_LENGTH = 3
AUTO_HIDE_ACTION = "wagtail_participation.auto_hide"


def log_data(contribution: Contribution, **data: Any) -> dict[str, Any]:
    """What a log entry about ``contribution`` may hold: its id and type, never its text.

    ``data`` adds non-personal values (a state, a report's reason code, a count).
    """
    # The content type's app label and model name: the model's ``label_lower``, also when
    # its model is gone (an uninstalled app's contributions).
    content_type = contribution.content_type
    return {
        "contribution_id": contribution.pk,
        "model": f"{content_type.app_label}.{content_type.model}",
        "type": str(contribution.type_name),
        **data,
    }


def _log(contribution: Contribution, action: str, user: Any = None, **data: Any) -> None:
    log(
        instance=contribution.page.specific,
        action=action,
        user=user,
        # An entry of its own: Wagtail's page history shows one entry per uuid and action, and
        # a request's entries share its uuid, so a bulk action on three items showed one.
        uuid=uuid.uuid4(),
        data=log_data(contribution, **data),
    )


def set_state(contribution: Contribution, state: ModerationState | str, user: Any = None) -> bool:
    """Move one contribution to ``state`` as moderator ``user``; returns True if it changed."""
    state = ModerationState(state)
    with transaction.atomic():
        updated = (
            Contribution.objects.filter(pk=contribution.pk)
            .exclude(moderation_state=state)
            .update(moderation_state=state, moderated_at=timezone.now(), moderated_by=user)
        )
        if not updated:
            return False
        if state == ModerationState.PUBLISHED:
            # Restoring a contribution resolves the reports against it.
            Report.objects.filter(contribution=contribution).unresolved().update(
                resolved_at=timezone.now()
            )
            Contribution.objects.filter(pk=contribution.pk).update(report_count=0)
        contribution.moderation_state = state
        _log(contribution, LOG_ACTIONS[state], user=user)
        contribution_moderated.send(sender=Contribution, contribution=contribution, state=state)
    return True


def bulk_set_state(
    contributions: Iterable[Contribution], state: ModerationState | str, user: Any = None
) -> int:
    """Apply set_state to many contributions; returns how many changed."""
    return sum(1 for c in contributions if set_state(c, state, user=user))


def moderate_selection(
    user: Any, ids: Sequence[int], state: ModerationState | str
) -> tuple[int, int]:
    """Move the contributions ``ids`` that ``user`` may moderate to ``state`` (the queue's bulk
    actions); returns ``(changed, skipped)``, skipped counting the ids they may not moderate."""
    allowed = list(
        Contribution.objects.filter(pk__in=ids)
        .for_moderator(user)
        .select_related("page", "content_type")
    )
    return bulk_set_state(allowed, state, user=user), len(ids) - len(allowed)


def report(
    contribution: Contribution, participant: Participant, reason: str, details: str = ""
) -> Report | None:
    """Record a report; hide the contribution once it reaches REPORT_THRESHOLD.

    Returns the Report, or None if this participant had already reported it
    (a second report changes nothing, so nobody can hide content alone).
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                new_report = Report.objects.create(
                    contribution=contribution,
                    participant=participant,
                    reason=reason,
                    details=details,
                )
        except IntegrityError:
            return None
        Contribution.objects.filter(pk=contribution.pk).update(report_count=F("report_count") + 1)
        hidden = Contribution.objects.filter(
            pk=contribution.pk,
            moderation_state=ModerationState.PUBLISHED,
            report_count__gte=settings.REPORT_THRESHOLD,
        ).update(moderation_state=ModerationState.HIDDEN, moderated_at=timezone.now())
        contribution.refresh_from_db(fields=["report_count", "moderation_state"])
        _log(contribution, REPORT_ACTION, reason=reason)
        if hidden:
            _log(contribution, AUTO_HIDE_ACTION, reports=contribution.report_count)
            contribution_moderated.send(
                sender=Contribution, contribution=contribution, state=ModerationState.HIDDEN
            )
    return new_report


def redact(contribution: Contribution, passages: Sequence[str], user: Any = None) -> int:
    """Replace each of ``passages`` (a phone number, a neighbour's name; any case) in the
    contribution's resident text with "[removed]", instead of hiding the whole contribution;
    its moderation state stays. The change is logged (which fields, how many passages, never
    the text) and ``contribution_redacted`` sent. Returns how many passages were replaced.

    Passages shorter than ``REDACT_MIN_LENGTH`` are ignored.
    """
    from django.utils.translation import gettext

    wanted = sorted({p.strip() for p in passages if len(p.strip()) >= REDACT_MIN_LENGTH}, key=len)
    if not wanted:
        return 0
    pattern = re.compile("|".join(re.escape(p) for p in reversed(wanted)), re.IGNORECASE)
    marker = gettext("[removed]")
    specific = contribution.specific
    replaced, changed = 0, []
    for field in type(specific).redactable_fields():
        value = getattr(specific, field.attname) or ""
        new, count = pattern.subn(marker, value)
        if count:
            limit = getattr(field, "max_length", None)
            setattr(specific, field.attname, new[:limit] if limit else new)
            replaced += count
            changed.append(field.name)
    if not replaced:
        return 0
    with transaction.atomic():
        specific.save()  # the summary is built again from the redacted text
        contribution.summary = specific.summary
        _log(contribution, REDACT_ACTION, user=user, fields=changed, count=replaced)
        transaction.on_commit(
            lambda: contribution_redacted.send(sender=Contribution, contribution=specific)
        )
    return replaced
