"""Registration only: the survey admin URLs. Views live in admin_views.py."""

from django.urls import path
from wagtail import hooks

from . import admin_views


@hooks.register("register_admin_urls")
def register_survey_admin_urls():
    return [
        path("participation/surveys/<int:page_id>/results/", admin_views.results, name="wagtail_participation_survey_results"),
        path("participation/surveys/<int:page_id>/export.csv", admin_views.export_csv,
             name="wagtail_participation_survey_export_csv"),
    ]
