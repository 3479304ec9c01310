"""Standard-library-only set-up shared by ``example_site/demo.py`` and ``tests/run.py``.

Creates ``.venv`` at the repository root once, installs the package with its
``test``, ``testdb``, ``lint`` and ``docs`` extras (again whenever pyproject.toml changes)
and re-runs the calling script inside that virtualenv. Those extras hold every tool
``.ci/run`` calls from ``.venv/bin`` (pytest; ruff, djlint, mypy with django-stubs and
pre-commit through ``lint``; mkdocs through ``docs``), so a bare machine gets them all.
Needs nothing but Python 3.11 with venv.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
MARKER = VENV / ".wagtail-participation-installed"


def _requirements_hash():
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def _inside_venv():
    return Path(sys.prefix).resolve() == VENV.resolve()


def ensure_venv():
    """Make sure we run inside an up-to-date .venv; re-executes the script if not."""
    if not PYTHON.exists():
        print(f"Creating a virtualenv in {VENV} (once)...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except Exception as exc:  # noqa: BLE001 - explain the usual Debian cause
            sys.exit(
                f"Could not create a virtualenv ({exc}).\n"
                "On Debian or Ubuntu install it first: sudo apt-get install python3-venv"
            )
    wanted = _requirements_hash()
    if not MARKER.exists() or MARKER.read_text() != wanted:
        print("Installing wagtail-participation, its test and lint tools into .venv...", flush=True)
        subprocess.run(  # noqa: S603 - the venv's pip on this checkout
            [
                str(PYTHON),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-e",
                f"{ROOT}[test,testdb,lint,docs]",
            ],
            check=True,
        )
        MARKER.write_text(wanted)
    if not _inside_venv():
        os.execv(str(PYTHON), [str(PYTHON), *sys.argv])  # noqa: S606 - re-run in the venv
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
