"""Registration only: the responses listing (``admin.py``), the survey admin URLs
(``admin_urls.py``) and the poll snippet (``snippets.py``)."""

from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from wagtail_participation.core.admin.menu import register_participation_listing

from . import admin_urls, admin_views
from .admin import SurveyResponseListing
from .deletion import responses_going_with
from .snippets import PollViewSet

register_snippet(PollViewSet)
register_participation_listing(SurveyResponseListing)
hooks.register("describe_participation_page_deletion", responses_going_with)
hooks.register("register_participation_menu_item", admin_views.menu_item)


@hooks.register("register_admin_urls")
def register_survey_admin_urls():
    return [path("participation/surveys/", include(admin_urls))]
