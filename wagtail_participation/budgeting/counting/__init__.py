"""Counting a participatory budget: greedy and the Method of Equal Shares (pure Python).

No Django, no database: an :class:`Election` in, an :class:`Outcome` out, and pabulib's
``.pb`` files read and written. Arithmetic is exact (integers and ``fractions.Fraction``),
so outcomes match pabutools' (the reference implementation, used only by our tests) to the
project. See ``docs/explanation/budget-counting.md``.
"""

from .election import Election, Outcome, Project
from .pabulib import read_pb, write_pb
from .rules import equal_shares, greedy

__all__ = [
    "Election",
    "Outcome",
    "Project",
    "equal_shares",
    "greedy",
    "read_pb",
    "write_pb",
]
