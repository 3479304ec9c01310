"""Every change to an event's registrations, with its emails.

Capacity holds under concurrency: registering and cancelling lock the event's ``EventSeats``
row (``select_for_update``) for the length of their transaction, so places are counted one
resident at a time, the waiting list is in the order residents got the lock, and each
promotion happens once. Emails go through core's outbox, queued in the same transaction:
a rolled-back registration sends nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from wagtail_participation.core.emails import send_templated_email
from wagtail_participation.core.links import page_url
from wagtail_participation.core.models import Participant

from .conf import settings
from .models import EventPageMixin, EventSeats, Registration, RegistrationStatus

EMAILS = "wagtail_participation_events/emails/"


class RegistrationRefused(Exception):
    """A registration the event refuses (``message`` says why)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _locked_seats(page: EventPageMixin) -> EventSeats:
    """The event's seats row, locked until the transaction ends (made on first use)."""
    seats = EventSeats.objects.select_for_update().filter(page_id=page.pk).first()
    if seats is None:
        EventSeats.objects.bulk_create([EventSeats(page_id=page.pk)], ignore_conflicts=True)
        seats = EventSeats.objects.select_for_update().get(page_id=page.pk)
    return seats


def _fits(page: EventPageMixin, seats: EventSeats, places: int) -> bool:
    return page.capacity is None or seats.taken + places <= page.capacity


def register(
    page: EventPageMixin,
    participant: Participant,
    guests: int = 0,
    name: str = "",
    answers: dict[str, Any] | None = None,
) -> tuple[Registration, bool]:
    """Register ``participant`` (with ``guests``) for ``page``: a place if one is free, else a
    place on the waiting list. Returns ``(registration, created)``; a resident already
    registered or waiting gets their registration back, unchanged."""
    if guests < 0 or guests > page.max_guests:
        raise RegistrationRefused(str(_guests_message(page)))
    try:
        with transaction.atomic():
            seats = _locked_seats(page)
            existing = Registration.objects.on_event(page).active().of(participant).first()
            if existing is not None:
                return existing, False
            registration = Registration(
                page_id=page.pk,
                participant=participant,
                name=name or participant.display_name,
                email=participant.email or "",
                guests=guests,
                answers=answers or {},
            )
            if _fits(page, seats, registration.places):
                registration.status = RegistrationStatus.REGISTERED
                seats.taken += registration.places
                seats.save(update_fields=["taken"])
            else:
                registration.status = RegistrationStatus.WAITING
            registration.save()
            _email(registration, page, "registered" if registration.is_registered else "waiting")
            return registration, True
    except IntegrityError:
        # The database's one-registration-per-resident constraint: another request won.
        existing = Registration.objects.on_event(page).active().of(participant).first()
        if existing is None:
            raise
        return existing, False


def _guests_message(page: EventPageMixin) -> Any:
    if page.max_guests == 0:
        return gettext("You can register only yourself.")
    return ngettext(
        "You can bring at most %(count)d guest.",
        "You can bring at most %(count)d guests.",
        page.max_guests,
    ) % {"count": page.max_guests}


def cancel(registration: Registration) -> list[Registration]:
    """Cancel ``registration``; the places it frees go to the waiting list in arrival order
    (each promoted resident is emailed once). Returns the promoted registrations."""
    page = registration.page.specific
    with transaction.atomic():
        seats = _locked_seats(page)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return []
        was_registered = registration.is_registered
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if was_registered:
            seats.taken = max(seats.taken - registration.places, 0)
        promoted = _promote(page, seats)
        seats.save(update_fields=["taken"])
        _email(registration, page, "cancelled")
    return promoted


def _promote(page: EventPageMixin, seats: EventSeats) -> list[Registration]:
    """Give free places to the waiting list, first come first served: stops at the first
    registration that does not fit, so nobody is overtaken by a smaller party."""
    promoted = []
    now = timezone.now()
    for waiting in Registration.objects.on_event(page).waiting().select_for_update():
        if not _fits(page, seats, waiting.places):
            break
        waiting.status = RegistrationStatus.REGISTERED
        waiting.promoted_at = now
        waiting.save(update_fields=["status", "promoted_at"])
        seats.taken += waiting.places
        _email(waiting, page, "promoted")
        promoted.append(waiting)
    return promoted


def set_capacity(page: EventPageMixin) -> list[Registration]:
    """After an editor raises the capacity: promote from the waiting list (called on publish)."""
    with transaction.atomic():
        seats = _locked_seats(page)
        promoted = _promote(page, seats)
        seats.save(update_fields=["taken"])
    return promoted


def mark_attendance(page: EventPageMixin, attended_ids: set[int]) -> int:
    """Staff's attendance list: these registrations attended, the others did not. Returns how
    many attended; the page's ``attended_count`` is left to the editor (people come without
    registering)."""
    registrations = Registration.objects.on_event(page).registered()
    registrations.filter(pk__in=attended_ids).update(attended=True)
    registrations.exclude(pk__in=attended_ids).update(attended=False)
    return registrations.filter(attended=True).count()


def _email(registration: Registration, page: EventPageMixin, kind: str) -> None:
    if not registration.email:
        return
    url = page_url(page)
    send_templated_email(
        registration.email,
        EMAILS + kind,
        {
            "page": page,
            "registration": registration,
            "url": url,
            "cancel_url": (url.rstrip("/") + "/" + f"cancel/{registration.key}/") if url else "",
            "ics_url": (url.rstrip("/") + "/calendar/") if url else "",
            "online_url": page.online_url if page.is_online else "",
        },
    )


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Email registered attendees of events starting within ``EVENT_REMINDER_HOURS``, once
    each. Returns how many were sent (run it from cron or a worker every few minutes)."""
    hours = settings.EVENT_REMINDER_HOURS
    if not hours:
        return 0
    now = now or timezone.now()
    sent = 0
    due = (
        Registration.objects.registered()
        .filter(reminded_at__isnull=True)
        .exclude(email="")
        .values_list("page_id", flat=True)
        .distinct()
    )
    from wagtail.models import Page

    for page in Page.objects.filter(pk__in=list(due)).specific():
        if not isinstance(page, EventPageMixin):
            continue
        if not (now < page.starts_at <= now + datetime.timedelta(hours=hours)):
            continue
        with transaction.atomic():
            for registration in (
                Registration.objects.on_event(page)
                .registered()
                .filter(reminded_at__isnull=True)
                .select_for_update(skip_locked=True)
            ):
                registration.reminded_at = now
                registration.save(update_fields=["reminded_at"])
                _email(registration, page, "reminder")
                sent += 1
    return sent


def anonymise_past_registrations(now: datetime.datetime | None = None) -> int:
    """Clear names and addresses from registrations of events that ended
    ``EVENT_ANONYMISE_AFTER_DAYS`` ago (the counts and attendance stay)."""
    days = settings.EVENT_ANONYMISE_AFTER_DAYS
    if days is None:
        return 0
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    from wagtail.models import Page

    pages = [
        page.pk
        for page in Page.objects.filter(
            pk__in=Registration.objects.filter(anonymised=False).values("page_id")
        ).specific()
        if isinstance(page, EventPageMixin) and page.end < cutoff
    ]
    return Registration.objects.filter(page_id__in=pages, anonymised=False).update(
        participant=None, name="", email="", answers={}, anonymised=True
    )


def anonymise_participant_registrations(participant: Participant) -> int:
    """ "Forget me": the resident's registrations keep their place in the counts, nothing else."""
    return Registration.objects.filter(participant=participant).update(
        participant=None, name="", email="", answers={}, anonymised=True
    )
