"""Background work shared by every participation app (django_tasks): the email outbox.

Every email of the package goes through ``enqueue_email(to, subject, body)``. It writes one
``OutgoingEmail`` row in the caller's transaction, so the email exists exactly when what caused
it committed (a signature, an idea, a response), and queues ``send_emails`` for that row once
the transaction commits. Sending claims due rows for a lease (``SELECT ... FOR UPDATE SKIP
LOCKED`` on PostgreSQL, then a conditional update), sends each, and stamps ``sent_at``. If the
mail server refuses, the rows stay due with a back-off and the error is logged (once a minute):
the request that caused them never fails. They are sent again by the next email's task once
the server answers (a few at a time, ``EMAIL_CATCH_UP``), by ``participation_send_emails``
(cron) or by the task ``send_due_emails``. A sender killed mid-batch leaves its rows claimed
until the lease ends; then they are sent by whoever comes next. So an email is never lost;
it may go twice only if a sender dies between the mail server accepting it and the stamp (a
window of one database update), and then with the same Message-ID, which mail systems use
to drop duplicates.
"""

import contextlib
import datetime
import logging
import smtplib
import time

from django.conf import settings as django_settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from .conf import settings
from .faults import warn_once
from .models import OutgoingEmail

logger = logging.getLogger(__name__)

try:  # Django 6.1 and later: the site's MAILERS (or its EMAIL_* settings, until Django 2028)
    from django.core.mail import mailers  # type: ignore[attr-defined]
except ImportError:  # Django 5.2 and 6.0
    mailers = None


def _open_mailer():
    """The site's default mailer, from MAILERS on Django 6.1+, else EMAIL_BACKEND."""
    if mailers is not None:
        return mailers.default
    return get_connection(fail_silently=False)


def enqueue_email(to, subject, body):
    """Queue one plain-text email: one INSERT now, sent once the current transaction commits."""
    return enqueue_emails([(to, subject, body)])[0]


def enqueue_emails(messages):
    """Queue several ``(to, subject, body)`` emails with one INSERT and one task after commit."""
    rows = [OutgoingEmail(to=to, subject=subject, body=body) for to, subject, body in messages]
    if not rows:
        return []
    if len(rows) == 1:
        rows[0].save()
    else:
        rows = OutgoingEmail.objects.bulk_create(rows)
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: _queue_sending(ids))
    return rows


def _queue_sending(ids):
    try:
        send_emails.enqueue(email_ids=ids)
    except Exception:  # noqa: BLE001 - the rows wait in the outbox for the next sender
        warn_once(
            "outbox-queue",
            "wagtail_participation: could not queue sending emails; they wait in the outbox",
            log=logger,
        )


@task()
def send_emails(email_ids=None):
    """Send the given outbox rows (every due row if None), then a few overdue ones. Returns how many went."""
    if email_ids is None:
        return deliver()
    sent, ok = _deliver_ids(email_ids)
    if ok and settings.EMAIL_CATCH_UP and _catch_up_due():
        sent += deliver(limit=settings.EMAIL_CATCH_UP, overdue=True)
    return sent


#: Seconds between two looks for overdue emails from one process (each email's task would
#: otherwise add a query; a surge sends hundreds a minute).
CATCH_UP_INTERVAL = 10
_last_catch_up = [float("-inf")]


def _catch_up_due():
    now = time.monotonic()
    if now - _last_catch_up[0] < CATCH_UP_INTERVAL:
        return False
    _last_catch_up[0] = now
    return True


@task()
def send_due_emails():
    """Send every email that is due (for a periodic scheduler; ``participation_send_emails`` does the same)."""
    return deliver()


def deliver(limit=None, overdue=False):
    """Claim and send due emails in batches until none is left, ``limit`` went or the server fails.

    ``overdue`` only takes rows due for a while (a failed attempt's back-off passed, or a sender
    lost them), leaving fresh rows to the task their own transaction queued.
    """
    sent = 0
    while limit is None or sent < limit:
        size = (
            settings.EMAIL_BATCH_SIZE
            if limit is None
            else min(settings.EMAIL_BATCH_SIZE, limit - sent)
        )
        rows = _claim(size=size, overdue=overdue)
        if not rows:
            break
        done, ok = _send(rows)
        sent += done
        if not ok:
            break
    return sent


def _deliver_ids(ids):
    """Claim these rows (no transaction needed: see ``_take``), then send them."""
    rows = _take(ids, timezone.now())
    return _send(rows) if rows else (0, True)


