"""The results of a budget, per pot (the city-wide one and each area), from the ballot rows.

``budget_results(page)`` counts every pot by both rules (greedy and the Method of Equal Shares)
and returns plain data (cached by ``caches``). Votes per project are counted here in one query
per pot, so every count shown equals the ballot rows. The counting itself is the pure package
``budgeting.counting`` (both rules, and the score greedy ranks by, come from it: the results
page and the ``.pb`` download agree with pabutools); ``election(scope)`` builds its input, and
``pb_file(scope)`` the pabulib file.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from . import caches
from .conf import settings as budget_settings
from .models import (
    Ballot,
    BallotChoice,
    BudgetPageMixin,
    CountingRule,
    Scope,
    VotingMethod,
)

logger = logging.getLogger(__name__)

#: pabulib's vote types for our voting methods.
PB_VOTE_TYPES = {
    VotingMethod.KNAPSACK: "approval",
    VotingMethod.APPROVAL: "approval",
    VotingMethod.CUMULATIVE: "cumulative",
    VotingMethod.RANKED: "ordinal",
}


def counting_module() -> Any:
    """The counting package (``budgeting.counting``: part of this package, always there)."""
    from . import counting

    return counting


@dataclass
class ProjectResult:
    id: int
    title: str
    cost: int
    votes: int  # ballots choosing the project
    score: int  # what greedy sorts by (``counting``): votes, points, or the Borda score
    share: float = 0.0  # of the pot's budget, in per cent
    greedy: bool = False
    equal_shares: bool = False
    funded: bool = False  # marked funded by staff (delivery)
    delivery: str = ""


@dataclass
class ScopeResult:
    key: int
    name: str
    budget: int
    ballots: int
    paper_ballots: int
    projects: list[ProjectResult] = field(default_factory=list)
    equal_shares_counted: bool = False
    pb_url: str = ""

    @property
    def greedy_spent(self) -> int:
        return self.spent("greedy")

    @property
    def greedy_share(self) -> float:
        return self.spent_share("greedy")

    @property
    def equal_shares_spent(self) -> int:
        return self.spent("equal_shares")

    @property
    def equal_shares_share(self) -> float:
        return self.spent_share("equal_shares")

    def winners(self, rule: str) -> list[ProjectResult]:
        return [p for p in self.projects if getattr(p, rule)]

    def spent(self, rule: str) -> int:
        return sum(p.cost for p in self.winners(rule))

    def chart_rows(self) -> list[dict[str, Any]]:
        """The projects as bars of an SVG chart (24 px a row; the width in per cent of the top)."""
        top = max((p.score for p in self.projects), default=0) or 1
        return [
            {
                "project": p,
                "y": 24 * i,
                "text_y": 24 * i + 16,
                "width": round(60 * p.score / top, 1),
            }
            for i, p in enumerate(self.projects)
        ]

    @property
    def chart_height(self) -> int:
        return 24 * len(self.projects) + 4

    def spent_share(self, rule: str) -> float:
        return round(100 * self.spent(rule) / self.budget, 1) if self.budget else 0.0


def count_scope(scope: Scope) -> ScopeResult:
    page = scope.page
    ballots = Ballot.objects.in_scope(page, scope.area)
    totals = ballots.aggregate(all=Count("pk"), paper=Count("pk", filter=_paper()))
    projects = {
        p.pk: ProjectResult(
            id=p.pk,
            title=p.title,
            cost=p.cost or 0,
            votes=0,
            score=0,
            funded=p.is_funded,
            delivery=p.delivery_status,
        )
        for p in scope.proposals()
    }
    rows = BallotChoice.objects.filter(ballot__in=ballots, proposal_id__in=list(projects))
    for proposal_id, votes in rows.values_list("proposal_id").annotate(votes=Count("pk")):
        projects[proposal_id].votes = votes
    counting = counting_module()
    counted = election(counting, scope)
    greedy = counting.greedy(counted)
    for project_id, score in greedy.votes.items():
        projects[int(project_id)].score = int(score)
    # The order greedy considers them in: score, then project id as a string (pabutools').
    result = ScopeResult(
        key=scope.key,
        name=str(scope.name),
        budget=scope.budget,
        ballots=totals["all"],
        paper_ballots=totals["paper"],
        pb_url=scope.pb_url,
        projects=sorted(projects.values(), key=lambda p: (-p.score, str(p.id))),
    )
    for project in result.projects:
        project.share = round(100 * project.cost / result.budget, 1) if result.budget else 0.0
    for project_id in greedy.selected:
        projects[int(project_id)].greedy = True
    try:
        winners = equal_shares_winners(counting, scope, counted)
    except (ArithmeticError, ValueError):  # not expected: say so and show greedy only
        logger.exception("wagtail_participation: the Method of Equal Shares was not counted")
    else:
        for project_id in winners:
            if project_id in projects:
                projects[project_id].equal_shares = True
        result.equal_shares_counted = True
    return result


def _paper() -> Any:
    from django.db.models import Q

    from .models import BallotSource

    return Q(source=BallotSource.PAPER)


def equal_shares_winners(counting: Any, scope: Scope, counted: Any = None) -> list[int]:
    """The Method of Equal Shares (with add-one completion) on ``scope``'s election (``counted``
    when built already); knapsack ballots count with cost utilities (a voter values a project
    at its cost)."""
    knapsack = VotingMethod(scope.page.voting_method) == VotingMethod.KNAPSACK
    outcome = counting.equal_shares(
        counted if counted is not None else election(counting, scope),
        utility="cost" if knapsack else "cardinal",
    )
    return [int(project_id) for project_id in outcome.selected]


def election(counting: Any, scope: Scope) -> Any:
    """``scope``'s ballots as the counting package's ``Election``."""
    page = scope.page
    projects = [
        counting.Project(id=str(p.pk), cost=p.cost or 0, name=p.title) for p in scope.proposals()
    ]
    return counting.Election(
        budget=scope.budget,
        projects=projects,
        ballots=list(anonymous_ballots(scope).values()),
        vote_type=PB_VOTE_TYPES[VotingMethod(page.voting_method)],
    )


def anonymous_ballots(scope: Scope) -> dict[int, dict[str, int]]:
    """{anonymous voter number: {project id: value}} for every ballot in ``scope``."""
    ballots: dict[int, dict[str, int]] = {}
    numbers: dict[int, int] = {}
    rows = (
        BallotChoice.objects.filter(ballot__in=Ballot.objects.in_scope(scope.page, scope.area))
        .order_by("ballot_id", "pk")
        .values_list("ballot_id", "proposal_id", "value")
    )
    for ballot_id, proposal_id, value in rows.iterator(chunk_size=2000):
        number = numbers.setdefault(ballot_id, len(numbers) + 1)
        ballots.setdefault(number, {})[str(proposal_id)] = value
    return ballots


def budget_results(page: BudgetPageMixin) -> list[ScopeResult]:
    """Every pot of ``page`` counted (cached until the next change)."""
    return caches.cached_results(page.pk, lambda: [count_scope(s) for s in page.scopes()])


def public_rule(page: BudgetPageMixin, results: list[ScopeResult]) -> str:
    """The rule the public page shows: the page's choice, greedy while MES is not counted."""
    if page.counting_rule == CountingRule.EQUAL_SHARES and all(
        r.equal_shares_counted for r in results
    ):
        return "equal_shares"
    return "greedy"


