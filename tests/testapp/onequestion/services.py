"""Every state change of the one-question pages, with its log entry and email.

Views, admin views and tasks call these; they take plain arguments and return what they made.
Moderating an answer is core's (``core.moderation.set_state``): an answer is a Contribution.
"""

import datetime

from django.db import transaction
from wagtail.log_actions import log

from wagtail_participation.core.emails import send_templated_email
from wagtail_participation.core.links import page_url
from wagtail_participation.core.models import Participant
from wagtail_participation.core.moderation import log_data

from .conf import settings
from .models import Answer, OneQuestionPageMixin

ANSWER_ACTION = "testapp_onequestion.answer"
CONFIRMATION_EMAIL = "testapp_onequestion/emails/answer_received"


def give_answer(
    page: OneQuestionPageMixin, participant: Participant, body: str, neighbourhood: str = ""
) -> Answer:
    """Store ``participant``'s answer on ``page`` (published or pending, as the page moderates),
    write it to the page's history (by id, never its text) and email the resident a copy."""
    with transaction.atomic():
        answer = Answer.objects.create(
            page=page,
            author=participant,
            body=body,
            neighbourhood=neighbourhood,
            moderation_state=page.initial_moderation_state(),
        )
        log(instance=page, action=ANSWER_ACTION, data=log_data(answer))
        if settings.ONEQUESTION_CONFIRMATION_EMAIL and participant.email:
            send_templated_email(
                participant.email,
                CONFIRMATION_EMAIL,
                {"answer": answer, "page": page, "url": page_url(page)},
            )
    return answer


def forget_old_neighbourhoods(now: datetime.datetime) -> int:
    """Clear the neighbourhood of answers older than ``ONEQUESTION_NEIGHBOURHOOD_KEEP_DAYS``
    (the retention command, daily); returns how many answers lost theirs."""
    cutoff = now - datetime.timedelta(days=settings.ONEQUESTION_NEIGHBOURHOOD_KEEP_DAYS)
    return (
        Answer.objects.filter(created_at__lt=cutoff)
        .exclude(neighbourhood="")
        .update(neighbourhood="")
    )
