"""Voting in a poll: one vote per resident (or browser and network), counted atomically.

The poll services. This module imports no model (it reaches them through the poll), so
``PollBlock`` (``blocks.py``, which the survey page's model imports) can use it.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F

from wagtail_participation.core.models import AccessRequirement, Participant
from wagtail_participation.core.network_claims import NetworkAlreadyAnswered, claim_network

if TYPE_CHECKING:
    from .models import Poll, PollChoice

__all__ = [
    "NetworkAlreadyAnswered",
    "cast_poll_vote",
    "has_voted",
    "poll_dedupe_key",
    "poll_results",
    "shares",
    "vote",
    "voted_choice",
]


def poll_dedupe_key(
    poll: Poll, participant: Participant | None, browser_token: str | None
) -> str | None:
    """What makes a vote "the same resident's": the participant, else the browser's token."""
    if participant is not None:
        return f"p:{participant.pk}"
    if browser_token:
        return "b:" + hashlib.sha256(f"poll:{poll.pk}:{browser_token}".encode()).hexdigest()[:40]
    return None


def poll_network_scope(poll: Poll) -> str:
    return f"poll:{poll.pk}"


def cast_poll_vote(
    poll: Poll,
    choice: PollChoice,
    participant: Participant | None,
    key: str | None,
    network: str | None = None,
) -> bool:
    """Record the vote; False if this resident or browser had voted already (nothing changes).

    An anonymous vote (no participant) with the client's ``network`` also claims that network
    for this poll in the same transaction; if another anonymous vote from it holds the claim,
    nothing changes and NetworkAlreadyAnswered is raised.
    """
    try:
        with transaction.atomic():
            poll.votes.create(choice=choice, participant=participant, dedupe_key=key)
            if participant is None and network:
                claim_network(poll_network_scope(poll), network)
            type(choice)._default_manager.filter(pk=choice.pk).update(
                vote_count=F("vote_count") + 1
            )
    except IntegrityError:
        return False
    return True


def vote(
    poll: Poll,
    choice: PollChoice,
    participant: Participant | None,
    browser_token: str | None,
    network: str | None = None,
) -> bool:
    """A resident's vote (``participant``, or the anonymous browser holding ``browser_token``
    on ``network``): ``cast_poll_vote`` with its dedupe key. The caller checks ``core.policy``."""
    return cast_poll_vote(
        poll, choice, participant, poll_dedupe_key(poll, participant, browser_token), network
    )


def has_voted(poll: Poll, key: str | None) -> bool:
    return poll.votes.cast_by(key)


def voted_choice(poll: Poll, key: str | None) -> PollChoice | None:
    """The answer this resident or browser (``key``) chose, or None when they have not voted."""
    if key is None:
        return None
    vote = poll.votes.filter(dedupe_key=key).select_related("choice").first()
    return vote.choice if vote is not None else None


def shares(counts: list[int]) -> list[int]:
    """Whole percentages of ``counts`` that add up to 100 (largest remainder: each share rounded
    down, then the points left go to the largest remainders, the first answer winning a tie);
    all 0 when nothing was counted."""
    total = sum(counts)
    if not total:
        return [0] * len(counts)
    exact = [100 * count / total for count in counts]
    result = [int(share) for share in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: (-(exact[i] - result[i]), i))
    for i in by_remainder[: 100 - sum(result)]:
        result[i] += 1
    return result


def poll_results(poll: Poll) -> dict[str, Any]:
    """The poll's figures: ``total``, ``indicative`` and one bar per answer."""
    choices = list(poll.choices.all())
    total = sum(c.vote_count for c in choices)
    top = max((c.vote_count for c in choices), default=0) or 1
    percents = shares([c.vote_count for c in choices])
    return {
        "total": total,
        # Anyone could vote without signing in: the figures are indicative.
        "indicative": poll.requirement == AccessRequirement.ANYONE,
        "bars": [
            {
                "pk": c.pk,
                "label": c.label,
                "count": c.vote_count,
                "percent": percent,
                "width": round(100 * c.vote_count / top),
            }
            for c, percent in zip(choices, percents, strict=True)
        ],
    }
