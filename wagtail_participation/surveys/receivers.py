"""Remember question texts on publish; add responses to a resident's data; anonymise them."""

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published

from wagtail_participation.core.signals import collect_personal_data, participant_anonymised

from .models import SurveyPageMixin, SurveyQuestionRecord, SurveyResponse


def record_questions(page):
    """Store each current question's text; mark questions no longer in the survey as removed."""
    questions = page.structure.questions
    now = timezone.now()
    with transaction.atomic():
        for position, question in enumerate(questions):
            SurveyQuestionRecord.objects.update_or_create(
                page_id=page.pk, question_id=question.id,
                defaults={"label": question.label, "question_type": question.type, "position": position,
                          "removed_at": None},
            )
        SurveyQuestionRecord.objects.filter(page_id=page.pk, removed_at__isnull=True).exclude(
            question_id__in=[q.id for q in questions]
        ).update(removed_at=now)


@receiver(page_published)
def survey_published(sender, instance, **kwargs):
    page = instance.specific if hasattr(instance, "specific") else instance
    if isinstance(page, SurveyPageMixin):
        record_questions(page)


@receiver(collect_personal_data)
def survey_responses_data(sender, participant, **kwargs):
    return {
        "survey_responses": [
            {"survey_page_id": r.page_id, "submitted_at": r.submitted_at.isoformat(), "answers": r.answers}
            for r in SurveyResponse.objects.filter(participant=participant)
        ]
    }


@receiver(participant_anonymised)
def anonymise_survey_responses(sender, participant, **kwargs):
    # The answers stay in the results; who gave them does not.
    SurveyResponse.objects.filter(participant=participant).update(participant=None)
