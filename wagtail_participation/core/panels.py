"""Editor panels: a summary of a page's contributions on its edit view."""

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .models import Contribution, ModerationState
from .permissions import can_moderate_page
from .translations import canonical_page_id


def count_by(queryset, field: str) -> dict:
    """How many rows of ``queryset`` hold each value of ``field``: ``{value: count}``."""
    return dict(queryset.values_list(field).annotate(n=Count("pk")).order_by())


class SavedPagePanel(Panel):
    """An editor panel about the page being edited, shown once the page has been saved.

    A subclass sets ``default_heading`` and, on its ``BoundPanel`` (a subclass of
    ``SavedPagePanel.BoundPanel``), ``template_name`` and ``get_context_data``.
    """

    default_heading: Any = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", self.default_heading)
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        def is_shown(self):
            return bool(self.instance and self.instance.pk)


class ContributionsSummaryPanel(SavedPagePanel):
    """Counts of the page's contributions by state, the newest ones, a link to the queue."""

    default_heading = _("Contributions")

    class BoundPanel(SavedPagePanel.BoundPanel):
        template_name = "wagtail_participation/admin/summary_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            contributions = Contribution.objects.on_page(self.instance)
            may_moderate = can_moderate_page(self.request.user, self.instance)
            # Editors who may not moderate the page see what residents see, nothing pending, hidden or rejected.
            shown = contributions if may_moderate else contributions.public()
            by_state = count_by(contributions, "moderation_state")
            context.update(
                may_moderate=may_moderate,
                total=sum(by_state.values()),
                counts=[(s.value, s.label, by_state.get(s.value, 0)) for s in ModerationState],
                newest=list(shown.order_by("-created_at")[:5]),
                queue_url=reverse("wagtail_participation_contribution_modeladmin_index")
                + f"?page_id={canonical_page_id(self.instance)}",
            )
            return context
