"""A petition's staff tools, in the namespace ``wagtail_participation_petitions_admin``
(``{% url "wagtail_participation_petitions_admin:signatures" petition.pk %}``)."""

from django.urls import path

from wagtail_participation.core import converters  # noqa: F401  (registers <wp_id:...>)

from . import admin_views

app_name = "wagtail_participation_petitions_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<wp_id:page_id>/signatures/", admin_views.signatures, name="signatures"),
    path("<wp_id:page_id>/signatures.csv", admin_views.export, name="export"),
    path("<wp_id:page_id>/areas/", admin_views.areas, name="areas"),
    path("<wp_id:page_id>/trending/", admin_views.trending, name="trending"),
    path("<wp_id:page_id>/invalidate/", admin_views.invalidate, name="invalidate"),
    path("<wp_id:page_id>/reject/", admin_views.reject, name="reject"),
    path("<wp_id:page_id>/reject/undo/", admin_views.unreject, name="unreject"),
    path(
        "<wp_id:page_id>/invalidate/<wp_id:entry_id>/undo/",
        admin_views.undo_invalidate,
        name="undo_invalidate",
    ),
]
