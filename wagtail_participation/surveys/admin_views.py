"""Staff views of a survey in the Wagtail admin: results and exports."""

import csv

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.text import slugify
from wagtail.models import Page

from wagtail_participation.core.exports import _Echo, neutralise, stream_csv, stream_xlsx

from .exports import copy_csv_chunks, export_rows
from .models import SurveyPageMixin, SurveyResponse
from .results import parse_results_filter, survey_results


def _survey_for(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, SurveyPageMixin):
        raise PermissionDenied
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def results(request, page_id):
    page = _survey_for(request, page_id)
    question, answer = parse_results_filter(request.GET.get("filter", ""))
    search = request.GET.get("q", "").strip()[:100]
    return TemplateResponse(
        request,
        "wagtail_participation_surveys/admin/results.html",
        {
            "page": page,
            "results": survey_results(
                page, filter_question=question, filter_answer=answer, search=search
            ),
            "public": False,
            "paper_count": SurveyResponse.objects.for_survey(page).from_paper().count(),
        },
    )


def export_csv(request, page_id):
    page = _survey_for(request, page_id)
    filename = f"{slugify(page.title) or 'survey'}-responses.csv"
    header, rows = export_rows(page)
    if connection.vendor != "postgresql":
        return stream_csv(filename, header, rows)
    # PostgreSQL writes the rows itself; the header comes from Python (translated, neutralised).
    writer = csv.writer(_Echo(), lineterminator="\n")
    first = "\ufeff" + writer.writerow([neutralise(h) for h in header])

    def generate():
        yield first.encode()
        yield from copy_csv_chunks(page)

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_xlsx(request, page_id):
    page = _survey_for(request, page_id)
    header, rows = export_rows(page)
    return stream_xlsx(
        f"{slugify(page.title) or 'survey'}-responses.xlsx", header, rows, sheet_title=page.title
    )
