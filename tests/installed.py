#!/usr/bin/env python3
"""Run the tests against the installed package, not this checkout's source.

``python tests/installed.py [pytest arguments]``, with a Python whose environment has the
package installed from a built wheel (tox and ``.ci/run`` do that). It copies the checkout
without ``wagtail_participation/`` to a temporary folder and runs pytest there, so every
import of the package finds the installed one; ``tests/conftest.py`` stops the run if not.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEFT_OUT = {"wagtail_participation", ".git", ".tox", "build", "dist", "site", "node_modules"}


def ignore(folder, names):
    if Path(folder) == ROOT:
        return [n for n in names if n in LEFT_OUT or n.startswith(".venv")]
    return [n for n in names if n in {"__pycache__", ".mypy_cache", ".ruff_cache"}]


def main():
    copy = Path(tempfile.mkdtemp(prefix="wagtail-participation-installed-")) / "checkout"
    shutil.copytree(ROOT, copy, ignore=ignore, symlinks=True)
    os.chdir(copy)
    os.environ["WAGTAIL_PARTICIPATION_TEST_INSTALLED"] = "1"
    print(f"Testing the installed package from {copy}", flush=True)
    os.execv(sys.executable, [sys.executable, "-m", "pytest", *sys.argv[1:]])  # noqa: S606


if __name__ == "__main__":
    main()
