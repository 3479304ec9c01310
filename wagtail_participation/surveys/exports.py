"""Survey exports: one row per response, one column per question (a matrix: one per row).

Columns are headed with each question's current text; questions deleted from the
survey keep their column, headed with their last text, so no answer is lost.
Rows stream from the database (constant memory) and cells that look like
spreadsheet formulas are neutralised by ``core.exports``.
"""

from django.utils.translation import gettext as _

from .models import SurveyQuestionRecord, SurveyResponse


def export_columns(page):
    """(header, getter(answers)) for every current and deleted question of ``page``."""
    structure = page.structure
    columns = []
    for question in structure.questions:
        columns += question.export_columns()
    current = set(structure.by_id)
    removed = SurveyQuestionRecord.objects.filter(page_id=page.pk).exclude(question_id__in=current).order_by("position")
    for record in removed:
        columns.append((
            _("%(question)s (deleted question)") % {"question": record.label},
            lambda answers, qid=record.question_id: _plain(answers.get(qid), answers.get(f"{qid}:other")),
        ))
    return columns


def _plain(answer, other=None):
    if answer is None:
        return ""
    if isinstance(answer, list):
        return "; ".join(str(a) if a != "__other__" else f"{_('Other')}: {other or ''}" for a in answer)
    if isinstance(answer, dict):
        return "; ".join(f"{k}: {v}" for k, v in answer.items())
    if answer == "__other__":
        return f"{_('Other')}: {other or ''}"
    return str(answer)


def export_rows(page):
    """The header, and an iterator of rows, for ``page``'s responses."""
    columns = export_columns(page)
    header = [_("Response"), _("Submitted"), _("From paper")] + [title for title, _getter in columns]
    responses = (
        SurveyResponse.objects.filter(page_id=page.pk).order_by("pk")
        .values_list("pk", "submitted_at", "is_paper", "answers")
    )

    yes = _("yes")
    getters = [getter for _title, getter in columns]

    def rows():
        for pk, submitted_at, is_paper, answers in responses.iterator(chunk_size=2000):
            yield [pk, submitted_at.isoformat(timespec="seconds"), yes if is_paper else "",
                   *[getter(answers) for getter in getters]]

    return header, rows()


# PostgreSQL: the database writes the CSV itself (COPY ... TO STDOUT), several times faster
# than decoding every response in Python. Same columns, same text, formulas neutralised in SQL.

OTHER_PREFIX_SQL = "%s || coalesce(r.answers ->> %s, '')"


def _sql_list(qid, other_label):
    # A list answer (multiple choice, ranking) joined with "; ", "Other" spelled out, order kept.
    return (
        "array_to_string(ARRAY(SELECT CASE WHEN t.x = '__other__' THEN " + OTHER_PREFIX_SQL + " ELSE t.x END "
        "FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.answers -> %s) = 'array' "
        "THEN r.answers -> %s ELSE '[]'::jsonb END) WITH ORDINALITY AS t(x, n) ORDER BY t.n), '; ')",
        [other_label, f"{qid}:other", qid, qid],
    )


def _sql_any(qid, other_label):
    # Any stored shape, as _plain() writes it (deleted questions).
    list_sql, list_params = _sql_list(qid, other_label)
    return (
        f"CASE jsonb_typeof(r.answers -> %s) WHEN 'array' THEN {list_sql} "
        "WHEN 'object' THEN (SELECT string_agg(e.key || ': ' || e.value, '; ') FROM jsonb_each_text(r.answers -> %s) e) "
        "ELSE CASE WHEN r.answers ->> %s = '__other__' THEN " + OTHER_PREFIX_SQL + " ELSE r.answers ->> %s END END",
        [qid, *list_params, qid, qid, other_label, f"{qid}:other", qid],
    )


def sql_columns(page):
    """SQL expressions (with params) matching export_columns(page), column for column."""
    other_label = f"{_('Other')}: "
    structure = page.structure
    columns = []
    for q in structure.questions:
        plain = q.type in ("short_text", "long_text", "email", "date", "number", "scale", "rating") or (
            q.type == "single_choice" and not q.value.get("allow_other")
        )
        if plain:
            columns.append(("r.answers ->> %s", [q.id]))
        elif q.type == "matrix":
            columns += [("r.answers -> %s ->> %s", [q.id, row]) for row in q.rows]
        elif q.type in ("multiple_choice", "ranking"):
            columns.append(_sql_list(q.id, other_label))
        else:
            columns.append(_sql_any(q.id, other_label))
    removed = SurveyQuestionRecord.objects.filter(page_id=page.pk).exclude(
        question_id__in=set(structure.by_id)).order_by("position")
    columns += [_sql_any(record.question_id, other_label) for record in removed]
    return columns


def copy_csv_chunks(page):
    """The CSV body (no header) of ``page``'s responses, written by PostgreSQL, as byte chunks."""
    from django.db import connection

    inner, params = [], [page.pk]
    inner_params = []
    for n, (sql, sql_params) in enumerate(sql_columns(page)):
        inner.append(f"({sql}) AS c{n}")
        inner_params += sql_params
    yes = _("yes")
    neutralised = [
        f"CASE WHEN s.c{n} ~ '^[=+@\\t\\r-]' THEN '''' || s.c{n} ELSE s.c{n} END" for n in range(len(inner))
    ]
    table = SurveyResponse._meta.db_table
    sql = (
        "COPY (SELECT s.id, s.submitted, s.paper" + "".join(f", {c}" for c in neutralised) + " FROM ("
        "SELECT r.id, to_char(r.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || '+00:00' AS submitted, "
        "CASE WHEN r.is_paper THEN %s ELSE '' END AS paper"
        + "".join(f", {c}" for c in inner)
        + f" FROM {table} r WHERE r.page_id = %s) s ORDER BY s.id) TO STDOUT WITH (FORMAT csv)"
    )
    all_params = [yes, *inner_params, *params]
    with connection.cursor() as cursor:
        with cursor.cursor.copy(sql, all_params) as copy:
            for block in copy:
                yield bytes(block)
