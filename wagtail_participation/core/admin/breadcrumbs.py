"""Breadcrumbs for the Participation admin pages, in Wagtail's own component.

``participation_breadcrumbs(("Label", url), ...)`` gives the items Wagtail's
``wagtailadmin/shared/headers/slim_header.html`` (and the ``{% breadcrumbs %}`` tag) take:
Home, then Participation (the menu, which has no page of its own), then the given ones, the
last being the page shown (its URL may be None). Templates include
``wagtail_participation/admin/includes/breadcrumbs.html`` with ``breadcrumbs_items``.
"""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def participation_breadcrumbs(*items: tuple[Any, str | None]) -> list[dict[str, Any]]:
    """Home › Participation › each ``(label, url)`` of ``items``."""
    return [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": None, "label": _("Participation")},
        *({"url": url, "label": label} for label, url in items),
    ]


def page_breadcrumbs(page: Any, *items: tuple[Any, str | None]) -> list[dict[str, Any]]:
    """Breadcrumbs of a page's staff tool: Home › Participation › the page (its editor) › ..."""
    return participation_breadcrumbs(
        (page.title, reverse("wagtailadmin_pages:edit", args=[page.pk])), *items
    )