def results_csv(page: BudgetPageMixin, results: list[ScopeResult]) -> str:
    """One row per project and pot: votes, cost, share, and whether each rule funds it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "area",
            "project_id",
            "title",
            "cost",
            "votes",
            "score",
            "share_percent",
            "greedy",
            "equal_shares",
        ]
    )
    for result in results:
        for project in result.projects:
            writer.writerow(
                [
                    _safe(result.name),
                    project.id,
                    _safe(project.title),
                    project.cost,
                    project.votes,
                    project.score,
                    project.share,
                    int(project.greedy),
                    int(project.equal_shares) if result.equal_shares_counted else "",
                ]
            )
    return out.getvalue()


def _safe(text: str) -> str:
    """Spreadsheets run a cell starting with = + - @ as a formula: quote it."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _pb_date(moment: Any) -> str:
    """A date as pabulib writes it (``dd.mm.yyyy``), "" when unknown."""
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%d.%m.%Y") if moment else ""


def pb_file(scope: Scope, result: ScopeResult) -> str:
    """The election in pabulib's .pb format (anonymous voter numbers)."""
    page = scope.page
    method = VotingMethod(page.voting_method)
    vote_type = PB_VOTE_TYPES[method]
    ballots = anonymous_ballots(scope)
    lines = ["META", "key;value"]
    meta = {
        "description": _pb(f"{page.title}: {scope.name}"),
        "country": _pb(str(budget_settings.BUDGET_PB_COUNTRY)),
        "unit": _pb(str(scope.name)),
        "instance": str(page.voting_closes_at.year if page.voting_closes_at else ""),
        "num_projects": str(len(result.projects)),
        "num_votes": str(len(ballots)),
        "budget": str(result.budget),
        "vote_type": vote_type,
        "rule": "greedy",
        "date_begin": _pb_date(page.voting_opens_at),
        "date_end": _pb_date(page.voting_closes_at),
        "currency": page.currency,
    }
    if method == VotingMethod.APPROVAL:
        meta["max_length"] = str(min(page.max_choices, len(result.projects)))
    if method == VotingMethod.RANKED:
        meta["max_length"] = str(min(page.max_choices, len(result.projects)))
    if method == VotingMethod.CUMULATIVE:
        meta["max_sum_points"] = str(page.points)
    if method == VotingMethod.KNAPSACK:
        meta["max_sum_cost"] = str(result.budget)
    lines += [f"{key};{value}" for key, value in meta.items()]
    lines += ["PROJECTS", "project_id;cost;votes;name;selected"]
    for project in sorted(result.projects, key=lambda p: p.id):
        lines.append(
            f"{project.id};{project.cost};{project.votes};{_pb(project.title)};{int(project.greedy)}"
        )
    lines.append("VOTES")
    if vote_type == "cumulative":
        lines.append("voter_id;vote;points")
    else:
        lines.append("voter_id;vote")
    for number, choices in ballots.items():
        if vote_type == "ordinal":
            ordered = sorted(choices, key=lambda pid: choices[pid])
            lines.append(f"{number};{','.join(ordered)}")
        elif vote_type == "cumulative":
            ids = list(choices)
            lines.append(f"{number};{','.join(ids)};{','.join(str(choices[i]) for i in ids)}")
        else:
            lines.append(f"{number};{','.join(choices)}")
    return "\n".join(lines) + "\n"


def _pb(text: str) -> str:
    """A .pb field holds no separator or line break."""
    return " ".join(text.replace(";", ",").split())
