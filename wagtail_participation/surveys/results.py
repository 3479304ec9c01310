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

import decimal
import json

from django.db import connection
from django.utils.translation import gettext as _

from wagtail_participation.core.models import AccessRequirement

from .conf import settings
from .models import SurveyResponse
from .questions import OTHER, parse_decimal

TEXT_LIMIT = 200


class QuestionResult:
    #: In public results: fewer answers than this show no figures for the question.
    min_answers = 0
    #: In public results filtered to a group: counts under this are shown as "fewer than".
    min_cell = 0

    def __init__(self, question, public):
        self.question = question
        self.type = question.type
        self.answered = 0
        self.counts = {}
        self.others = []
        self.texts = []
        self.text_total = 0
        self.numbers_total = decimal.Decimal(0)
        self.minimum = self.maximum = None
        self.rank_sums = {}
        self.matrix = {}
        self.public = public

    @property
    def id(self):
        return self.question.id

    @property
    def label(self):
        return self.question.label

    def add(self, answers, search):
        """Count one response's answer to this question."""
        self.add_value(answers.get(self.question.id), answers.get(f"{self.question.id}:other"), 1, search)

    def add_value(self, answer, other, count, search):
        """Count ``count`` responses that gave ``answer`` (``other``: their "Other" text)."""
        if answer in (None, "", [], {}):
            return
        self.answered += count
        t = self.type
        if t in ("single_choice", "multiple_choice", "scale", "rating"):
            for value in answer if isinstance(answer, list) else [answer]:
                key = str(value)
                self.counts[key] = self.counts.get(key, 0) + count
                if value == OTHER and other:
                    for _n in range(min(count, TEXT_LIMIT)):
                        self._text(self.others, other, search)
            if t in ("scale", "rating") and isinstance(answer, int):
                self.numbers_total += answer * count
        elif t == "number":
            number = parse_decimal(answer)
            if number is not None:
                self.numbers_total += number * count
                self.minimum = number if self.minimum is None else min(self.minimum, number)
                self.maximum = number if self.maximum is None else max(self.maximum, number)
        elif t == "ranking" and isinstance(answer, list):
            for rank, choice in enumerate(answer, 1):
                self.rank_sums[choice] = self.rank_sums.get(choice, 0) + rank * count
        elif t == "matrix" and isinstance(answer, dict):
            for row, column in answer.items():
                cells = self.matrix.setdefault(row, {})
                cells[column] = cells.get(column, 0) + count
        elif t in ("short_text", "long_text"):
            self._text(self.texts, answer, search)

    def _text(self, bucket, text, search):
        if search and search.casefold() not in str(text).casefold():
            return
        self.text_total += 1
        if len(bucket) < TEXT_LIMIT:
            bucket.append(str(text))

    # What the templates show

    @property
    def shows_texts(self):
        return not self.public and self.type in ("short_text", "long_text")

    @property
    def withheld(self):
        """Public results: too few answered this question to show its figures."""
        return 0 < self.answered < self.min_answers

    def _small(self, count):
        return count < self.min_cell

    @property
    def bars(self):
        """(label, count, percent of respondents who answered, bar width) for a bar chart.

        A count withheld to protect a small group has ``withheld`` set and no figures."""
        if self.withheld:
            return []
        question = self.question
        t = self.type
        if t in ("single_choice", "multiple_choice"):
            keys = list(question.choices)
            if question.value.get("allow_other"):
                keys.append(OTHER)
        elif t == "scale":
            keys = [str(n) for n in range(1, int(question.value.get("points") or 5) + 1)]
        elif t == "rating":
            keys = [str(n) for n in range(1, int(question.value.get("max_rating") or 5) + 1)]
        else:
            return []
        keys += [k for k in self.counts if k not in keys]  # answers to choices since renamed
        top = max(self.counts.values(), default=0) or 1
        bars = []
        for key in keys:
            count = self.counts.get(key, 0)
            label = _("Other") if key == OTHER else key
            if t == "scale" and key == "1":
                label = f"1 ({question.value.get('min_label')})"
            elif t == "scale" and key == str(question.value.get("points") or 5):
                label = f"{key} ({question.value.get('max_label')})"
            if self._small(count):
                bars.append({"label": label, "count": None, "percent": None, "width": 0, "withheld": True})
                continue
            percent = round(100 * count / self.answered) if self.answered else 0
            bars.append({"label": label, "count": count, "percent": percent, "width": round(100 * count / top)})
        return bars

    @property
    def average(self):
        if self.withheld:
            return None
        if self.type in ("scale", "rating", "number") and self.answered:
            return round(float(self.numbers_total) / self.answered, 2)
        return None

    @property
    def ranking(self):
        if self.type != "ranking" or not self.answered or self.withheld:
            return []
        rows = [(choice, round(self.rank_sums.get(choice, 0) / self.answered, 2)) for choice in self.question.choices]
        return sorted(rows, key=lambda row: row[1])

    @property
    def matrix_rows(self):
        if self.type != "matrix" or self.withheld:
            return []
        columns = self.question.columns
        rows = []
        for row in self.question.rows:
            cells = [self.matrix.get(row, {}).get(column, 0) for column in columns]
            rows.append({"row": row, "cells": [None if self._small(cell) else cell for cell in cells]})
        return rows


