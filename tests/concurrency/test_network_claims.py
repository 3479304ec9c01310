"""Concurrent anonymous votes and survey answers from one network on PostgreSQL: exactly one counts.

Each request runs in its own transaction on its own connection, on the bounded pool of
threads of ``tests.concurrency.pool`` (all released together). Every one comes from a new
browser (no cookie), as an attacker dropping cookies between requests would.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.concurrency.pool import run_at_once
from tests.factories import antispam_fields
from tests.page_privacy import page_with_blocks
from wagtail_participation.surveys.models import Poll, PollChoice, PollVote, SurveyResponse

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VOTES = 60


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests run on PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def poll():
    poll = Poll.objects.create(question="Open the library on Sundays?")
    for label in ("Yes", "No"):
        PollChoice.objects.create(poll=poll, label=label)
    page_with_blocks(("poll", {"poll": poll}))  # a poll takes votes when a page shows it
    return poll


def claim_count():
    # Imported here, so the attacks also run (and fail) on code without the model.
    from wagtail_participation.core.models import NetworkClaim

    return NetworkClaim.objects.count()


def vote_from(address, poll, choice):
    def vote():
        response = Client(REMOTE_ADDR=address).post(
            f"/participation/polls/{poll.pk}/vote/",
            {"choice": choice.pk},
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 200, response.content
        return response.json()["counted"]

    return vote


def test_many_anonymous_votes_from_one_network_at_once_count_once(poll, settings):
    settings.WAGTAIL_PARTICIPATION_RATE_LIMITS = [(10_000, 60)]
    yes = poll.choices.get(label="Yes")
    # IPv6 addresses of one /64: one network.
    outcomes = run_at_once([vote_from(f"2001:db8:1:2::{n + 1:x}", poll, yes) for n in range(VOTES)])
    assert outcomes.count(True) == 1
    assert (
        PollChoice.objects.get(pk=yes.pk).vote_count
        == 1
        == PollVote.objects.filter(poll=poll).count()
    )
    assert claim_count() == 1


def test_taking_over_an_expired_claim_at_once_counts_once(poll, settings):
    settings.WAGTAIL_PARTICIPATION_RATE_LIMITS = [(10_000, 60)]
    yes = poll.choices.get(label="Yes")
    assert vote_from("203.0.113.5", poll, yes)() is True
    from wagtail_participation.core.models import NetworkClaim

    NetworkClaim.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    outcomes = run_at_once([vote_from("203.0.113.5", poll, yes) for _ in range(VOTES)])
    assert outcomes.count(True) == 1
    assert (
        PollChoice.objects.get(pk=yes.pk).vote_count
        == 2
        == PollVote.objects.filter(poll=poll).count()
    )
    assert claim_count() == 1


def test_many_anonymous_survey_answers_from_one_network_at_once_count_once(settings):
    from tests.surveys.factories import make_survey, question

    settings.WAGTAIL_PARTICIPATION_RATE_LIMITS = [(10_000, 60)]
    qid = "d0000000-0000-4000-8000-000000000001"
    page = make_survey(
        [
            question(
                "single_choice",
                "Open on Sundays?",
                id=qid,
                required=True,
                choices=["Yes", "No"],
                display="radio",
                allow_other=False,
            )
        ]
    )

    def answer():
        response = Client(REMOTE_ADDR="203.0.113.9").post(
            page.url, {**antispam_fields(), "step": "1", f"q-{qid}": "Yes", "next": "1"}
        )
        assert response.status_code == 302, response.content
        return response["Location"].endswith("/thanks/")

    outcomes = run_at_once([answer for _ in range(VOTES)])
    assert outcomes.count(True) == 1
    assert SurveyResponse.objects.filter(page_id=page.pk).count() == 1
