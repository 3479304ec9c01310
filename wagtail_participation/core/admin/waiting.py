"""What waits for the signed-in moderator: the moderation queue's count in the menu, and the
dashboard panel (Wagtail's ``construct_homepage_panels``) listing it page by page.

Both count only what the user may moderate (``permissions.moderatable_contributions``), and
stop counting at ``COUNT_LIMIT`` so that a large backlog costs no more than a small one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.models import Page
from wagtail_modeladmin.menus import ModelAdminMenuItem

from ..models import ModerationState, Report
from ..permissions import can_moderate_anything, moderatable_contributions

#: Counts stop here ("99+"): the menu is drawn on every admin page.
COUNT_LIMIT = 99
#: Pages the dashboard panel lists, those with the most waiting first.
PANEL_PAGES = 10

#: What waits for a moderator's decision: contributions pending review, and those hidden
#: automatically after residents' reports that no moderator has looked at since (a moderator's
#: own decision records who took it).
WAITING = Q(moderation_state=ModerationState.PENDING) | Q(
    moderation_state=ModerationState.HIDDEN, moderated_by__isnull=True, report_count__gt=0
)


def waiting(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The contributions of ``queryset`` waiting for a decision (``WAITING``)."""
    return queryset.filter(WAITING)


class WaitingFilter(admin.SimpleListFilter):
    """The queue's filter "Waiting for a decision" (its menu item opens with it)."""

    title = _("decision")
    parameter_name = "waiting"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("1", _("Waiting for a decision"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return waiting(queryset) if self.value() == "1" else queryset


def queue_url(**params: Any) -> str:
    """The moderation queue, showing what waits for a decision, filtered by ``params``."""
    url = reverse("wagtail_participation_contribution_modeladmin_index")
    return f"{url}?{urlencode({WaitingFilter.parameter_name: '1', **params})}"


def pending_count(user: Any) -> int:
    """How many contributions wait for ``user``'s decision, at most ``COUNT_LIMIT`` + 1."""
    if not can_moderate_anything(user):
        return 0
    return waiting(moderatable_contributions(user)).order_by()[: COUNT_LIMIT + 1].count()


def count_label(count: int) -> str:
    return f"{COUNT_LIMIT}+" if count > COUNT_LIMIT else str(count)


class ModerationQueueMenuItem(ModelAdminMenuItem):
    """The queue's menu item: opens on what waits for a decision and says how many wait."""

    def render_component(self, request: HttpRequest) -> LinkMenuItemComponent:
        count = pending_count(request.user)
        label = self.label
        if count:
            label = _("%(label)s (%(count)s waiting)") % {
                "label": self.label,
                "count": count_label(count),
            }
        return LinkMenuItemComponent(
            self.name,
            label,
            queue_url(),
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class WaitingForModerationPanel(Component):
    """Dashboard panel: per page, the contributions waiting for the user's decision (pending,
    or hidden after reports) and the residents' reports not yet resolved, each linking to the
    queue filtered to that page."""

    name = "participation_waiting"
    template_name = "wagtail_participation/admin/home_waiting.html"
    order = 150

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: Any) -> dict[str, Any]:
        context = super().get_context_data(parent_context)
        user = self.request.user
        allowed = moderatable_contributions(user)
        pending = (
            waiting(allowed)
            .order_by()
            .values("page_id")
            .annotate(n=Count("pk"))
            .order_by("-n")[:PANEL_PAGES]
        )
        reported = (
            Report.objects.unresolved()
            .filter(contribution__in=allowed.values("pk"))
            .order_by()
            .values("contribution__page_id")
            .annotate(n=Count("pk"))
            .order_by("-n")[:PANEL_PAGES]
        )
        rows: dict[int, dict[str, Any]] = {}
        for row in pending:
            rows.setdefault(row["page_id"], {"pending": 0, "reports": 0})["pending"] = row["n"]
        for row in reported:
            page_id = row["contribution__page_id"]
            rows.setdefault(page_id, {"pending": 0, "reports": 0})["reports"] = row["n"]
        titles = dict(Page.objects.filter(pk__in=list(rows)).values_list("pk", "title"))
        context["waiting"] = [
            {
                "title": titles.get(page_id, ""),
                "pending": counts["pending"],
                "reports": counts["reports"],
                "url": queue_url(page_id=page_id),
                "all_url": reverse("wagtail_participation_contribution_modeladmin_index")
                + "?"
                + urlencode({"page_id": page_id}),
            }
            for page_id, counts in sorted(
                rows.items(), key=lambda item: (-item[1]["pending"], -item[1]["reports"])
            )
        ][:PANEL_PAGES]
        context["queue_url"] = queue_url()
        return context


def add_waiting_panel(request: HttpRequest, panels: list[Any]) -> None:
    """``construct_homepage_panels``: the panel, for users who moderate something."""
    if can_moderate_anything(request.user):
        panels.append(WaitingForModerationPanel(request))
