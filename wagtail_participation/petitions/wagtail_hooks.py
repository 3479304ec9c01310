"""Registration only: the signatures listing (admin.py), the staff tools of a petition (views
in admin_views.py, URLs in admin_urls.py) and its log actions."""

from django.urls import include, path
from wagtail import hooks

from wagtail_participation.core.admin.menu import register_participation_listing

from . import admin_urls, admin_views
from .admin import SignatureListing
from .deletion import signatures_going_with
from .log_actions import register_petition_log_actions

hooks.register("register_log_actions", register_petition_log_actions)
register_participation_listing(SignatureListing)
hooks.register("describe_participation_page_deletion", signatures_going_with)
hooks.register("register_participation_menu_item", admin_views.menu_item)


@hooks.register("register_admin_urls")
def register_petition_admin_urls():
    return [path("participation/petitions/", include(admin_urls))]
