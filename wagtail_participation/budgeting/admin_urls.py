"""A budget's staff tools, in the namespace ``wagtail_participation_budgeting_admin``
(``{% url "wagtail_participation_budgeting_admin:budget" page.pk %}``)."""

from django.urls import path

from wagtail_participation.core import converters  # noqa: F401  (registers <wp_id:...>)

from . import admin_views

app_name = "wagtail_participation_budgeting_admin"

urlpatterns = [
    path("<wp_id:page_id>/", admin_views.budget, name="budget"),
    path("<wp_id:page_id>/projects/add/", admin_views.add_proposal, name="add_proposal"),
    path("<wp_id:page_id>/paper/", admin_views.paper_ballot, name="paper_ballot"),
    path(
        "<wp_id:page_id>/paper/<wp_id:area_id>/", admin_views.paper_ballot, name="paper_ballot_area"
    ),
    path("<wp_id:page_id>/fund/", admin_views.fund, name="fund"),
    path("proposals/<wp_id:proposal_id>/", admin_views.review, name="review"),
    path("proposals/<wp_id:proposal_id>/update/", admin_views.add_update, name="add_update"),
]
