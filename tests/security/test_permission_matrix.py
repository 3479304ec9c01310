"""The permission matrix (issue 6): every URL of the package, six roles, the expected answer.

The expectations are in matrix.py; docs/security.md is generated from them.
"""

import os

import pytest

from . import matrix
from .world import ROLES, build_world


def test_every_url_has_a_case():
    """A URL added to the package without an expectation fails here."""
    routes = matrix.package_routes()
    covered = {route for case in matrix.CASES if not case.extra for route in case.routes}
    missing = sorted(routes - covered)
    stale = sorted(covered - routes)
    assert not missing, (
        "URLs of the package without a row in the permission matrix: add cases for them to "
        f"tests/security/matrix.py, then regenerate docs/security.md ({matrix.REGENERATE}):\n  "
        + "\n  ".join(missing)
    )
    assert not stale, "cases for URLs the package no longer has:\n  " + "\n  ".join(stale)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role):
    world = build_world()
    unexpected = []
    for case in matrix.CASES:
        got = matrix.run_case(world, role, case)
        if got != case.expected[role]:
            unexpected.append(
                f"{case.method} {case.label} [{case.routes[0]}]: expected {case.expected[role]!r}, "
                f"got {got!r}"
            )
    assert not unexpected, f"{len(unexpected)} unexpected cells for {role}:\n  " + "\n  ".join(
        unexpected
    )


def test_security_doc_is_up_to_date():
    expected = matrix.render_markdown()
    if os.environ.get("WRITE_SECURITY_DOC"):
        matrix.write_doc()
    current = matrix.DOC_PATH.read_text(encoding="utf-8") if matrix.DOC_PATH.exists() else ""
    assert current == expected, (
        f"{matrix.DOC_PATH.name} is not the table of tests/security/matrix.py. Regenerate it with:\n"
        f"  {matrix.REGENERATE}"
    )
