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
