"""Registration only: the registrations listing (admin.py) in the Participation menu, the
attendance list (admin_views.py, URLs in admin_urls.py) and what goes with a deleted event."""

from django.urls import include, path
from wagtail import hooks

from wagtail_participation.core.admin.menu import register_participation_listing

from . import admin_urls
from .admin import RegistrationListing
from .deletion import registrations_going_with

register_participation_listing(RegistrationListing)
hooks.register("describe_participation_page_deletion", registrations_going_with)


@hooks.register("register_admin_urls")
def register_event_admin_urls():
    return [path("participation/events/", include(admin_urls))]
