"""The budget's panel in the page editor: proposals and ballots counted, links to its tools."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.panels import SavedPagePanel
from wagtail_participation.core.permissions import can_moderate_page


class BudgetSummaryPanel(SavedPagePanel):
    default_heading = _("Proposals and ballots")

    class BoundPanel(SavedPagePanel.BoundPanel):
        template_name = "wagtail_participation_budgeting/admin/summary_panel.html"

        def get_context_data(self, parent_context=None):
            # cycle: models imports this module (the panel is in the budget's content_panels).
            from .models import Ballot, BallotSource, BudgetProposal

            context = super().get_context_data(parent_context)
            ballots = Ballot.objects.on_budget(self.instance)
            context.update(
                may_moderate=can_moderate_page(self.request.user, self.instance),
                proposals=BudgetProposal.objects.on_budget(self.instance).count(),
                ballots=ballots.count(),
                paper=ballots.filter(source=BallotSource.PAPER).count(),
                tools_url=reverse(
                    "wagtail_participation_budgeting_admin:budget", args=[self.instance.pk]
                ),
                results_url=self.instance.results_url,
            )
            return context
