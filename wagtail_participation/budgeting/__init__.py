"""Participatory budgeting: residents propose projects, staff check them, residents vote within
the budget, the count decides what is funded, and the council reports on delivery.

``BudgetPageMixin`` makes a page a budget (a site composes its own page from it);
``BudgetPage`` is the concrete page. ``BudgetProposal`` is a moderated contribution (core's
``Contribution``), ``Ballot`` one resident's vote in one area or the city-wide pot, unique by a
database constraint. Counting (greedy, Method of Equal Shares, pabulib files) is the pure
package ``budgeting.counting``; ``results`` feeds it from the database.
"""
