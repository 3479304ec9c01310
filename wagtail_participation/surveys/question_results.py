"""How each question type counts its answers for the results.

A question type names its result class (``QuestionType.result_class``). ``survey_results``
(``results.py``) makes one result per question and feeds it answers in one of two ways:

- any database: ``add(answers, search)`` once per response, in one streamed pass;
- PostgreSQL: one grouped query counts the values of every key in ``grouped_keys()`` and
  hands each (key, value, count) to ``add_grouped``; a result with ``sql_grouped = False``
  (written answers: only the newest are listed) runs its own queries in ``count_in_postgresql``.

Both ways give the same figures (``tests/surveys/test_results.py`` compares them). The
templates read ``answered``, ``bars``, ``average``, ``ranking``, ``matrix_rows``, ``texts``
and ``others``, which every result has (empty where a type has none).
"""

import decimal

from django.utils.translation import gettext as _

from .answers import OTHER, is_empty, parse_decimal

#: The most written answers (and "Other" texts) a result lists.
TEXT_LIMIT = 200


class QuestionResult:
    """The figures of one question: how many answered it (a date, an email address)."""

    #: In public results: fewer answers than this show no figures for the question.
    min_answers = 0
    #: In public results filtered to a group: counts under this are shown as "fewer than".
    min_cell = 0
    #: PostgreSQL counts this question's values in the grouped query (else: ``count_in_postgresql``).
    sql_grouped = True

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
        self.id = question.id
        self.other_key = f"{question.id}:other"

    @property
    def label(self):
        return self.question.label

    # Counting

    def add(self, answers, search):
        """Count one response's answer to this question."""
        self.add_value(answers.get(self.id), answers.get(self.other_key), 1, search)

    def add_value(self, answer, other, count, search):
        """Count ``count`` responses that gave ``answer`` (``other``: their "Other" text)."""
        if is_empty(answer):
            return
        self.answered += count
        self.count(answer, other, count, search)

    def count(self, answer, other, count, search):
        """What this type counts beyond "answered": override in a subclass."""

    def grouped_keys(self):
        """The answer keys PostgreSQL's grouped query counts for this question."""
        return [self.id, self.other_key]

    def add_grouped(self, key, value, count, search):
        """``count`` responses stored ``value`` under ``key`` (one of ``grouped_keys()``)."""
        if key == self.id:
            self.add_value(value, None, count, search)
        elif key == self.other_key:
            self.add_texts(self.others, value, count, search)

    def count_in_postgresql(self, cursor, table, where, params, search):
        """For ``sql_grouped = False``: count this question with its own queries."""
        raise NotImplementedError

    def add_text(self, bucket, text, search):
        """Keep a written answer (``bucket``: ``texts`` or ``others``) if it matches ``search``."""
        if search and search.casefold() not in str(text).casefold():
            return
        self.text_total += 1
        if len(bucket) < TEXT_LIMIT:
            bucket.append(str(text))

    def add_texts(self, bucket, text, count, search):
        """``add_text`` for ``count`` responses that wrote the same text."""
        for _n in range(min(count, TEXT_LIMIT)):
            self.add_text(bucket, text, search)

    # What the templates show

    #: Staff results list the written answers.
    shows_written_answers = False

    @property
    def shows_texts(self):
        return not self.public and self.shows_written_answers

    @property
    def withheld(self):
        """Public results: too few answered this question to show its figures."""
        return 0 < self.answered < self.min_answers

    def _small(self, count):
        return count < self.min_cell

    def bar_keys(self):
        """The counted values shown as bars, in order (none: no bar chart)."""
        return []

    def bar_label(self, key):
        return _("Other") if key == OTHER else key

    @property
    def bars(self):
        """(label, count, percent of respondents who answered, bar width) for a bar chart.

        A count withheld to protect a small group has ``withheld`` set and no figures."""
        if self.withheld:
            return []
        keys = self.bar_keys()
        if not keys:
            return []
        keys += [k for k in self.counts if k not in keys]  # answers to choices since renamed
        top = max(self.counts.values(), default=0) or 1
        bars = []
        for key in keys:
            count = self.counts.get(key, 0)
            label = self.bar_label(key)
            if self._small(count):
                bars.append(
                    {"label": label, "count": None, "percent": None, "width": 0, "withheld": True}
                )
                continue
            percent = round(100 * count / self.answered) if self.answered else 0
            bars.append(
                {
                    "label": label,
                    "count": count,
                    "percent": percent,
                    "width": round(100 * count / top),
                }
            )
        return bars

    @property
    def average(self):
        return None

    @property
    def ranking(self):
        return []

    @property
    def matrix_rows(self):
        return []


class AveragedResult:
    """Of a result whose answers are numbers, summed in ``numbers_total``: their average."""

    @property
    def average(self):
        if self.withheld or not self.answered:
            return None
        return round(float(self.numbers_total) / self.answered, 2)


