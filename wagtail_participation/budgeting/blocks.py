"""StreamField blocks of budgets, for any page (home page, news article...): a teaser with the
stage, time left and a call to action, and the results of a closed vote."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from wagtail_participation.core.page_privacy import page_is_viewable
from wagtail_participation.core.page_types import MixinPageChooserBlock

from .models import BudgetPageMixin, Stage


class BudgetChooserBlock(MixinPageChooserBlock):
    """A page chooser offering every budget page type installed, not one named model."""

    mixin = BudgetPageMixin
    recorded_page_type = "wagtail_participation_budgeting.BudgetPage"


def _budget(value, parent_context):
    page = value.get("budget")
    request = (parent_context or {}).get("request")
    budget = page.specific if page and page_is_viewable(page, request) else None
    return budget if isinstance(budget, BudgetPageMixin) else None


class BudgetTeaserBlock(blocks.StructBlock):
    """A budget's stage, the time left in it, and what residents can do now."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)
    budget = BudgetChooserBlock(label=_("budget"))

    class Meta:
        icon = "tasks"
        label = _("Budget teaser")
        template = "wagtail_participation_budgeting/blocks/budget_teaser.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        budget = _budget(value, parent_context)
        stage = budget.stage() if budget else None
        ends = None
        if budget is not None:
            ends = {
                Stage.PROPOSALS: budget.proposals_close_at,
                Stage.VOTING: budget.voting_closes_at,
            }.get(stage)
        days_left = (ends - timezone.now()).days if ends else None
        context.update(budget=budget, stage=stage, ends=ends, days_left=days_left)
        return context


class BudgetResultsBlock(blocks.StructBlock):
    """The funded projects of a closed vote (the public count), for a news article."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)
    budget = BudgetChooserBlock(label=_("budget"))

    class Meta:
        icon = "list-ol"
        label = _("Budget results")
        template = "wagtail_participation_budgeting/blocks/budget_results.html"

    def get_context(self, value, parent_context=None):
        from .results import budget_results, public_rule

        context = super().get_context(value, parent_context=parent_context)
        budget = _budget(value, parent_context)
        results, rule = [], "greedy"
        if budget is not None and budget.results_available:
            results = budget_results(budget)
            rule = public_rule(budget, results)
        context.update(budget=budget, results=results, rule=rule)
        return context