def _claimable(queryset, now):
    return queryset.filter(sent_at__isnull=True, attempts__lt=settings.EMAIL_MAX_ATTEMPTS).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def _take(ids, now):
    """The rows of ``ids`` this sender now holds for EMAIL_LEASE_SECONDS; nobody else sends them meanwhile.

    One conditional update claims them: PostgreSQL locks each row while updating it, so a second
    sender's update finds it claimed; on SQLite writes are serial. Then the rows it won are read.
    """
    until = now + datetime.timedelta(seconds=settings.EMAIL_LEASE_SECONDS)
    if not _claimable(OutgoingEmail.objects.filter(pk__in=ids), now).update(
        claimed_until=until,
        attempts=F("attempts") + 1,
    ):
        return []
    return list(
        OutgoingEmail.objects.filter(
            pk__in=ids, claimed_until=until, sent_at__isnull=True
        ).order_by("due_at", "pk")
    )


def _claim(size=None, overdue=False):
    """Up to ``size`` due rows, claimed (``_take``); senders running at once skip each other's rows."""
    now = timezone.now()
    due = _claimable(OutgoingEmail.objects.all(), now).filter(
        due_at__lte=now - datetime.timedelta(seconds=30) if overdue else now,
    )
    with transaction.atomic():
        ids = list(
            due.select_for_update(skip_locked=True)
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:size]
        )
        return _take(ids, now) if ids else []


def message_id(row):
    """A Message-ID that stays the same if the email has to be sent again."""
    sender = settings.FROM_EMAIL or django_settings.DEFAULT_FROM_EMAIL or ""
    domain = sender.rpartition("@")[2].strip(" >") or "localhost"
    return f"<wp-outbox.{row.pk}.{int(row.created_at.timestamp())}@{domain}>"


#: Errors about one recipient: that email waits, the others of the batch still go.
RECIPIENT_ERRORS = (smtplib.SMTPRecipientsRefused,)


def _send(rows):
    """Send claimed rows over one connection; returns (how many went, whether the server worked)."""
    sent, pending = 0, list(rows)
    connection = _open_mailer()
    try:
        connection.open()
        while pending:
            row = pending[0]
            message = EmailMessage(
                row.subject,
                row.body,
                settings.FROM_EMAIL,
                [row.to],
                headers={"Message-ID": message_id(row)},
            )
            try:
                connection.send_messages([message])
            except RECIPIENT_ERRORS as error:
                _retry_later([pending.pop(0)], error)
                continue
            OutgoingEmail.objects.filter(pk=row.pk).update(
                sent_at=timezone.now(), claimed_until=None, last_error=""
            )
            pending.pop(0)
            sent += 1
    except Exception as error:  # noqa: BLE001 - the mail server failed: the rest wait in the outbox
        _retry_later(pending, error)
        warn_once(
            "mail-server",
            "wagtail_participation: the mail server failed (%r); %s email(s) wait in the "
            "outbox, due again from %s",
            error,
            len(pending),
            pending[0].due_at if pending else None,
            log=logger,
            exc_info=False,
        )
        return sent, False
    finally:
        with contextlib.suppress(Exception):  # closing a broken connection
            connection.close()
    return sent, True


def _retry_later(rows, error):
    """Release rows that were not sent, due again after a back-off that doubles with each attempt."""
    now = timezone.now()
    for row in rows:
        delay = min(
            settings.EMAIL_RETRY_SECONDS * 2 ** max(row.attempts - 1, 0),
            settings.EMAIL_RETRY_MAX_SECONDS,
        )
        row.due_at = now + datetime.timedelta(seconds=delay)
        OutgoingEmail.objects.filter(pk=row.pk, sent_at__isnull=True).update(
            due_at=row.due_at,
            claimed_until=None,
            last_error=repr(error)[:1000],
        )
        if row.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            logger.error(
                "wagtail_participation: email %s not sent after %s attempts; given up (%r)",
                row.pk,
                row.attempts,
                error,
            )
    return len(rows)


def purge_sent_emails(now=None):
    """Delete emails sent, or given up, more than EMAIL_KEEP_DAYS ago (they hold addresses). Returns how many.

    An email is given up at its last failed attempt, whose back-off ``due_at`` ends later, or,
    if the sender of its last attempt died, when that lease ended (``claimed_until``): not when
    it was created, which is a day of retries earlier (and would take an email whose last
    attempt is still being sent).
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.EMAIL_KEEP_DAYS)
    given_up = Q(
        sent_at__isnull=True, attempts__gte=settings.EMAIL_MAX_ATTEMPTS, due_at__lt=cutoff
    ) & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=cutoff))
    deleted, _ = OutgoingEmail.objects.filter(Q(sent_at__lt=cutoff) | given_up).delete()
    return deleted
