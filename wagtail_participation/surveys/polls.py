"""Voting in a poll: one vote per resident (or browser and network), counted atomically."""

import hashlib

from django.db import IntegrityError, transaction
from django.db.models import F

from wagtail_participation.core.models import AccessRequirement
from wagtail_participation.core.network_claims import NetworkAlreadyAnswered, claim_network

from .models import PollChoice, PollVote

__all__ = [
    "NetworkAlreadyAnswered",
    "cast_poll_vote",
    "has_voted",
    "poll_dedupe_key",
    "poll_results",
]


def poll_dedupe_key(poll, participant, browser_token):
    if participant is not None:
        return f"p:{participant.pk}"
    if browser_token:
        return "b:" + hashlib.sha256(f"poll:{poll.pk}:{browser_token}".encode()).hexdigest()[:40]
    return None


def poll_network_scope(poll):
    return f"poll:{poll.pk}"


def cast_poll_vote(poll, choice, participant, key, network=None):
    """Record the vote; False if this resident or browser had voted already (nothing changes).

    An anonymous vote (no participant) with the client's ``network`` also claims that network
    for this poll in the same transaction; if another anonymous vote from it holds the claim,
    nothing changes and NetworkAlreadyAnswered is raised.
    """
    try:
        with transaction.atomic():
            PollVote.objects.create(
                poll=poll, choice=choice, participant=participant, dedupe_key=key
            )
            if participant is None and network:
                claim_network(poll_network_scope(poll), network)
            PollChoice.objects.filter(pk=choice.pk).update(vote_count=F("vote_count") + 1)
    except IntegrityError:
        return False
    return True


def has_voted(poll, key):
    return PollVote.objects.cast(poll, key)


def poll_results(poll):
    choices = list(poll.choices.all())
    total = sum(c.vote_count for c in choices)
    top = max((c.vote_count for c in choices), default=0) or 1
    return {
        "total": total,
        # Anyone could vote without signing in: the figures are indicative.
        "indicative": poll.requirement == AccessRequirement.ANYONE,
        "bars": [
            {
                "label": c.label,
                "count": c.vote_count,
                "percent": round(100 * c.vote_count / total) if total else 0,
                "width": round(100 * c.vote_count / top),
            }
            for c in choices
        ],
    }
