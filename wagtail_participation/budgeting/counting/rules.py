"""The counting rules: greedy, and the Method of Equal Shares with its completions.

Both follow pabutools' definitions exactly (our own code; pabutools is only the reference
our tests compare with), in exact arithmetic:

- ties are broken by project id, compared as strings (pabutools' default
  ``lexico_tie_breaking``: "10" comes before "9");
- the Method of Equal Shares gives each of the n voters budget / n, then repeatedly funds
  the project whose price per unit of utility (rho) is lowest, each supporter paying
  rho times their utility or all they have left; see ``docs/explanation/budget-counting.md``.
"""

from __future__ import annotations

from fractions import Fraction

from .election import Election, Outcome

try:  # exact rationals in C when gmpy2 (LGPL) is installed: the same numbers, faster
    from gmpy2 import mpq as _rational
except ImportError:  # pragma: no cover - the pure-Python path
    _rational = Fraction

COMPLETIONS = ("add1", "utilitarian", None)
UTILITIES = ("cardinal", "cost")


def greedy(election: Election, *, fund_unsupported: bool = False) -> Outcome:
    """Most supported first, skipping projects that no longer fit the budget.

    Support is the number of approvals, the total points, or the Borda score (ordinal
    ballots, see ``Election.utilities``). Ties: by project id as a string. A project nobody
    supports is not funded unless ``fund_unsupported`` (pabutools' greedy funds such
    projects when money is left; our tests compare with it that way).
    """
    votes = election.scores()
    return _greedy(election, votes, [], election.budget, fund_unsupported, "greedy")


def _greedy(
    election: Election,
    votes: dict[str, int],
    already: list[str],
    left: int,
    fund_unsupported: bool,
    method: str,
) -> Outcome:
    taken = set(already)
    selected = list(already)
    order = sorted(
        (p for p in election.projects if p.id not in taken), key=lambda p: (-votes[p.id], p.id)
    )
    for project in order:
        if not fund_unsupported and votes[project.id] <= 0:
            continue
        if project.cost <= left:
            selected.append(project.id)
            left -= project.cost
    costs = {p.id: p.cost for p in election.projects}
    return Outcome(
        selected=tuple(selected),
        spent=sum(costs[pid] for pid in selected),
        method=method,
        votes=votes,
    )


def _fraction(number) -> Fraction:
    return Fraction(int(number.numerator), int(number.denominator))


class _Prepared:
    """The ballots grouped (identical ballots counted once, with their number)."""

    def __init__(self, election: Election, utility: str) -> None:
        projects = list(election.projects)
        self.ids = [p.id for p in projects]
        self.costs = [p.cost for p in projects]
        index = {pid: j for j, pid in enumerate(self.ids)}
        groups: dict[tuple[tuple[int, int], ...], int] = {}
        for ballot in election.ballots:
            items = tuple(
                sorted((index[pid], value) for pid, value in election.utilities(ballot).items())
            )
            groups[items] = groups.get(items, 0) + 1
        self.voters = len(election.ballots)
        self.groups = list(groups.items())
        # a voter's utility for project j is value * scale[j]: cost utilities scale by cost
        self.scale = [c if utility == "cost" else 1 for c in self.costs]
        self.supporters: list[list[tuple[int, int]]] = [[] for _ in projects]
        # per project: {value: (voters, voters * value)}, to start each run cheaply
        self.histogram: list[dict[int, list[int]]] = [{} for _ in projects]
        for g, (items, weight) in enumerate(self.groups):
            for j, value in items:
                self.supporters[j].append((g, value))
                entry = self.histogram[j].setdefault(value, [0, 0])
                entry[0] += weight
                entry[1] += weight * value
        self.total = [sum(e[1] for e in h.values()) for h in self.histogram]


