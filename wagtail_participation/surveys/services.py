"""Every change to surveys' data: sending a response, recording the questions on publish,
and forgetting a resident's responses and poll votes. Votes in polls are in ``polls.py``.

Views, receivers and management code call these; they take plain arguments (the page,
the participant, the answers) and return what they made. Answering step by step keeps
the answers in the resident's session until the last step: that is the view's job
(``views.py``); only the last step's ``submit_response`` writes anything.

Responses are many and not moderated one by one, so sending one writes no log entry (as
signing a petition writes none) and sends no email.
"""

import hashlib
from collections.abc import Collection
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail_participation.core.models import Participant
from wagtail_participation.core.network_claims import (
    NetworkAlreadyAnswered,
    claim_network,
    network_has_answered,
)
from wagtail_participation.core.translations import canonical_page, canonical_page_id, is_canonical

from .models import PollVote, SurveyPageMixin, SurveyQuestionRecord, SurveyResponse, survey_pages
from .registry import question_types

__all__ = [
    "AlreadyAnswered",
    "NetworkAlreadyAnswered",
    "already_answered",
    "anonymise_responses",
    "dedupe_key",
    "network_answered",
    "network_dedupes",
    "network_scope",
    "personal_question_ids",
    "record_questions",
    "submit_response",
]


class AlreadyAnswered(Exception):
    """This resident or browser sent a response to this one-response survey already."""


def dedupe_key(
    page: SurveyPageMixin, participant: Participant | None, browser_token: str | None
) -> str | None:
    """What makes a response "the same resident's" for a one-response survey (None: no limit)."""
    if not page.one_response_per_resident:
        return None
    if participant is not None:
        return f"p:{participant.pk}"
    if browser_token:
        survey = canonical_page_id(page)  # one limit for all the survey's translations
        return "b:" + hashlib.sha256(f"{survey}:{browser_token}".encode()).hexdigest()[:40]
    return None


def already_answered(
    page: SurveyPageMixin, participant: Participant | None, browser_token: str | None
) -> bool:
    """Whether this resident (or anonymous browser) sent a response to ``page`` already."""
    return SurveyResponse.objects.answered(page, dedupe_key(page, participant, browser_token))


def network_scope(page: SurveyPageMixin) -> str:
    return f"survey:{canonical_page_id(page)}"


def network_dedupes(page: SurveyPageMixin, participant: Participant | None, paper: bool) -> bool:
    """Whether this answer is anonymous and one per network (see ``core.network_claims``)."""
    return not paper and participant is None and page.one_response_per_resident


def network_answered(
    page: SurveyPageMixin, participant: Participant | None, network: str | None, paper: bool
) -> bool:
    """Whether an anonymous response from ``network`` holds this survey's network claim, so
    this (anonymous) resident would be refused: the survey says so before they answer."""
    return network_dedupes(page, participant, paper) and network_has_answered(
        network_scope(page), network
    )


def submit_response(
    page: SurveyPageMixin,
    answers: dict[str, Any],
    *,
    participant: Participant | None = None,
    browser_token: str | None = None,
    network: str | None = None,
    entered_by: AbstractBaseUser | None = None,
) -> SurveyResponse:
    """Store a complete response to ``page``, and for an anonymous one-response survey claim
    the resident's ``network`` in the same transaction.

    ``entered_by`` (a user who may edit the survey) makes it a paper response: no participant,
    no one-response limit. Raises ``AlreadyAnswered`` when this resident's or browser's
    response is there already, ``NetworkAlreadyAnswered`` when another anonymous response from
    ``network`` holds the claim; nothing is stored then. The caller checks ``core.policy``.
    """
    paper = entered_by is not None
    if paper:
        participant = None
    key = None if paper else dedupe_key(page, participant, browser_token)
    try:
        with transaction.atomic():
            # entered_by: the swappable user model; django-stubs types the field with the
            # settings' User.
            response = SurveyResponse.objects.create(  # type: ignore[misc]
                page=canonical_page(page),  # one set of results for all its translations
                participant=participant,
                answers=answers,
                is_paper=paper,
                entered_by=entered_by,
                dedupe_key=key,
            )
            if network_dedupes(page, participant, paper):
                claim_network(network_scope(page), network)
    except IntegrityError as error:
        raise AlreadyAnswered from error
    return response


def record_questions(page: SurveyPageMixin) -> None:
    """Store each current question's text; mark questions no longer in the survey as removed.

    Called when the survey is published, so exports keep the answers of deleted questions.
    Only the canonical translation's questions are recorded (``core.translations``): its
    translations share its responses, and their questions the same ids."""
    if not is_canonical(page):
        return
    questions = page.structure.questions
    now = timezone.now()
    with transaction.atomic():
        for position, question in enumerate(questions):
            SurveyQuestionRecord.objects.update_or_create(
                page_id=page.pk,
                question_id=question.id,
                defaults={
                    "label": question.label,
                    "question_type": question.type,
                    "position": position,
                    "removed_at": None,
                },
            )
        SurveyQuestionRecord.objects.for_survey(page).filter(removed_at__isnull=True).exclude(
            question_id__in=[q.id for q in questions]
        ).update(removed_at=now)


def personal_question_ids(page_ids: Collection[int]) -> dict[int, set[str]]:
    """{page id: ids of its questions holding personal data (email addresses)}, the current ones
    and those removed since."""
    personal = [
        block_type for block_type, kind in question_types().items() if kind.holds_personal_data
    ]
    found: dict[int, set[str]] = {}
    for page_id, question_id in SurveyQuestionRecord.objects.filter(
        page_id__in=page_ids,
        question_type__in=personal,
    ).values_list("page_id", "question_id"):
        found.setdefault(page_id, set()).add(question_id)
    for page in survey_pages(page_ids).values():
        found.setdefault(page.pk, set()).update(
            q.id for q in page.structure.questions if q.holds_personal_data
        )
    return found


def anonymise_responses(participant: Participant) -> None:
    """Forget ``participant`` in their responses and poll votes.

    The answers stay in the results; who gave them does not, nor the addresses they typed
    into email questions (any question type holding personal data). Poll votes keep counting
    and no longer point at them."""
    responses = SurveyResponse.objects.of(participant)
    by_page = personal_question_ids(set(responses.values_list("page_id", flat=True)))
    for response in responses.filter(page_id__in=list(by_page)).only("pk", "page_id", "answers"):
        answers = response.answers if isinstance(response.answers, dict) else {}
        personal = by_page[response.page_id]
        kept = {
            key: value for key, value in answers.items() if key.split(":", 1)[0] not in personal
        }
        if kept != answers:
            SurveyResponse.objects.filter(pk=response.pk).update(answers=kept)
    responses.update(participant=None)
    PollVote.objects.of(participant).update(participant=None)
