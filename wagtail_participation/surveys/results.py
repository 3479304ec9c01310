"""Survey results: counts, percentages and averages per question, in one pass over the responses.

``survey_results`` reads each response's answers once (streamed, constant
memory) and can narrow the results to respondents who gave a chosen answer to
one question, for example one ward.

Public results protect small groups (``SURVEY_RESULTS_MIN_GROUP``, default 5): a
group of fewer respondents (a filter, or the whole survey) gets no figures; nor does a
filter that would let a smaller group be worked out by subtraction (it leaves out fewer
than that many, or, for a one-answer question, the answers given by fewer than that many
add up to fewer than that many: all results minus the other answers' would be theirs); a
question fewer answered shows no figures; and within a filtered group a count under the
minimum is shown as "fewer than N". Staff see everything.
"""

import json

from django.db import connection

from wagtail_participation.core.models import AccessRequirement
from wagtail_participation.core.translations import canonical_page_id

from .answers import is_empty
from .conf import settings
from .models import SurveyResponse
from .question_results import TEXT_LIMIT, QuestionResult

__all__ = [
    "TEXT_LIMIT",
    "QuestionResult",
    "min_group",
    "parse_results_filter",
    "survey_results",
]


def survey_results(page, filter_question=None, filter_answer=None, public=False, search=""):
    structure = page.structure
    questions = structure.questions
    if public:
        questions = [q for q in questions if q.in_public_results]
    results = [q.make_result(public) for q in questions]
    source = structure.by_id.get(filter_question or "")
    if source is None or not source.can_filter_results or not filter_answer:
        source = None
    responses = SurveyResponse.objects.for_survey(page)
    if connection.vendor == "postgresql":
        total, matched = _aggregate_in_postgresql(
            page, responses, results, source, filter_answer, search
        )
    else:
        total, matched = _aggregate_in_python(responses, results, source, filter_answer, search)
    filterable = [
        {"id": q.id, "label": q.label, "choices": [b["label"] for b in q.make_result(public).bars]}
        for q in structure.questions
        if q.offered_as_results_filter
    ]
    withheld = ""
    if public:
        results, withheld = _protect_small_groups(page, results, total, matched, source)
    return {
        "total": total,
        "matched": matched,
        "questions": results,
        "filter_question": source,
        "filter_answer": filter_answer if source is not None else "",
        "filterable": filterable,
        "search": search,
        # Why no figures are shown: "group" (too few respondents in it), "rest" (a filter that would let
        # a smaller group be worked out by subtraction), or "" (figures shown).
        "withheld": withheld,
        "min_group": min_group() if public else 0,
        # Anyone could answer without signing in: the figures are indicative.
        "indicative": page.response_requirement == AccessRequirement.ANYONE,
    }


def parse_results_filter(value: str) -> tuple[str | None, str | None]:
    """The (question id, answer) of a results filter ``<id>|<answer>`` (the ``filter`` query
    parameter), or (None, None)."""
    question, _sep, answer = value[:600].partition("|")
    return (question, answer) if question and answer else (None, None)


def min_group():
    return settings.SURVEY_RESULTS_MIN_GROUP


def _protect_small_groups(page, results, total, matched, source):
    """Public results: (the question results to show, why none are shown or "")."""
    minimum = min_group()
    if matched < minimum:
        return [], "group"
    if source is not None:
        if 0 < total - matched < minimum:
            return [], "rest"
        if source.single_answer:
            # Each respondent is in one group of this question (one per answer, and one of those who
            # did not answer): all results minus the shown groups' are the small groups' together.
            small = sum(count for count in _answer_groups(page, source).values() if count < minimum)
            if 0 < small < minimum:
                return [], "rest"
    for result in results:
        result.min_answers = minimum
        if source is not None:
            result.min_cell = minimum
    return results, ""


def _answer_groups(page, question):
    """How many responses gave each answer to ``question`` (key None: no answer)."""
    groups = {}

    def add(value, count):
        key = None if is_empty(value) else str(value)
        groups[key] = groups.get(key, 0) + count

    # S608: the table and the fragments are ours; every value is a parameter.
    if connection.vendor == "postgresql":
        table = SurveyResponse._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (r.answers -> %s)::text, count(*) FROM {table} r WHERE r.page_id = %s GROUP BY 1",  # noqa: S608
                [question.id, canonical_page_id(page)],
            )
            for value, count in cursor.fetchall():
                add(None if value is None else json.loads(value), count)
    else:
        answers = SurveyResponse.objects.for_survey(page).values_list("answers", flat=True)
        for response in answers.iterator(chunk_size=2000):
            add(response.get(question.id), 1)
    return groups


def _matches(source, answers, filter_answer):
    return source.matches_results_filter(answers.get(source.id), filter_answer)


def _aggregate_in_python(responses, results, source, filter_answer, search):
    """One pass over every response (any database)."""
    total = matched = 0
    for answers in responses.values_list("answers", flat=True).iterator(chunk_size=2000):
        total += 1
        if source is not None and not _matches(source, answers, filter_answer):
            continue
        matched += 1
        for result in results:
            result.add(answers, search)
    return total, matched


def _aggregate_in_postgresql(page, responses, results, source, filter_answer, search):
    """The same figures, counted by PostgreSQL: one grouped query over the answers' keys, and
    the questions' own queries where they need them (written answers: the newest TEXT_LIMIT)."""
    table = SurveyResponse._meta.db_table
    where = "r.page_id = %s"
    params = [canonical_page_id(page)]
    if source is not None:
        filter_sql, filter_params = source.results_filter_sql(filter_answer)
        where += f" AND {filter_sql}"
        params += filter_params
    grouped = [r for r in results if r.sql_grouped]
    by_key = {key: r for r in grouped for key in r.grouped_keys()}
    # S608: the table and the fragments are ours; every value is a parameter.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE page_id = %s", params[:1])  # noqa: S608
        total = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(*) FROM {table} r WHERE {where}", params)  # noqa: S608
        matched = cursor.fetchone()[0]
        if by_key:
            cursor.execute(
                f"SELECT e.key, e.value::text, count(*) FROM {table} r, jsonb_each(r.answers) e "  # noqa: S608
                f"WHERE {where} AND e.key = ANY(%s) GROUP BY 1, 2",
                params + [list(by_key)],
            )
            for key, value, count in cursor.fetchall():
                by_key[key].add_grouped(key, json.loads(value), count, search)
        for result in results:
            if not result.sql_grouped:
                result.count_in_postgresql(cursor, table, where, params, search)
    return total, matched
