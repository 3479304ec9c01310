"""The survey responses listing in the Participation menu, on core's listing base.

Staff see the responses to the surveys they may edit, of every survey page type. Filters
(the survey, from paper), search (the answers), pagination (``p``) and the export are
declared once: ``?export=csv`` or ``?export=xlsx`` streams the rows the listing shows.
Filtered to one survey, the export has that survey's columns (each question type's
``export_columns``, then deleted questions), as the survey's own export
(``admin_views.export_csv``, which PostgreSQL writes itself) has.
"""

from typing import Any

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from wagtail_participation.core.admin.listing import (
    ExportColumn,
    IdListFilter,
    ParticipationListing,
    ReadOnlyPermissionHelper,
    titled,
)
from wagtail_participation.core.forms import parse_id

from .exports import export_columns
from .models import SurveyPageMixin, SurveyResponse, editable_surveys


class ResponsesPermissionHelper(ReadOnlyPermissionHelper):
    """Users who may edit a survey may list its responses; nobody changes them here."""

    def user_can_list(self, user):
        return user.is_active and (user.is_superuser or editable_surveys(user).exists())

    def user_can_inspect_obj(self, user, obj):
        return False


class SurveyFilter(IdListFilter):
    """The surveys this user may edit (the survey's results page links here)."""

    title = _("survey")
    parameter_name = "survey"
    field_name = "page_id"

    def lookups(self, request, model_admin):
        return self.choices_from(editable_surveys(request.user))


def selected_survey(request) -> SurveyPageMixin | None:
    """The survey the listing is filtered to, when the user may edit it."""
    page_id = parse_id(request.GET.get(SurveyFilter.parameter_name))
    page = Page.objects.filter(pk=page_id).first() if page_id is not None else None
    page = page.specific if page is not None else None
    if not isinstance(page, SurveyPageMixin):
        return None
    return page if page.permissions_for_user(request.user).can_edit() else None


def _answers(response):
    return response.answers if isinstance(response.answers, dict) else {}


class SurveyResponseListing(ParticipationListing):
    model = SurveyResponse
    menu_label = _("Survey responses")
    menu_icon = "list-ul"
    menu_order = 180
    permission_helper_class = ResponsesPermissionHelper
    index_template_name = "wagtail_participation_surveys/admin/responses.html"
    list_display = ("response_label", "survey_link", "submitted_at", "is_paper")
    list_filter = (
        SurveyFilter,
        ("is_paper", titled(admin.BooleanFieldListFilter, _("entered from paper"))),
    )
    search_fields = ("answers",)
    ordering = ("-submitted_at",)
    export_filename = "survey-responses"
    export_columns = (
        (_("Response"), "pk"),
        (_("Survey"), "page.title"),
        (_("Submitted"), "submitted_at"),
        (_("From paper"), lambda response: str(_("yes")) if response.is_paper else ""),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request).for_editor(request.user)
        return queryset.select_related("page")

    def get_export_columns(self, request, queryset) -> list[ExportColumn]:
        """Filtered to one survey: the survey's own export columns; else the common ones."""
        survey = selected_survey(request)
        if survey is None:
            return list(self.export_columns)
        common = [column for column in self.export_columns if column[1] != "page.title"]
        questions: list[tuple[Any, Any]] = [
            (title, lambda response, getter=getter: getter(_answers(response)))
            for title, getter in export_columns(survey)
        ]
        return common + questions

    def response_label(self, obj):
        return str(obj)

    response_label.short_description = _("Response")

    def survey_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("wagtail_participation_surveys_admin:results", args=[obj.page_id]),
            obj.page.title,
        )

    survey_link.short_description = _("Survey")
