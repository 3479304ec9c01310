from django.urls import path

from wagtail_participation.core import converters  # noqa: F401  (registers <wp_id:...>)

from . import admin_views

app_name = "wagtail_participation_events_admin"
urlpatterns = [
    path("<wp_id:page_id>/attendance/", admin_views.attendance, name="attendance"),
]
