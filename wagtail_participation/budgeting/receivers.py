"""A resident's ballots and supports in "Your data", and what "forget me" does to them.

The proposals' text is in core's ``contributions`` section already (a proposal is a
Contribution). On "forget me" a ballot stays in the count but no longer names the resident
(its participant is cleared); supports stay as counted.
"""

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.privacy import describe_personal_data
from wagtail_participation.core.signals import collect_personal_data, participant_anonymised

from .models import Ballot, BudgetProposal, ProposalSupport

BALLOTS = "budget_ballots"
SUPPORTS = "budget_supports"

describe_personal_data(
    BALLOTS,
    _("Your ballots on participatory budgets"),
    {"budget": _("Budget"), "area": _("Area"), "projects": _("Projects"), "cast_at": _("Cast")},
)
describe_personal_data(
    SUPPORTS,
    _("Proposals you supported"),
    {"proposal": _("Proposal"), "supported_at": _("Supported")},
)


@receiver(collect_personal_data)
def budget_data(sender, participant, **kwargs):
    ballots = []
    for ballot in Ballot.objects.by(participant).select_related("page", "area").order_by("pk"):
        titles = dict(
            BudgetProposal.objects.filter(pk__in=ballot.choices.values("proposal_id")).values_list(
                "pk", "title"
            )
        )
        ballots.append(
            {
                "ballot_id": ballot.pk,
                "budget": ballot.page.title,
                "area": str(ballot.scope_name),
                "projects": ", ".join(
                    f"{titles.get(pid, pid)} ({value})"
                    for pid, value in ballot.choices.values_list("proposal_id", "value")
                ),
                "cast_at": ballot.created_at.isoformat(),
            }
        )
    supports = [
        {"proposal": support.proposal.title, "supported_at": support.created_at.isoformat()}
        for support in ProposalSupport.objects.filter(participant=participant).select_related(
            "proposal"
        )
    ]
    return {BALLOTS: ballots, SUPPORTS: supports}


@receiver(participant_anonymised)
def unlink_ballots(sender, participant, **kwargs):
    """The ballots stay counted, without the resident."""
    Ballot.objects.by(participant).update(participant=None)
