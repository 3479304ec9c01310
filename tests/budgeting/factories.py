"""Budgets, proposals and ballots for the budgeting tests."""

import datetime

from django.utils import timezone

from tests.factories import ParticipantFactory, add_page
from wagtail_participation.budgeting.models import (
    BudgetArea,
    BudgetPage,
    BudgetProposal,
    Feasibility,
)
from wagtail_participation.core.models import ModerationState


def make_budget(parent=None, areas=(), stage="voting", **fields):
    """A live budget with a city-wide pot and ``areas`` ((name, budget), ...), in ``stage``
    (proposals, voting, closed)."""
    n = BudgetPage.objects.count() + 1
    now = timezone.now()
    day = datetime.timedelta(days=1)
    fields.setdefault("title", f"Budget {n}")
    fields.setdefault("slug", f"budget-{n}")
    fields.setdefault("total_budget", 100_000 + sum(b for _, b in areas))
    fields.setdefault("citywide_budget", 100_000)
    fields.setdefault("currency", "GBP")
    fields.setdefault("allow_comments", True)
    fields.setdefault("opens_at", now - 30 * day)
    if stage == "proposals":
        fields.setdefault("proposals_close_at", now + 10 * day)
        fields.setdefault("voting_opens_at", now + 20 * day)
        fields.setdefault("voting_closes_at", now + 30 * day)
    elif stage == "voting":
        fields.setdefault("proposals_close_at", now - 20 * day)
        fields.setdefault("voting_opens_at", now - day)
        fields.setdefault("voting_closes_at", now + 10 * day)
    else:
        fields.setdefault("proposals_close_at", now - 20 * day)
        fields.setdefault("voting_opens_at", now - 10 * day)
        fields.setdefault("voting_closes_at", now - day)
    page = add_page(BudgetPage(**fields), parent=parent)
    for index, (name, budget) in enumerate(areas):
        BudgetArea.objects.create(page=page, name=name, budget=budget, sort_order=index)
    return page


def make_proposal(page, title="A project", cost=10_000, area=None, **fields):
    fields.setdefault("description", f"About {title}.")
    fields.setdefault("moderation_state", ModerationState.PUBLISHED)
    fields.setdefault("feasibility", Feasibility.FEASIBLE)
    fields.setdefault("author", ParticipantFactory())
    return BudgetProposal.objects.create(
        page=page, title=title, final_cost=cost, budget_area=area, **fields
    )


def make_projects(page, costs, area=None):
    return [
        make_proposal(page, title=f"Project {chr(65 + i)}", cost=cost, area=area)
        for i, cost in enumerate(costs)
    ]
