"""The idea board's panel in the page editor: counts, newest ideas, links to the listings."""

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.models import ModerationState
from wagtail_participation.core.panels import SavedPagePanel, count_by
from wagtail_participation.core.permissions import can_moderate_page
from wagtail_participation.core.translations import canonical_page_id


class IdeaBoardSummaryPanel(SavedPagePanel):
    default_heading = _("Ideas")

    class BoundPanel(SavedPagePanel.BoundPanel):
        template_name = "wagtail_participation_ideas/admin/summary_panel.html"

        def get_context_data(self, parent_context=None):
            # cycle: models imports this module (the panel is in the board's content_panels).
            from .models import Idea, idea_status_choices

            context = super().get_context_data(parent_context)
            ideas = Idea.objects.on_board(self.instance)
            may_moderate = can_moderate_page(self.request.user, self.instance)
            # Editors who may not moderate the board see the titles residents see, nothing pending or rejected.
            shown = ideas if may_moderate else ideas.public()
            by_state = count_by(ideas, "moderation_state")
            by_status = count_by(ideas, "status")
            context.update(
                may_moderate=may_moderate,
                total=sum(by_state.values()),
                states=[
                    (s.label, by_state.get(s.value, 0))
                    for s in ModerationState
                    if by_state.get(s.value)
                ],
                statuses=[
                    (label, by_status.get(value, 0))
                    for value, label in idea_status_choices()
                    if by_status.get(value)
                ],
                votes=ideas.aggregate(n=Sum("support_count"))["n"] or 0,
                newest=list(shown.order_by("-created_at")[:5]),
                listing_url=reverse("wagtail_participation_ideas_idea_modeladmin_index")
                + f"?board={canonical_page_id(self.instance)}",
                queue_url=reverse("wagtail_participation_contribution_modeladmin_index")
                + f"?page_id={canonical_page_id(self.instance)}",
            )
            return context
