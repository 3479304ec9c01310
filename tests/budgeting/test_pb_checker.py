"""The ``.pb`` download passes pabulib-checker (pabulib.org's own validator of the format)."""

import pytest

from tests.factories import ParticipantFactory
from wagtail_participation.budgeting import results, services
from wagtail_participation.budgeting.models import VotingMethod

from .factories import make_budget, make_projects

pytestmark = pytest.mark.django_db

checker_module = pytest.importorskip("pabulib.checker")


@pytest.mark.parametrize(
    "method", [VotingMethod.KNAPSACK, VotingMethod.APPROVAL, VotingMethod.CUMULATIVE]
)
def test_the_pb_download_passes_pabulib_checker(method):
    page = make_budget(stage="closed", voting_method=method, areas=[("North", 30_000)])
    (north,) = page.areas()
    a, b, c = make_projects(page, [60_000, 50_000, 20_000])  # not all fit the 100,000
    n1, _n2 = make_projects(page, [20_000, 15_000], area=north)
    for wanted in ({a.pk: 1, c.pk: 1}, {b.pk: 1, c.pk: 1}, {c.pk: 1}):
        services.cast_ballot(page.scope(None), ParticipantFactory(), wanted)
    services.cast_ballot(page.scope(north.pk), ParticipantFactory(), {n1.pk: 1})
    counted = results.budget_results(page)
    for scope, result in zip(page.scopes(), counted, strict=True):
        body = results.pb_file(scope, result)
        report = checker_module.Checker().process_files([body])
        details = {k: v for k, v in report.items() if k not in ("summary", "metadata")}
        errors = [v.get("results", v).get("errors") for v in details.values()]
        assert not any(errors), (scope.name, errors)
