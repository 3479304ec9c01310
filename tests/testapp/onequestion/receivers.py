"""The answers in a resident's data ("Your data"), what "forget me" removes from them, and what
the retention command clears in time.

The answers' text is in core's ``contributions`` section already (an Answer is a Contribution);
this app adds what only it holds: the question and the neighbourhood.
"""

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.privacy import describe_personal_data
from wagtail_participation.core.signals import (
    collect_personal_data,
    participant_anonymised,
    retention_due,
)

from .models import Answer
from .services import forget_old_neighbourhoods

SECTION = "onequestion_answers"

describe_personal_data(
    SECTION,
    _("Your answers to one-question pages"),
    {
        "question": _("Question"),
        "answer": _("Answer"),
        "neighbourhood": _("Neighbourhood"),
        "created_at": _("Answered"),
    },
)


@receiver(collect_personal_data)
def answers_data(sender, participant, **kwargs):
    answers = Answer.objects.by(participant).select_related("page").order_by("created_at")
    return {
        SECTION: [
            {
                "answer_id": answer.pk,
                "question": getattr(answer.page.specific, "question", answer.page.title),
                "answer": answer.body,
                "neighbourhood": answer.neighbourhood,
                "created_at": answer.created_at.isoformat(),
            }
            for answer in answers
        ]
    }


@receiver(participant_anonymised)
def forget_neighbourhoods(sender, participant, **kwargs):
    """The answers stay (without their author's name, as every contribution); where the resident
    lives goes."""
    Answer.objects.by(participant).update(neighbourhood="")


@receiver(retention_due)
def forget_neighbourhoods_in_time(sender, now, **kwargs):
    return "neighbourhood(s) of old answers", forget_old_neighbourhoods(now)
