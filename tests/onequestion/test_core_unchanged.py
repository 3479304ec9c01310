"""The one-question method joined core without a line of core changed for it.

Core neither imports nor names the test app's method; everything the method uses from core is
what any method uses (its public modules). The lead also checks this as a git diff: no file
under ``wagtail_participation/core`` changed on the branch that added the method.
"""

import ast
import re
from pathlib import Path

import wagtail_participation
from tests.core.test_host import code_of, template_of

PACKAGE = Path(wagtail_participation.__file__).parent
METHOD = Path(__file__).resolve().parents[1] / "testapp" / "onequestion"


def test_no_file_of_the_package_names_the_method():
    pattern = re.compile(r"onequestion|one_question|tests\.testapp|testapp_", re.IGNORECASE)
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        if not path.is_file() or "locale" in path.parts:
            continue
        if path.suffix == ".py":
            text = code_of(path)
        elif path.suffix in (".html", ".txt"):
            text = template_of(path)
        else:
            continue
        found += [
            f"{path.relative_to(PACKAGE)}: {line}"
            for line in text.splitlines()
            if pattern.search(line)
        ]
    assert found == []


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_the_method_uses_only_core_and_no_other_method():
    used = {
        module
        for path in METHOD.rglob("*.py")
        if "migrations" not in path.parts
        for module in imported_modules(path)
        if module.startswith("wagtail_participation")
    }
    assert used and all(module.startswith("wagtail_participation.core") for module in used), used
