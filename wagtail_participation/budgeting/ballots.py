"""What a ballot may hold, by voting method: the rules, and what is kept when a ballot breaks them.

``check_ballot(method, limits, projects, wanted)`` takes the projects on the ballot (in the
order residents see them), what the resident asked for (``{project id: value}``: 1 for a chosen
project, the points given, or the rank) and returns a ``BallotCheck``: the choices kept and, when
something had to go, the sentence that says what was kept and why. Nothing here touches the
database; the form and the service call it, so a paper ballot follows the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import VotingMethod


@dataclass(frozen=True)
class BallotProject:
    """A project as the ballot sees it."""

    id: int
    title: str
    cost: int


@dataclass(frozen=True)
class Limits:
    """The page's limits: the money to spend, the projects to choose or rank, the points."""

    budget: int
    max_choices: int
    points: int
    currency: str = ""

    def money(self, amount: int) -> str:
        return f"{amount:,} {self.currency}".strip()


@dataclass
class BallotCheck:
    kept: dict[int, int] = field(default_factory=dict)
    #: What the resident is told when something was not kept (empty: the ballot is fine).
    problem: str = ""
    dropped: list[BallotProject] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problem

    def total_cost(self, projects: Sequence[BallotProject]) -> int:
        return sum(p.cost for p in projects if p.id in self.kept)


def _titles(projects: Sequence[BallotProject]) -> str:
    return ", ".join(p.title for p in projects)


def check_ballot(
    method: str,
    limits: Limits,
    projects: Sequence[BallotProject],
    wanted: Mapping[int, int],
) -> BallotCheck:
    """Apply ``method``'s rules to ``wanted``; projects not on the ballot are ignored."""
    on_ballot = [p for p in projects if wanted.get(p.id)]
    if method == VotingMethod.KNAPSACK:
        return _knapsack(limits, on_ballot)
    if method == VotingMethod.APPROVAL:
        return _approval(limits, on_ballot)
    if method == VotingMethod.CUMULATIVE:
        return _cumulative(limits, on_ballot, wanted)
    return _ranked(limits, on_ballot, wanted)


def _knapsack(limits: Limits, chosen: list[BallotProject]) -> BallotCheck:
    check = BallotCheck()
    total = sum(p.cost for p in chosen)
    spent = 0
    for project in chosen:  # in the ballot's order, skipping what no longer fits
        if spent + project.cost <= limits.budget:
            check.kept[project.id] = 1
            spent += project.cost
        else:
            check.dropped.append(project)
    if check.dropped:
        kept = [p for p in chosen if p.id in check.kept]
        check.problem = _(
            "Your choices cost %(total)s, which is %(over)s more than the %(budget)s to spend. "
            "We kept %(kept)s (%(spent)s) and took off %(dropped)s. "
            "Check your choices and send your ballot again."
        ) % {
            "total": limits.money(total),
            "over": limits.money(total - limits.budget),
            "budget": limits.money(limits.budget),
            "kept": _titles(kept) or _("no project"),
            "spent": limits.money(spent),
            "dropped": _titles(check.dropped),
        }
    return check


def _approval(limits: Limits, chosen: list[BallotProject]) -> BallotCheck:
    check = BallotCheck()
    for index, project in enumerate(chosen):
        if index < limits.max_choices:
            check.kept[project.id] = 1
        else:
            check.dropped.append(project)
    if check.dropped:
        kept = [p for p in chosen if p.id in check.kept]
        check.problem = ngettext(
            "You may choose %(limit)d project and chose %(count)d. "
            "We kept %(kept)s and took off %(dropped)s. "
            "Check your choices and send your ballot again.",
            "You may choose up to %(limit)d projects and chose %(count)d. "
            "We kept %(kept)s and took off %(dropped)s. "
            "Check your choices and send your ballot again.",
            limits.max_choices,
        ) % {
            "limit": limits.max_choices,
            "count": len(chosen),
            "kept": _titles(kept),
            "dropped": _titles(check.dropped),
        }
    return check


def _cumulative(
    limits: Limits, chosen: list[BallotProject], wanted: Mapping[int, int]
) -> BallotCheck:
    check = BallotCheck()
    total = sum(wanted[p.id] for p in chosen)
    left = limits.points
    for project in chosen:
        points = min(wanted[project.id], left)
        if points:
            check.kept[project.id] = points
            left -= points
        if points < wanted[project.id]:
            check.dropped.append(project)
    if total > limits.points:
        kept = ", ".join(f"{p.title} ({check.kept[p.id]})" for p in chosen if p.id in check.kept)
        check.problem = _(
            "You gave %(total)d points and have %(points)d to spread. "
            "We kept %(kept)s. Check your points and send your ballot again."
        ) % {"total": total, "points": limits.points, "kept": kept}
    return check


def _ranked(limits: Limits, chosen: list[BallotProject], wanted: Mapping[int, int]) -> BallotCheck:
    check = BallotCheck()
    by_rank = sorted(chosen, key=lambda p: (wanted[p.id], chosen.index(p)))
    seen: set[int] = set()
    rank = 0
    for project in by_rank:
        given = wanted[project.id]
        if given in seen or given > limits.max_choices or rank >= limits.max_choices:
            check.dropped.append(project)
            continue
        seen.add(given)
        rank += 1
        check.kept[project.id] = rank
    if check.dropped:
        kept = ", ".join(
            f"{check.kept[p.id]}. {p.title}"
            for p in sorted(by_rank, key=lambda p: check.kept.get(p.id, 0))
            if p.id in check.kept
        )
        check.problem = _(
            "Each rank from 1 to %(limit)d may be given to one project only. "
            "We kept %(kept)s. Check your ranking and send your ballot again."
        ) % {"limit": limits.max_choices, "kept": kept or _("no project")}
    return check
