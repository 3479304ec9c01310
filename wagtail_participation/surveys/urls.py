from django.urls import path

from wagtail_participation.core import converters  # noqa: F401  (registers <wp_id:...>)

from . import poll_views

app_name = "wagtail_participation_surveys"

urlpatterns = [path("polls/<wp_id:poll_id>/vote/", poll_views.vote, name="poll_vote")]
