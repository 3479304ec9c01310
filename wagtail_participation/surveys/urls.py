from django.urls import path

from . import poll_views

app_name = "wagtail_participation_surveys"

urlpatterns = [path("polls/<int:poll_id>/vote/", poll_views.vote, name="poll_vote")]