class CountedResult(QuestionResult):
    """Counts per answer (a list answer counts each of its values), and "Other" texts."""

    def count(self, answer, other, count, search):
        for value in answer if isinstance(answer, list) else [answer]:
            key = str(value)
            self.counts[key] = self.counts.get(key, 0) + count
            if value == OTHER and other:
                self.add_texts(self.others, other, count, search)


class ChoiceResult(CountedResult):
    """Single and multiple choice: a bar per choice (and "Other")."""

    def bar_keys(self):
        keys = list(self.question.choices)
        if self.question.allows_other:
            keys.append(OTHER)
        return keys


class PointsResult(AveragedResult, CountedResult):
    """Scale and rating: a bar per point, and the average."""

    def count(self, answer, other, count, search):
        super().count(answer, other, count, search)
        if isinstance(answer, int):
            self.numbers_total += answer * count

    def bar_keys(self):
        return [str(n) for n in range(1, self.question.points + 1)]


class ScaleResult(PointsResult):
    """A scale's lowest and highest points carry their labels."""

    def bar_label(self, key):
        value = self.question.value
        if key == "1":
            return f"1 ({value.get('min_label')})"
        if key == str(self.question.points):
            return f"{key} ({value.get('max_label')})"
        return key


class NumberResult(AveragedResult, QuestionResult):
    """Numbers: the average (and the lowest and highest)."""

    def count(self, answer, other, count, search):
        number = parse_decimal(answer)
        if number is not None:
            self.numbers_total += number * count
            self.minimum = number if self.minimum is None else min(self.minimum, number)
            self.maximum = number if self.maximum is None else max(self.maximum, number)


class RankingResult(QuestionResult):
    """Rankings: each choice's average rank, best first."""

    def count(self, answer, other, count, search):
        if isinstance(answer, list):
            for rank, choice in enumerate(answer, 1):
                self.rank_sums[choice] = self.rank_sums.get(choice, 0) + rank * count

    @property
    def ranking(self):
        if not self.answered or self.withheld:
            return []
        rows = [
            (choice, round(self.rank_sums.get(choice, 0) / self.answered, 2))
            for choice in self.question.choices
        ]
        return sorted(rows, key=lambda row: row[1])


class MatrixResult(QuestionResult):
    """A matrix: a count per row and column."""

    def count(self, answer, other, count, search):
        if isinstance(answer, dict):
            for row, column in answer.items():
                cells = self.matrix.setdefault(row, {})
                cells[column] = cells.get(column, 0) + count

    @property
    def matrix_rows(self):
        if self.withheld:
            return []
        columns = self.question.columns
        rows = []
        for row in self.question.rows:
            cells = [self.matrix.get(row, {}).get(column, 0) for column in columns]
            rows.append(
                {"row": row, "cells": [None if self._small(cell) else cell for cell in cells]}
            )
        return rows


class AnsweredResult(QuestionResult):
    """Only how many answered (a date, an email address): PostgreSQL counts the answers without
    reading them, where the grouped query would return one row per distinct answer."""

    sql_grouped = False

    def count_in_postgresql(self, cursor, table, where, params, search):
        # S608: the table and the fragments are ours; every value is a parameter.
        cursor.execute(
            f"SELECT count(*) FROM {table} r WHERE {where} AND r.answers ? %s "  # noqa: S608
            "AND r.answers -> %s NOT IN ('null'::jsonb, '\"\"'::jsonb, '[]'::jsonb, '{}'::jsonb)",
            [*params, self.id, self.id],
        )
        self.answered = cursor.fetchone()[0]


class TextResult(QuestionResult):
    """Written answers: staff see the newest ``TEXT_LIMIT`` (searchable); the public sees a count."""

    shows_written_answers = True
    sql_grouped = False

    def count(self, answer, other, count, search):
        self.add_text(self.texts, answer, search)

    def count_in_postgresql(self, cursor, table, where, params, search):
        text_where, text_params = where + " AND r.answers ? %s", params + [self.id]
        if search:
            text_where += " AND (r.answers ->> %s) ILIKE %s"
            escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            text_params += [self.id, f"%{escaped}%"]
        # S608: the table and the fragments are ours; every value is a parameter.
        cursor.execute(
            f"SELECT count(*) FROM {table} r WHERE {where} AND r.answers ? %s",  # noqa: S608
            params + [self.id],
        )
        self.answered = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(*) FROM {table} r WHERE {text_where}", text_params)  # noqa: S608
        self.text_total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT r.answers ->> %s FROM {table} r WHERE {text_where} ORDER BY r.submitted_at DESC LIMIT %s",  # noqa: S608
            [self.id] + text_params + [TEXT_LIMIT],
        )
        self.texts = [row[0] for row in cursor.fetchall()]
