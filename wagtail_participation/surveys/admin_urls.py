"""The survey tools in the Wagtail admin, in the namespace ``wagtail_participation_surveys_admin``
(included under ``participation/surveys/`` by ``wagtail_hooks.py``)."""

from django.urls import path

from wagtail_participation.core import converters  # noqa: F401  (registers <wp_id:...>)

from . import admin_views

app_name = "wagtail_participation_surveys_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<wp_id:page_id>/results/", admin_views.results, name="results"),
    path("<wp_id:page_id>/export.csv", admin_views.export_csv, name="export_csv"),
    path("<wp_id:page_id>/export.xlsx", admin_views.export_xlsx, name="export_xlsx"),
]
