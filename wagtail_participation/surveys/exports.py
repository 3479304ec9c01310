"""Survey exports: one row per response, one column per question (a matrix: one per row).

Columns are headed with each question's current text; questions deleted from the
survey keep their column, headed with their last text, so no answer is lost.
Rows stream from the database (constant memory) and cells that look like
spreadsheet formulas are neutralised by ``core.exports``.
"""

from django.db import connection
from django.utils.translation import gettext as _

from wagtail_participation.core.translations import canonical_page_id

from .answers import plain_text, sql_any
from .models import SurveyQuestionRecord, SurveyResponse


def export_columns(page):
    """(header, getter(answers)) for every current and deleted question of ``page``."""
    structure = page.structure
    columns = []
    for question in structure.questions:
        columns += question.export_columns()
    for record in SurveyQuestionRecord.objects.removed_from(page):
        columns.append(
            (
                _("%(question)s (deleted question)") % {"question": record.label},
                lambda answers, qid=record.question_id: plain_text(
                    answers.get(qid), answers.get(f"{qid}:other")
                ),
            )
        )
    return columns


def export_rows(page):
    """The header, and an iterator of rows, for ``page``'s responses."""
    columns = export_columns(page)
    header = [_("Response"), _("Submitted"), _("From paper")] + [
        title for title, _getter in columns
    ]
    responses = (
        SurveyResponse.objects.for_survey(page)
        .order_by("pk")
        .values_list("pk", "submitted_at", "is_paper", "answers")
    )

    yes = _("yes")
    getters = [getter for _title, getter in columns]

    def rows():
        for pk, submitted_at, is_paper, answers in responses.iterator(chunk_size=2000):
            yield [
                pk,
                submitted_at,
                yes if is_paper else "",
                *[getter(answers) for getter in getters],
            ]

    return header, rows()


# PostgreSQL: the database writes the CSV itself (COPY ... TO STDOUT), several times faster
# than decoding every response in Python. Same columns, same text, formulas neutralised in SQL.


def sql_columns(page):
    """SQL expressions (with params) matching export_columns(page), column for column."""
    other_prefix = f"{_('Other')}: "
    structure = page.structure
    columns = []
    for question in structure.questions:
        columns += question.export_sql_columns(other_prefix)
    removed = SurveyQuestionRecord.objects.removed_from(page)
    columns += [sql_any(record.question_id, other_prefix) for record in removed]
    return columns


def copy_csv_chunks(page):
    """The CSV body (no header) of ``page``'s responses, written by PostgreSQL, as byte chunks."""
    inner, params = [], [canonical_page_id(page)]
    inner_params = []
    for n, (sql, sql_params) in enumerate(sql_columns(page)):
        inner.append(f"({sql}) AS c{n}")
        inner_params += sql_params
    yes = _("yes")
    neutralised = [
        f"CASE WHEN s.c{n} ~ '^[=+@\\t\\r-]' THEN '''' || s.c{n} ELSE s.c{n} END"
        for n in range(len(inner))
    ]
    # S608: the table and the fragments are ours; every value is a parameter.
    table = SurveyResponse._meta.db_table
    sql = (
        "COPY (SELECT s.id, s.submitted, s.paper"  # noqa: S608
        + "".join(f", {c}" for c in neutralised)
        + " FROM ("
        "SELECT r.id, to_char(r.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || '+00:00' AS submitted, "
        "CASE WHEN r.is_paper THEN %s ELSE '' END AS paper"
        + "".join(f", {c}" for c in inner)
        + f" FROM {table} r WHERE r.page_id = %s) s ORDER BY s.id) TO STDOUT WITH (FORMAT csv)"
    )
    all_params = [yes, *inner_params, *params]
    with connection.cursor() as cursor, cursor.cursor.copy(sql, all_params) as copy:
        for block in copy:
            yield bytes(block)
