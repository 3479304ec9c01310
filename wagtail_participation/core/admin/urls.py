"""Core's own admin URLs (beyond the listings'), in the ``wagtail_participation_admin``
namespace: ``reverse("wagtail_participation_admin:moderate", args=[pk])``."""

from django.urls import include, path

from .. import converters  # noqa: F401  (registers <wp_id:...>)
from . import outbox, views

app_name = "wagtail_participation_admin"

urlpatterns = [
    path("moderate/<wp_id:pk>/", views.moderate, name="moderate"),
    path("moderate/bulk/", views.bulk_moderate, name="bulk_moderate"),
    path("outbox/retry/", outbox.retry, name="outbox_retry"),
]


def admin_urls():
    """For Wagtail's ``register_admin_urls`` hook: these URLs under ``participation/``."""
    return [path("participation/", include((urlpatterns, app_name)))]
