"""Concurrent reports on PostgreSQL: counted exactly, hidden once, one report per resident."""

import threading

import pytest
from django.db import connection, connections
from wagtail.models import PageLogEntry

from tests.factories import CommentFactory, ParticipantFactory
from wagtail_participation.core import moderation
from wagtail_participation.core.models import ModerationState, Report, ReportReason

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests run on PostgreSQL (set DATABASE_URL)")


def run_at_once(functions):
    barrier = threading.Barrier(len(functions))
    errors = []

    def run(function):
        try:
            barrier.wait()
            function()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_many_residents_report_at_once():
    comment = CommentFactory()
    residents = ParticipantFactory.create_batch(20)
    run_at_once([lambda r=r: moderation.report(comment, r, ReportReason.SPAM) for r in residents])
    comment.refresh_from_db()
    assert comment.report_count == 20 == Report.objects.filter(contribution=comment).count()
    assert comment.moderation_state == ModerationState.HIDDEN
    hidden_logs = PageLogEntry.objects.filter(
        page=comment.page, action="wagtail_participation.auto_hide"
    )
    assert hidden_logs.count() == 1  # hidden once, not once per report over the threshold


def test_one_resident_reporting_many_times_at_once_counts_once():
    comment = CommentFactory()
    resident = ParticipantFactory()
    run_at_once(
        [lambda: moderation.report(comment, resident, ReportReason.SPAM) for _ in range(10)]
    )
    comment.refresh_from_db()
    assert comment.report_count == 1 == Report.objects.filter(contribution=comment).count()
    assert comment.moderation_state == ModerationState.PUBLISHED
