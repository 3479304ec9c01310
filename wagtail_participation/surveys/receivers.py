"""Remember question texts on publish; add responses and poll votes to a resident's data;
anonymise them."""

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.signals import page_published

from wagtail_participation.core.privacy import describe_personal_data
from wagtail_participation.core.signals import collect_personal_data, participant_anonymised

from .models import PollVote, SurveyPageMixin, SurveyQuestionRecord, SurveyResponse


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


describe_personal_data("survey_responses", _("Surveys you answered"), {
    "survey": _("Survey"), "submitted_at": _("Sent"), "answers": _("Answers"),
})
describe_personal_data("poll_votes", _("Polls you voted in"), {
    "poll": _("Poll"), "answer": _("Your answer"), "voted_at": _("Voted"),
})


@receiver(collect_personal_data)
def survey_responses_data(sender, participant, **kwargs):
    responses = list(SurveyResponse.objects.filter(participant=participant).order_by("submitted_at"))
    titles = dict(Page.objects.filter(pk__in={r.page_id for r in responses}).values_list("pk", "title"))
    votes = PollVote.objects.filter(participant=participant).select_related("poll", "choice").order_by("created_at")
    return {
        "survey_responses": [
            {"survey_page_id": r.page_id, "survey": titles.get(r.page_id, ""),
             "submitted_at": r.submitted_at.isoformat(), "answers": r.answers}
            for r in responses
        ],
        "poll_votes": [
            {"poll_id": v.poll_id, "poll": v.poll.question, "answer": v.choice.label,
             "voted_at": v.created_at.isoformat()}
            for v in votes
        ],
    }


def email_question_ids(page_ids):
    """{page id: ids of its email questions}, the current ones and those removed since."""
    found = {}
    for page_id, question_id in SurveyQuestionRecord.objects.filter(
        page_id__in=page_ids, question_type="email",
    ).values_list("page_id", "question_id"):
        found.setdefault(page_id, set()).add(question_id)
    for page in Page.objects.filter(pk__in=page_ids).specific():
        if isinstance(page, SurveyPageMixin):
            found.setdefault(page.pk, set()).update(q.id for q in page.structure.questions if q.type == "email")
    return found


@receiver(participant_anonymised)
def anonymise_survey_responses(sender, participant, **kwargs):
    # The answers stay in the results; who gave them does not, nor the addresses they typed
    # into email questions.
    responses = SurveyResponse.objects.filter(participant=participant)
    by_page = email_question_ids(set(responses.values_list("page_id", flat=True)))
    for response in responses.filter(page_id__in=list(by_page)).only("pk", "page_id", "answers"):
        answers = response.answers if isinstance(response.answers, dict) else {}
        kept = {key: value for key, value in answers.items() if key not in by_page[response.page_id]}
        if kept != answers:
            SurveyResponse.objects.filter(pk=response.pk).update(answers=kept)
    responses.update(participant=None)
    # Poll votes keep counting; they no longer point at the participant either.
    PollVote.objects.filter(participant=participant).update(participant=None)
