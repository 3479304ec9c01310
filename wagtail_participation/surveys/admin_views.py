"""Staff views of a survey in the Wagtail admin: results and exports."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.text import slugify
from wagtail.models import Page

from wagtail_participation.core.exports import stream_csv, stream_xlsx

from .exports import export_rows
from .models import SurveyPageMixin, SurveyResponse
from .results import survey_results
from .views import results_filter


def _survey_for(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, SurveyPageMixin):
        raise PermissionDenied
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def results(request, page_id):
    page = _survey_for(request, page_id)
    question, answer = results_filter(request)
    search = request.GET.get("q", "").strip()[:100]
    return TemplateResponse(request, "wagtail_participation_surveys/admin/results.html", {
        "page": page,
        "results": survey_results(page, filter_question=question, filter_answer=answer, search=search),
        "public": False,
        "paper_count": SurveyResponse.objects.filter(page_id=page.pk, is_paper=True).count(),
    })


def export_csv(request, page_id):
    page = _survey_for(request, page_id)
    header, rows = export_rows(page)
    return stream_csv(f"{slugify(page.title) or 'survey'}-responses.csv", header, rows)


def export_xlsx(request, page_id):
    page = _survey_for(request, page_id)
    header, rows = export_rows(page)
    return stream_xlsx(f"{slugify(page.title) or 'survey'}-responses.xlsx", header, rows, sheet_title=page.title)