def survey_results(page, filter_question=None, filter_answer=None, public=False, search=""):
    structure = page.structure
    questions = structure.questions
    if public:
        questions = [q for q in questions if q.type != "email"]
    results = [QuestionResult(q, public) for q in questions]
    source = structure.by_id.get(filter_question or "")
    if source is None or source.type not in ("single_choice", "multiple_choice", "scale", "rating") or not filter_answer:
        source = None
    responses = SurveyResponse.objects.filter(page_id=page.pk)
    if connection.vendor == "postgresql":
        total, matched = _aggregate_in_postgresql(page, responses, results, source, filter_answer, search)
    else:
        total, matched = _aggregate_in_python(responses, results, source, filter_answer, search)
    filterable = [
        {"id": q.id, "label": q.label, "choices": [b["label"] for b in QuestionResult(q, public).bars]}
        for q in structure.questions
        if q.type in ("single_choice", "multiple_choice")
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
        if source.type in SINGLE_ANSWER_TYPES:
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


SINGLE_ANSWER_TYPES = ("single_choice", "scale", "rating")


def _answer_groups(page, question):
    """How many responses gave each answer to ``question`` (key None: no answer)."""
    groups = {}

    def add(value, count):
        key = None if value in (None, "", [], {}) else str(value)
        groups[key] = groups.get(key, 0) + count

    if connection.vendor == "postgresql":
        table = SurveyResponse._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (r.answers -> %s)::text, count(*) FROM {table} r WHERE r.page_id = %s GROUP BY 1",
                [question.id, page.pk],
            )
            for value, count in cursor.fetchall():
                add(None if value is None else json.loads(value), count)
    else:
        answers = SurveyResponse.objects.filter(page_id=page.pk).values_list("answers", flat=True)
        for response in answers.iterator(chunk_size=2000):
            add(response.get(question.id), 1)
    return groups


def _matches(source, answers, filter_answer):
    answer = answers.get(source.id)
    return source.matches(answer, filter_answer) or str(answer) == filter_answer


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
    """The same figures, counted by PostgreSQL: one grouped query over the answers' keys,
    and one small query per written-answer question (the newest TEXT_LIMIT answers)."""
    table = SurveyResponse._meta.db_table
    where = "r.page_id = %s"
    params = [page.pk]
    if source is not None:
        where += " AND (r.answers -> %s @> to_jsonb(%s::text) OR (r.answers ->> %s) = %s)"
        params += [source.id, filter_answer, source.id, filter_answer]
    texts = [r for r in results if r.type in ("short_text", "long_text")]
    grouped = [r for r in results if r not in texts]
    keys = [r.id for r in grouped] + [f"{r.id}:other" for r in grouped]
    by_id = {r.id: r for r in results}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE page_id = %s", [page.pk])
        total = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(*) FROM {table} r WHERE {where}", params)
        matched = cursor.fetchone()[0]
        others = {}
        if keys:
            cursor.execute(
                f"SELECT e.key, e.value::text, count(*) FROM {table} r, jsonb_each(r.answers) e "
                f"WHERE {where} AND e.key = ANY(%s) GROUP BY 1, 2",
                params + [keys],
            )
            for key, value, count in cursor.fetchall():
                value = json.loads(value)
                if key.endswith(":other"):
                    others.setdefault(key[: -len(":other")], []).append((value, count))
                else:
                    by_id[key].add_value(value, None, count, search)
        for question_id, values in others.items():
            result = by_id[question_id]
            for text, count in values:
                for _n in range(min(count, TEXT_LIMIT)):
                    result._text(result.others, text, search)
        for result in texts:
            text_where, text_params = where + " AND r.answers ? %s", params + [result.id]
            if search:
                text_where += " AND (r.answers ->> %s) ILIKE %s"
                escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                text_params += [result.id, f"%{escaped}%"]
            cursor.execute(f"SELECT count(*) FROM {table} r WHERE {where} AND r.answers ? %s", params + [result.id])
            result.answered = cursor.fetchone()[0]
            cursor.execute(f"SELECT count(*) FROM {table} r WHERE {text_where}", text_params)
            result.text_total = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT r.answers ->> %s FROM {table} r WHERE {text_where} ORDER BY r.submitted_at DESC LIMIT %s",
                [result.id] + text_params + [TEXT_LIMIT],
            )
            result.texts = [row[0] for row in cursor.fetchall()]
    return total, matched
