"""Registration only: the survey admin URLs and the poll snippet. Views live in admin_views.py."""

from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from wagtail_participation.core import converters  # noqa: F401  (registers <wp_id:...>)

from . import admin_views
from .snippets import PollViewSet

register_snippet(PollViewSet)


@hooks.register("register_admin_urls")
def register_survey_admin_urls():
    return [
        path(
            "participation/surveys/<wp_id:page_id>/results/",
            admin_views.results,
            name="wagtail_participation_survey_results",
        ),
        path(
            "participation/surveys/<wp_id:page_id>/export.csv",
            admin_views.export_csv,
            name="wagtail_participation_survey_export_csv",
        ),
        path(
            "participation/surveys/<wp_id:page_id>/export.xlsx",
            admin_views.export_xlsx,
            name="wagtail_participation_survey_export_xlsx",
        ),
    ]
