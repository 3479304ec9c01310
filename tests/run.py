#!/usr/bin/env python3
"""Run the whole test suite: ``python3 tests/run.py [pytest arguments]``.

Sets up .venv (first run only) and runs pytest in parallel. SQLite by default;
``DATABASE_URL=postgres://...`` runs it on PostgreSQL. Browser tests drive
/usr/bin/chromium and are skipped, with a message, when it is not installed.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from example_site.bootstrap import ROOT, ensure_venv


def main():
    ensure_venv()
    os.chdir(ROOT)
    args = sys.argv[1:]
    if not any(a == "-n" or a.startswith("-n") or a.startswith("--numprocesses") for a in args):
        args = ["-n", os.environ.get("PYTEST_WORKERS", "auto"), *args]
    print(
        "Database:",
        "PostgreSQL (DATABASE_URL)" if os.environ.get("DATABASE_URL") else "SQLite (in memory)",
        flush=True,
    )
    os.execv(sys.executable, [sys.executable, "-m", "pytest", *args])  # noqa: S606 - our Python


if __name__ == "__main__":
    main()
