"""Registration only: the staff tools of a petition. Views live in admin_views.py."""

from django.urls import path
from wagtail import hooks

from wagtail_participation.core import converters  # noqa: F401  (registers <wp_id:...>)

from . import admin_views
from .log_actions import register_petition_log_actions

hooks.register("register_log_actions", register_petition_log_actions)


@hooks.register("register_admin_urls")
def register_petition_admin_urls():
    prefix = "participation/petitions/<wp_id:page_id>/"
    return [
        path(
            prefix + "signatures/",
            admin_views.signatures,
            name="wagtail_participation_petition_signatures",
        ),
        path(
            prefix + "signatures.csv",
            admin_views.export,
            name="wagtail_participation_petition_export",
        ),
        path(prefix + "areas/", admin_views.areas, name="wagtail_participation_petition_areas"),
        path(
            prefix + "trending/",
            admin_views.trending,
            name="wagtail_participation_petition_trending",
        ),
        path(
            prefix + "invalidate/",
            admin_views.invalidate,
            name="wagtail_participation_petition_invalidate",
        ),
        path(prefix + "reject/", admin_views.reject, name="wagtail_participation_petition_reject"),
    ]
