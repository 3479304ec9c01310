"""Staff views of surveys in the Wagtail admin: the surveys' overview (the Participation
menu's "Survey results"), each survey's results, and exports."""

import csv

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Max
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from wagtail_participation.core.admin.breadcrumbs import page_breadcrumbs, participation_breadcrumbs
from wagtail_participation.core.exports import _Echo, neutralise, stream_csv, stream_xlsx

from .exports import copy_csv_chunks, export_rows
from .models import SurveyPageMixin, SurveyResponse, editable_surveys
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
            "heading": RESULTS,
            "breadcrumbs_items": page_breadcrumbs(
                page,
                (SURVEYS, reverse("wagtail_participation_surveys_admin:index")),
                (RESULTS, None),
            ),
        },
    )


RESULTS = gettext_lazy("Survey results")
SURVEYS = gettext_lazy("Surveys")
#: Surveys per page of the overview.
PER_PAGE = 50


def may_see_surveys(user):
    return user.is_active and (user.is_superuser or editable_surveys(user).exists())


def index(request):
    """The surveys this user may edit, newest first, each with its responses and the links to
    its results and exports (as on the survey's editor panel)."""
    if not may_see_surveys(request.user):
        raise PermissionDenied
    surveys = editable_surveys(request.user).order_by("-pk")
    page = Paginator(surveys, PER_PAGE).get_page(request.GET.get("p"))
    stats = {
        row["page_id"]: row
        for row in SurveyResponse.objects.filter(page_id__in=[survey.pk for survey in page])
        .values("page_id")
        .annotate(total=Count("pk"), latest=Max("submitted_at"))
    }
    rows = [
        {
            "survey": survey,
            "total": stats.get(survey.pk, {}).get("total", 0),
            "latest": stats.get(survey.pk, {}).get("latest"),
        }
        for survey in page
    ]
    return TemplateResponse(
        request,
        "wagtail_participation_surveys/admin/index.html",
        {
            "rows": rows,
            "page_obj": page,
            "heading": SURVEYS,
            "breadcrumbs_items": participation_breadcrumbs((SURVEYS, None)),
        },
    )


class SurveysMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_surveys(request.user)


def menu_item():
    """For ``register_participation_menu_item``: "Surveys", each with its results."""
    return SurveysMenuItem(
        SURVEYS,
        reverse("wagtail_participation_surveys_admin:index"),
        name="surveys",
        icon_name="tasks",
        order=175,
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
