"""The budgets' entries in Wagtail's log, in the budget page's history.

Entries name a proposal by its id, never by its text (core.log_actions); a paper ballot by
its id only.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

from wagtail_participation.core.log_actions import ContributionLogFormatter

from .services import DELIVERY_ACTION, PAPER_BALLOT_ACTION, PROPOSAL_ACTION, REVIEW_ACTION


class ProposalFormatter(ContributionLogFormatter):
    label = _("Budget proposal made")
    template = _("A proposal was made: %(type)s #%(id)s")


class ReviewFormatter(ContributionLogFormatter):
    label = _("Budget proposal reviewed")
    template = _("Reviewed %(type)s #%(id)s (cost, area, feasibility)")


class DeliveryFormatter(ContributionLogFormatter):
    label = _("Budget project delivery")
    template = _("Delivery of %(type)s #%(id)s updated")


class PaperBallotFormatter(LogFormatter):
    label = _("Paper ballot entered")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Paper ballot #%(id)s entered") % {"id": data.get("ballot_id", "?")}


def register_budget_log_actions(actions):
    actions.register_action(PROPOSAL_ACTION)(ProposalFormatter)
    actions.register_action(REVIEW_ACTION)(ReviewFormatter)
    actions.register_action(DELIVERY_ACTION)(DeliveryFormatter)
    actions.register_action(PAPER_BALLOT_ACTION)(PaperBallotFormatter)
