"""Registration only: the proposals and ballots listings (admin.py) in the Participation menu,
a budget's staff tools (views in admin_views.py, URLs in admin_urls.py) and its log actions."""

from django.urls import include, path
from wagtail import hooks

from wagtail_participation.core.admin.menu import register_participation_listing

from . import admin_urls
from .admin import BallotListing, ProposalListing
from .log_actions import register_budget_log_actions

hooks.register("register_log_actions", register_budget_log_actions)
register_participation_listing(ProposalListing)
register_participation_listing(BallotListing)


@hooks.register("register_admin_urls")
def register_budget_admin_urls():
    return [path("participation/budgets/", include(admin_urls))]
