"""The input and output of a count."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

#: pabulib's vote types this package counts.
VOTE_TYPES = ("approval", "cumulative", "ordinal")


@dataclass(frozen=True)
class Project:
    """A project on the ballot: its id (a string, as in pabulib), its cost and name."""

    id: str
    cost: int
    name: str = ""


@dataclass
class Election:
    """A budget, its projects and the ballots cast.

    ``ballots`` map project ids to values, by ``vote_type`` (pabulib's names):

    - ``"approval"``: 1 for each chosen project (knapsack ballots are approval ballots
      whose chosen projects fit the budget);
    - ``"cumulative"``: the points given to each project;
    - ``"ordinal"``: the rank position, 1 for the first choice, 2 for the second...

    A ballot naming a project that is not in ``projects`` is refused (``ValueError``).
    """

    budget: int
    projects: Sequence[Project]
    ballots: Sequence[Mapping[str, int]]
    vote_type: str = "approval"

    def __post_init__(self) -> None:
        if self.vote_type not in VOTE_TYPES:
            raise ValueError(f"unknown vote type {self.vote_type!r}")
        ids = [p.id for p in self.projects]
        if len(set(ids)) != len(ids):
            raise ValueError("two projects have the same id")
        known = set(ids)
        for ballot in self.ballots:
            for project_id, value in ballot.items():
                if project_id not in known:
                    raise ValueError(f"a ballot names an unknown project {project_id!r}")
                if value < 0:
                    raise ValueError("a ballot holds a negative value")

    def utilities(self, ballot: Mapping[str, int]) -> dict[str, int]:
        """What ``ballot`` gives each project it supports (zero values left out).

        Approval: 1 a project. Cumulative: the points. Ordinal: a Borda score, as
        pabutools' ``Additive_Borda_Sat``: a ballot ranking m projects gives its first
        choice m - 1, its second m - 2, ... and its last 0 (so that last one does not
        count as support).
        """
        if self.vote_type == "approval":
            return {pid: 1 for pid, value in ballot.items() if value}
        if self.vote_type == "cumulative":
            return {pid: value for pid, value in ballot.items() if value}
        ranked = sorted(ballot, key=lambda pid: ballot[pid])
        m = len(ranked)
        return {pid: m - 1 - i for i, pid in enumerate(ranked) if m - 1 - i > 0}

    def scores(self) -> dict[str, int]:
        """Each project's total: approvals, points, or Borda score (see ``utilities``)."""
        totals = {p.id: 0 for p in self.projects}
        for ballot in self.ballots:
            for pid, value in self.utilities(ballot).items():
                totals[pid] += value
        return totals


@dataclass(frozen=True)
class Outcome:
    """The projects a rule funds (in the order it chose them) and what they cost.

    ``votes`` is every project's total (see ``Election.scores``). For the Method of
    Equal Shares, ``details`` holds per funded project the price per unit of utility
    (``rho``, a Fraction), the number of voters who paid (``payers``) and the money
    they paid (``paid``); ``voter_budget`` is the budget each voter started with in the
    round that gave this outcome.
    """

    selected: tuple[str, ...]
    spent: int
    method: str
    votes: Mapping[str, int | float]
    details: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    voter_budget: Fraction | None = None
