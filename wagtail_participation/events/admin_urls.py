from django.urls import path

from . import admin_views

app_name = "wagtail_participation_events_admin"
urlpatterns = [
    path("<int:page_id>/attendance/", admin_views.attendance, name="attendance"),
]