def _mes_run(prep: _Prepared, start: Fraction, exclude: set[int]) -> tuple[list[int], dict]:  # noqa: C901
    """One run of the Method of Equal Shares, every voter starting with ``start``."""
    costs, scale, groups = prep.costs, prep.scale, prep.groups
    budgets: list[Fraction | int] = [start] * len(groups)
    # counters[j]: {budget / value: [money of those supporters, their total value]}
    counters: dict[int, dict[Fraction, list]] = {}
    available: dict[int, Fraction] = {}
    price: dict[int, Fraction] = {}  # a lower bound of rho (it only grows)
    for j, histogram in enumerate(prep.histogram):
        if j in exclude or not prep.total[j] or costs[j] <= 0:
            continue
        counters[j] = {
            (start / value if value != 1 else start): [start * n, nv]
            for value, (n, nv) in histogram.items()
        }
        available[j] = start * sum(n for n, _ in histogram.values())
        price[j] = _rational(costs[j], prep.total[j] * scale[j])
    selected: list[int] = []
    details: dict[int, dict] = {}
    while True:
        best: Fraction | None = None
        tied: list[int] = []
        for j in sorted(price, key=price.__getitem__):
            cost = costs[j]
            if available[j] < cost:
                del price[j], counters[j], available[j]
                continue
            if best is not None and price[j] > best:
                break
            paid, weight = 0, prep.total[j]
            for key in sorted(counters[j]):
                rho = _rational(cost - paid, weight)
                if rho <= key:
                    break
                money, value = counters[j][key]
                paid += money
                weight -= value
            rho = _rational(cost - paid, weight) / scale[j]
            price[j] = rho
            if best is None or rho < best:
                best, tied = rho, [j]
            elif rho == best:
                tied.append(j)
        if best is None:
            return selected, details
        j = min(tied, key=lambda t: prep.ids[t])
        del price[j], counters[j], available[j]
        selected.append(j)
        rho_unit = best * scale[j]  # the price of one unit of the ballot's value
        payers, total_paid = 0, 0
        for g, value in prep.supporters[j]:
            old = budgets[g]
            if not old:
                continue
            pay = min(old, rho_unit * value)
            new = old - pay
            budgets[g] = new
            items, weight = groups[g]
            payers += weight
            total_paid += weight * pay
            for k, v in items:
                counter = counters.get(k)
                if counter is None:
                    continue
                if v == 1:
                    old_key, new_key = old, new
                else:
                    old_key, new_key = old / v, new / v
                entry = counter[old_key]
                entry[0] -= weight * old
                entry[1] -= weight * v
                if not entry[1]:
                    del counter[old_key]
                entry = counter.get(new_key)
                if entry is None:
                    counter[new_key] = [weight * new, weight * v]
                else:
                    entry[0] += weight * new
                    entry[1] += weight * v
                available[k] -= weight * pay
        details[j] = {"rho": _fraction(best), "payers": payers, "paid": _fraction(total_paid)}


def equal_shares(
    election: Election,
    completion: str | None = "add1",
    *,
    utility: str = "cardinal",
    fund_unsupported: bool = False,
) -> Outcome:
    """The Method of Equal Shares.

    ``utility``: ``"cardinal"`` (a voter's utility is their ballot's value: 1 an approval,
    the points, or the Borda score) or ``"cost"`` (approval ballots only: the project's
    cost for each approved project, as for knapsack ballots).

    ``completion``:

    - ``"add1"`` (the default, as in Wieliczka and Aarau; pabutools'
      ``voter_budget_increment=1``): if the outcome is not exhaustive (some supported
      project still fits the budget), run again with every voter's budget one unit higher,
      until the outcome is exhaustive; when a run overspends the real budget, keep the
      previous outcome;
    - ``"utilitarian"``: one run, then the money left goes greedily (``greedy``'s order);
    - ``None``: one run.

    Projects costing nothing that someone supports are funded first.
    """
    if completion not in COMPLETIONS:
        raise ValueError(f"unknown completion {completion!r}")
    if utility not in UTILITIES:
        raise ValueError(f"unknown utility {utility!r}")
    if utility == "cost" and election.vote_type != "approval":
        raise ValueError("cost utilities need approval ballots")
    votes = election.scores()
    method = "equal_shares" + (f"/{completion}" if completion else "")
    if utility == "cost":
        method += "/cost"
    prep = _Prepared(election, utility)
    if not prep.voters:
        return Outcome(selected=(), spent=0, method=method, votes=votes)
    # a free project someone supports is funded first (with cost utilities it is worth 0)
    free = [j for j in range(len(prep.ids)) if prep.total[j] * prep.scale[j] and prep.costs[j] <= 0]
    exclude = set(free)
    candidates = [
        j for j in range(len(prep.ids)) if j not in exclude and prep.total[j] and prep.costs[j] > 0
    ]
    start = _rational(election.budget, prep.voters)
    result = _mes_run(prep, start, exclude)
    if completion == "add1":
        previous = ([], {}), start
        while True:
            chosen = result[0]
            spent = sum(prep.costs[j] for j in chosen)
            if spent > election.budget:
                result, start = previous
                break
            taken = set(chosen)
            if all(j in taken or prep.costs[j] + spent > election.budget for j in candidates):
                break
            previous = result, start
            start += 1
            result = _mes_run(prep, start, exclude)
    chosen, details = result
    selected = [prep.ids[j] for j in free + chosen]
    info = {prep.ids[j]: d for j, d in details.items()}
    if completion == "utilitarian":
        left = election.budget - sum(prep.costs[j] for j in chosen)
        outcome = _greedy(election, votes, selected, left, fund_unsupported, method)
        return Outcome(
            selected=outcome.selected,
            spent=outcome.spent,
            method=method,
            votes=votes,
            details=info,
            voter_budget=_fraction(start),
        )
    costs = dict(zip(prep.ids, prep.costs, strict=True))
    return Outcome(
        selected=tuple(selected),
        spent=sum(costs[pid] for pid in selected),
        method=method,
        votes=votes,
        details=info,
        voter_budget=_fraction(start),
    )
