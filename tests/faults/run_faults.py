"""Run the fault-injection tests and print their report, one line per fault.

    python tests/faults/run_faults.py                      # SQLite: the faults that need no server
    DATABASE_URL=postgres://... python tests/faults/run_faults.py   # all, with real connections and a db_worker

Each line gives the numbers behind "nothing lost, nothing duplicated"; a fault that fails it
fails its test, and the exit status is pytest's.
"""

import os
import sys
from pathlib import Path

import pytest

if __name__ == "__main__":
    root = Path(__file__).resolve().parents[2]
    os.chdir(root)
    sys.path.insert(0, str(root))
    sys.exit(pytest.main(["tests/faults", "-q", "-s", "-p", "no:randomly", *sys.argv[1:]]))
