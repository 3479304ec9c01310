"""docs/security.md names, for each finding of the attack on the example site, the tests that hold
it: they must exist, so a renamed or deleted test is noticed here."""

from pathlib import Path

import pytest

from .findings import FINDINGS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("finding", FINDINGS, ids=lambda f: f"item-{f.item}")
def test_every_test_a_finding_names_exists(finding):
    assert finding.tests
    for test in finding.tests:
        path, _, name = test.partition("::")
        source = ROOT / path
        assert source.is_file(), f"item {finding.item}: {path} does not exist"
        if name:
            assert f"def {name}(" in source.read_text(encoding="utf-8"), (
                f"item {finding.item}: no {test}"
            )


def test_findings_are_items_one_to_seventeen():
    assert [f.item for f in FINDINGS] == list(range(1, 18))
