"""Telling residents what happened to an idea: one email per person per update, never two.

``notify_idea_update`` (a django_tasks task) emails the idea's author and every
supporter who asked for updates. Each email is guarded by an ``IdeaNotification``
row, unique per idea, resident and update version, inserted in the same
transaction as the email is written to the outbox (which sends it, and sends it
again if the mail server fails): a task that runs twice, even at the same time,
finds the row and writes nothing.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from django_tasks import task

from wagtail_participation.core.emails import send_templated_email
from wagtail_participation.core.links import absolute_url, page_url
from wagtail_participation.core.models import Participant
from wagtail_participation.core.translations import in_language

from .models import Idea, IdeaNotification, IdeaVote

logger = logging.getLogger(__name__)


def recipients(idea: Idea) -> list[Participant]:
    """The participants to tell: the author, then supporters who asked, each once, with an address."""
    people = []
    if idea.author_id and idea.author.email and not idea.author.is_anonymised:
        people.append(idea.author)
    votes = IdeaVote.objects.filter(
        idea=idea, wants_updates=True, participant__email__isnull=False
    ).select_related("participant")
    for vote in votes.order_by("pk"):
        participant = vote.participant
        if participant.anonymised_at is None and all(p.pk != participant.pk for p in people):
            people.append(participant)
    return people


def response_text(idea: Idea) -> str:
    text = strip_tags(
        idea.response.replace("</p>", "</p>\n\n").replace("<br/>", "\n").replace("<li>", "<li>- ")
    )
    return normalize_newlines(text).strip()


def idea_url(idea: Idea, language: str | None = None) -> str:
    """The idea's absolute address on its board (its translation in ``language`` if any), from
    the site's configured address ("" if unroutable)."""
    board = in_language(idea.page.specific, language)
    board_url = page_url(board)
    return board_url + board.reverse_subpage("idea", args=[idea.pk]) if board_url else ""


def send_update(idea: Idea, participant: Participant) -> None:
    context = {
        "idea": idea,
        "participant": participant,
        "is_author": participant.pk == idea.author_id,
        "status": idea.get_status_display(),
        "response": response_text(idea),
        "url": idea_url(idea, participant.language),
        "my_data_url": absolute_url(reverse("wagtail_participation:my_data"), page=idea.page),
    }
    send_templated_email(
        participant.email,
        "wagtail_participation_ideas/emails/update",
        context,
        language=participant.language,
    )


@task()
def notify_idea_update(idea_id: int, version: int) -> int:
    """Email update ``version`` of idea ``idea_id`` to everyone who should hear of it, once each."""
    idea = Idea.objects.select_related("author", "page").filter(pk=idea_id).first()
    if idea is None:
        return 0
    sent = 0
    for participant in recipients(idea):
        try:
            with transaction.atomic():
                IdeaNotification.objects.create(idea=idea, participant=participant, version=version)
                send_update(idea, participant)
        except IntegrityError:
            continue  # sent already (or being sent by another run)
        sent += 1
    logger.info(
        "wagtail_participation: idea %s update %s emailed to %s residents", idea_id, version, sent
    )
    return sent


def enqueue_idea_update(idea_id: int, version: int) -> None:
    """Run ``notify_idea_update`` once the current transaction commits."""
    transaction.on_commit(lambda: notify_idea_update.enqueue(idea_id=idea_id, version=version))
