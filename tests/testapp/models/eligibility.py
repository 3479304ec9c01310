"""A method page with eligibility rules that claims voting codes (core.eligibility)."""

from wagtail.models import Page

from wagtail_participation.core.eligibility import EligibilityPageMixin
from wagtail_participation.core.models import AccessRequirement, ParticipationMethodPageMixin
from wagtail_participation.core.policy import Action


class EligibleMethodPage(EligibilityPageMixin, ParticipationMethodPageMixin, Page):
    """A page residents vote on, with the eligibility panel and voting codes (as a budget)."""

    voting_codes_supported = True
    settings_panels = (
        Page.settings_panels
        + ParticipationMethodPageMixin.dates_panels
        + EligibilityPageMixin.eligibility_panels
    )
    template = "wagtail_participation_projects/participation_project_page.html"

    def participation_requirement(self, action):
        # Voting: only the eligibility rules decide (a code holder needs no sign-in).
        if action == Action.VOTE:
            return AccessRequirement.ANYONE
        return super().participation_requirement(action)
