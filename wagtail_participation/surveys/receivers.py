"""Remember question texts on publish; add responses and poll votes to a resident's data;
anonymise them (the changes themselves are services: ``services.py``)."""

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.signals import page_published

from wagtail_participation.core.privacy import describe_personal_data
from wagtail_participation.core.signals import collect_personal_data, participant_anonymised

from .answers import plain_text
from .models import PollVote, SurveyPageMixin, SurveyQuestionRecord, SurveyResponse, survey_pages
from .poll_pages import poll_url
from .services import anonymise_responses, record_questions


@receiver(page_published)
def survey_published(sender, instance, **kwargs):
    page = instance.specific if hasattr(instance, "specific") else instance
    if isinstance(page, SurveyPageMixin):
        record_questions(page)


describe_personal_data(
    "survey_responses",
    _("Surveys you answered"),
    {
        "survey": _("Survey"),
        "submitted_at": _("Sent"),
        "answers": _("Answers"),
    },
)
describe_personal_data(
    "poll_votes",
    _("Polls you voted in"),
    {
        "poll": _("Poll"),
        "answer": _("Your answer"),
        "voted_at": _("Voted"),
    },
)


def readable_answers(page, answers, records=()):
    """``{question: answer as text}`` for one response: each question as its type shows it,
    questions deleted since under their last text (``records``: their SurveyQuestionRecords)."""
    answers = answers if isinstance(answers, dict) else {}
    shown = {}
    questions = page.structure.questions if page is not None else []
    for question in questions:
        if question.id in answers:
            shown[question.label] = question.display(answers)
    current = {question.id for question in questions}
    for record in records:
        if record.question_id in answers and record.question_id not in current:
            shown.setdefault(
                record.label,
                plain_text(answers[record.question_id], answers.get(f"{record.question_id}:other")),
            )
    return shown


@receiver(collect_personal_data)
def survey_responses_data(sender, participant, **kwargs):
    responses = list(SurveyResponse.objects.of(participant).order_by("submitted_at"))
    page_ids = {r.page_id for r in responses}
    titles = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "title"))
    pages = survey_pages(page_ids)
    urls = {pk: page.url for pk, page in pages.items() if page is not None and page.live}
    records = {}
    for record in SurveyQuestionRecord.objects.filter(page_id__in=page_ids).order_by("position"):
        records.setdefault(record.page_id, []).append(record)
    votes = list(
        PollVote.objects.of(participant).select_related("poll", "choice").order_by("created_at")
    )
    poll_urls = {v.poll_id: poll_url(v.poll) for v in votes}
    return {
        "survey_responses": [
            {
                "survey_page_id": r.page_id,
                "survey": titles.get(r.page_id, ""),
                "submitted_at": r.submitted_at.isoformat(),
                "answers": readable_answers(
                    pages.get(r.page_id), r.answers, records.get(r.page_id, ())
                ),
                "answers_by_question_id": r.answers,
                "url": urls.get(r.page_id),
            }
            for r in responses
        ],
        "poll_votes": [
            {
                "poll_id": v.poll_id,
                "poll": v.poll.question,
                "answer": v.choice.label,
                "voted_at": v.created_at.isoformat(),
                "url": poll_urls.get(v.poll_id),
            }
            for v in votes
        ],
    }


@receiver(participant_anonymised)
def anonymise_survey_responses(sender, participant, **kwargs):
    anonymise_responses(participant)
