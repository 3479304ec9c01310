"""Concurrent registrations on PostgreSQL: capacity holds, the waiting list keeps arrival
order, cancellations promote exactly the next residents, each emailed once.

Each registration runs in its own transaction on its own connection, on the bounded pool of
threads of ``tests.concurrency.pool`` (all released together).
"""

import pytest
from django.db import connection

from tests.concurrency import pool
from tests.events.factories import make_event
from tests.factories import ParticipantFactory
from wagtail_participation.core.models import OutgoingEmail
from wagtail_participation.events import services
from wagtail_participation.events.models import EventSeats, Registration

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests run on PostgreSQL (set DATABASE_URL)")


def test_two_hundred_residents_for_fifty_places_then_fifty_cancel_at_once():
    event = make_event(capacity=50)
    residents = ParticipantFactory.create_batch(200)
    pool.run_at_once([lambda r=r: services.register(event, r) for r in residents])

    registered = list(Registration.objects.on_event(event).registered().order_by("pk"))
    waiting = list(Registration.objects.on_event(event).waiting())
    assert len(registered) == 50 and len(waiting) == 150
    assert EventSeats.objects.get(page_id=event.pk).taken == 50
    # Arrival order: whoever got a place arrived before everyone waiting.
    assert max(r.pk for r in registered) < min(w.pk for w in waiting)
    assert [w.created_at for w in waiting] == sorted(w.created_at for w in waiting)

    pool.run_at_once([lambda r=r: services.cancel(r) for r in registered])
    promoted = list(Registration.objects.on_event(event).registered().order_by("pk"))
    assert [r.pk for r in promoted] == [w.pk for w in waiting[:50]]
    assert Registration.objects.on_event(event).waiting().count() == 100
    assert EventSeats.objects.get(page_id=event.pk).taken == 50
    for registration in promoted:
        emails = OutgoingEmail.objects.filter(
            to=registration.email, subject__contains="place is free"
        )
        assert emails.count() == 1


def test_one_resident_registering_twenty_times_at_once_is_registered_once():
    event = make_event(capacity=10)
    resident = ParticipantFactory()
    outcomes = pool.run_at_once([lambda: services.register(event, resident) for _ in range(20)])
    assert Registration.objects.filter(participant=resident).count() == 1
    assert sum(1 for _, created in outcomes if created) == 1
    assert EventSeats.objects.get(page_id=event.pk).taken == 1
    assert OutgoingEmail.objects.filter(to=resident.email).count() == 1
