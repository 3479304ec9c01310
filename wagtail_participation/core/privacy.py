"""Personal data: a resident's export, and anonymisation ("forget me").

Each app adds its own sections to the export with the ``collect_personal_data`` signal and
says how "Your data" shows them with ``describe_personal_data`` (a title and column labels);
on "forget me" its ``participant_anonymised`` receiver removes what it holds.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .mailboxes import mailbox_key_or_none
from .models import OutgoingEmail, Participant, Report, load_specific
from .signals import collect_personal_data, participant_anonymised

#: Sections of the export the "Your data" page shows: key -> (title, {field: label}).
_DESCRIPTIONS = {}

#: Sections the page shows on its own (not in the generic tables).
OWN_SECTIONS = ("participant", "contributions")


def export_participant_data(participant: Participant) -> dict[str, Any]:
    """Everything we hold about ``participant``, as JSON-ready data."""

    def when(value):
        return value.isoformat() if value else None

    contributions = []
    for contribution in load_specific(participant.contributions.select_related("content_type")):
        specific = contribution.specific
        contributions.append(
            {
                "id": contribution.pk,
                "type": str(contribution.type_name),
                "page": contribution.page.title,
                "url": contribution.get_absolute_url(),
                "text": specific.get_export_text(),
                "state": contribution.moderation_state,
                "created_at": when(contribution.created_at),
            }
        )
    reports = reports_data(participant)
    data = {
        "participant": {
            "email": participant.email,
            "display_name": participant.display_name,
            "postcode": participant.postcode,
            "age_band": participant.age_band,
            "wants_updates": participant.wants_updates,
            "created_at": when(participant.created_at),
            "verified_at": when(participant.verified_at),
            "last_signed_in_at": when(participant.last_signed_in_at),
            "site_user": participant.user.get_username() if participant.user_id else None,
        },
        "contributions": contributions,
        "reports": reports,
    }
    data.update(collect_extra_personal_data(participant))
    return data


def reports_data(participant: Participant) -> list[dict[str, Any]]:
    """The reports ``participant`` made, with the contribution reported (linked while published)."""
    rows = []
    reports = list(
        participant.reports.select_related("contribution__content_type").order_by("created_at")
    )
    load_specific(report.contribution for report in reports)
    for report in reports:
        contribution = report.contribution
        rows.append(
            {
                "contribution_id": report.contribution_id,
                "contribution": contribution.summary,
                "url": contribution.specific.get_absolute_url()
                if contribution.is_published
                else None,
                "reason": report.reason,
                "reason_shown": str(report.get_reason_display()),
                "details": report.details,
                "created_at": report.created_at.isoformat(),
            }
        )
    return rows


def collect_extra_personal_data(participant: Participant) -> dict[str, Any]:
    """The sections the participation apps hold about ``participant`` (``collect_personal_data``)."""
    data = {}
    for _receiver, extra in collect_personal_data.send(sender=Participant, participant=participant):
        data.update(extra or {})
    return data


def describe_personal_data(key: str, title: str, fields: Mapping[str, str]) -> None:
    """How "Your data" shows the export section ``key``: its ``title`` and, in order, the fields
    shown as columns with their labels (``{"petition": _("Petition"), ...}``); a field left out
    is only in the download. An app calls it once, where it connects its receiver."""
    _DESCRIPTIONS[key] = (title, dict(fields))


def _display(value):
    """A value of the export as text for the page."""
    if value is None or value == "" or value == [] or value == {}:
        return "-"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_display(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_display(v) for v in value)
    if isinstance(value, str) and len(value) >= 19 and value[4:5] == "-" and value[10:11] == "T":
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "DATETIME_FORMAT")
    if isinstance(value, datetime.datetime):
        return date_format(value, "DATETIME_FORMAT")
    return str(value)


class Row(list):
    """A row of a "Your data" table: its cells, and ``url``, the page of what it is about."""

    def __init__(self, cells: Iterable[str], url: str | None = None) -> None:
        super().__init__(cells)
        self.url = url


def personal_data_sections(
    participant: Participant, data: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The export's app sections as tables for the "Your data" page: a list of
    ``{"key", "title", "columns", "rows"}``, empty sections left out. Each row is a list of
    cells (a :class:`Row`, whose ``url`` is the row's ``url`` field, shown as a link)."""
    data = collect_extra_personal_data(participant) if data is None else data
    sections = []
    for key, rows in data.items():
        if key in OWN_SECTIONS or not rows:
            continue
        rows = rows if isinstance(rows, list | tuple) else [rows]
        title, fields = _DESCRIPTIONS.get(key, (key.replace("_", " ").capitalize(), {}))
        if not fields:
            names = [name for row in rows if isinstance(row, dict) for name in row]
            fields = {name: name.replace("_", " ").capitalize() for name in dict.fromkeys(names)}
        sections.append(
            {
                "key": key,
                "title": title,
                "columns": list(fields.values()),
                "rows": [
                    Row(
                        [
                            _display(row.get(name) if isinstance(row, dict) else row)
                            for name in fields
                        ],
                        url=_page_link(row.get("url")) if isinstance(row, dict) else None,
                    )
                    for row in rows
                ],
            }
        )
    return sections


