"""``manage.py check`` names each installation step a site skipped (docs/reference/checks.md).

Each case runs Django's check command in a fresh process on a bare site as ``wagtail start``
makes it (``tests/installs/settings.py``), with some of the package's steps left out.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = "crispy_forms,wagtail_modeladmin"
CORE = "wagtail_participation.core"
PROJECTS = "wagtail_participation.projects"
ALL = (
    f"{CORE},{REQUIRED},{PROJECTS},wagtail_participation.ideas,wagtail_participation.surveys,"
    "wagtail_participation.petitions,wagtail_participation.budgeting"
)


def check(apps, urls="before", command=("check",), **extra_env):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.installs.settings",
        "INSTALL_APPS": apps,
        "INSTALL_URLS": urls,
        "PYTHONPATH": str(ROOT),
        **extra_env,
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 - our Python with fixed arguments
        [sys.executable, "-m", "django", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


def test_a_complete_installation_passes():
    code, output = check(ALL)
    assert code == 0, output
    assert "no issues" in output


def test_package_urls_after_wagtails_catch_all():
    code, output = check(ALL, urls="after")
    assert code != 0
    assert "wagtail_participation.E007" in output
    assert "before Wagtail's include(wagtail_urls)" in output
    assert 'include("wagtail_participation.urls")' in output


def test_package_urls_not_included():
    code, output = check(ALL, urls="none")
    assert code != 0
    assert "wagtail_participation.E007" in output
    assert "are not included" in output
    # Issue 14, point 7: the check names the line to add.
    assert (
        'Add path("participation/", include("wagtail_participation.urls")) to your urls.py'
        in output
    )


@pytest.mark.parametrize(
    "apps, missing",
    [
        (f"{REQUIRED},{PROJECTS}", CORE),
        (f"{REQUIRED},wagtail_participation.surveys", CORE),
        (f"{REQUIRED},wagtail_participation.petitions", CORE),
        (f"{CORE},{REQUIRED},wagtail_participation.ideas", PROJECTS),
        (f"{CORE},{REQUIRED},wagtail_participation.budgeting", PROJECTS),
    ],
)
def test_a_method_without_an_app_it_needs_names_the_app(apps, missing):
    code, output = check(apps)
    assert code != 0
    assert "wagtail_participation.E004" in output
    assert f"Add '{missing}' to INSTALLED_APPS" in output
    assert "RuntimeError" not in output and "AttributeError" not in output


def test_the_production_task_worker_set_up_starts():
    """docs/how-to/production.md's database task backend, for the django-tasks installed (0.7
    on Wagtail 7.0, 0.12 with django-tasks-db on Wagtail 8): the site starts, the worker too."""
    code, output = check(ALL, INSTALL_TASKS="database")
    assert code == 0, output
    code, output = check(ALL, command=("db_worker", "--help"), INSTALL_TASKS="database")
    assert code == 0, output
    assert "--queue-name" in output or "queue" in output
