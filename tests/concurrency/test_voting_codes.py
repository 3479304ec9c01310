"""One voting code used from 20 browsers at once on PostgreSQL: it votes (is claimed) once.

Each browser enters the code on the code-entry page first (all see it as valid and unused),
then all 20 vote at once: each claims the code with ``claim_held_code`` in the transaction that
records its vote, on its own connection (``tests.concurrency.pool``). One claim wins; the other
19 get ``CodeAlreadyUsed`` and their vote rolls back with it.
"""

import pytest
from django.db import connection, transaction
from django.test import Client, RequestFactory

from tests.concurrency.pool import run_at_once
from tests.factories import ParticipantFactory, add_page, post_form
from tests.testapp.models import EligibleMethodPage
from wagtail_participation.core.eligibility import CodeMode, code_entry_url
from wagtail_participation.core.models import Comment, ModerationState, VotingCode
from wagtail_participation.core.voting_codes import (
    CodeAlreadyUsed,
    claim_code,
    claim_held_code,
    generate_codes,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BROWSERS = 20


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests run on PostgreSQL (set DATABASE_URL)")


def vote_with(page, request, participant):
    """A stand-in for a method's vote: the claim and the vote's row in one transaction."""

    def vote():
        with transaction.atomic():
            code = claim_held_code(request, page, participant=participant)
            Comment.objects.create(
                page=page,
                author=participant,
                body=f"vote with code {code.pk}",
                moderation_state=ModerationState.PUBLISHED,
            )
        return True

    return vote


def test_a_code_from_twenty_browsers_at_once_votes_once(settings):
    settings.WAGTAIL_PARTICIPATION_VOTING_CODE_RATE_LIMITS = [(10_000, 60)]
    page = add_page(
        EligibleMethodPage(
            title="Budget", slug="budget", eligibility_voting_codes=CodeMode.REQUIRED
        )
    )
    _batch, (code,) = generate_codes(page, 1)
    attempts = []
    for n in range(BROWSERS):
        browser = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
        response = post_form(browser, code_entry_url(page), {"code": code})
        assert response.status_code == 302  # valid and unused for every browser, so far
        request = RequestFactory().post("/")
        request.session = browser.session
        attempts.append(vote_with(page, request, ParticipantFactory()))
    outcomes = run_at_once(attempts, errors_allowed=True)
    assert outcomes.count(True) == 1
    assert sum(isinstance(o, CodeAlreadyUsed) for o in outcomes) == BROWSERS - 1
    assert Comment.objects.filter(page=page).count() == 1
    row = VotingCode.objects.get(page_id=page.pk)
    assert row.claimed_at is not None
    assert Comment.objects.get(page=page).author_id == row.claimed_by_id


def test_many_codes_claimed_at_once_each_once(settings):
    page = add_page(
        EligibleMethodPage(
            title="Budget", slug="budget", eligibility_voting_codes=CodeMode.REQUIRED
        )
    )
    _batch, codes = generate_codes(page, 10)

    def claim(code):
        def attempt():
            with transaction.atomic():
                claim_code(page, code)
            return True

        return attempt

    # Every code tried from three threads: ten claims succeed, one per code.
    outcomes = run_at_once([claim(code) for code in codes * 3], errors_allowed=True)
    assert outcomes.count(True) == 10
    assert VotingCode.objects.filter(page_id=page.pk, claimed_at__isnull=False).count() == 10