describe_personal_data(
    "reports",
    _("What you reported"),
    {
        "contribution": _("Contribution"),
        "reason_shown": _("Reason"),
        "details": _("Details"),
        "created_at": _("Reported"),
    },
)


def _page_link(url: Any) -> str | None:
    """A row's ``url`` (the thing it is about), for a link on the page: a path or a web address."""
    if isinstance(url, str) and (url.startswith("/") or url.startswith(("https://", "http://"))):
        return url
    return None


def forget_outbox_emails(
    addresses: Iterable[str | None], mailbox_keys: Iterable[str | None] = ()
) -> tuple[int, int]:
    """Emails to ``addresses`` (any case), or to any address of the mailboxes ``mailbox_keys``
    (``Ann.Lee+x@gmail.com`` for ``annlee@gmail.com``), leave the outbox: unsent ones are deleted
    (they may hold a sign-in or confirmation link), sent ones lose their recipient and body (the
    row stays, with its subject and dates, until EMAIL_KEEP_DAYS). Returns (deleted, redacted).

    Looking for mailboxes reads every address in the outbox once (it holds EMAIL_KEEP_DAYS of
    emails); "forget me" is rare."""
    wanted = {address.strip().lower() for address in addresses if address and address.strip()}
    keys = {key for key in mailbox_keys if key}
    if not wanted and not keys:
        return 0, 0
    ids = (
        set(
            OutgoingEmail.objects.annotate(to_lower=Lower("to"))
            .filter(to_lower__in=wanted)
            .values_list("pk", flat=True)
        )
        if wanted
        else set()
    )
    if keys:
        ids.update(
            pk
            for pk, to in OutgoingEmail.objects.exclude(to="")
            .values_list("pk", "to")
            .iterator(2000)
            if mailbox_key_or_none(to) in keys
        )
    emails = OutgoingEmail.objects.filter(pk__in=ids)
    deleted, _by_model = emails.filter(sent_at__isnull=True).delete()
    redacted = emails.filter(sent_at__isnull=False).update(to="", body="")
    return deleted, redacted


def anonymise_participant(participant: Participant) -> Participant:
    """Remove who the participant is; keep the text of what they contributed.

    Receivers of ``participant_anonymised`` get ``participant`` with its email address still
    set, to find what they hold by it; then the emails to that address, or to any address of
    the same mailbox, leave the outbox.
    """
    with transaction.atomic():
        Report.objects.by(participant).update(details="")
        Participant.objects.filter(pk=participant.pk).update(
            email=None,
            mailbox_key=None,
            display_name="",
            postcode="",
            age_band="",
            user=None,
            wants_updates=False,
            anonymised_at=timezone.now(),
        )
        participant_anonymised.send(sender=Participant, participant=participant)
        forget_outbox_emails([participant.email], [participant.mailbox_key])
    participant.refresh_from_db()
    return participant


def delete_unused_participants(older_than: datetime.datetime) -> int:
    """Delete never-verified participants without contributions created before ``older_than``."""
    unused = Participant.objects.filter(
        verified_at__isnull=True,
        user__isnull=True,
        created_at__lt=older_than,
        contributions__isnull=True,
        reports__isnull=True,
    )
    count, _ = Participant.objects.filter(pk__in=list(unused.values_list("pk", flat=True))).delete()
    return count
