"""The example site refuses to start with DEBUG off and its public placeholder SECRET_KEY (issue 22,
item 17): anyone who read the file could forge its sign-in links and sessions. The demo command,
with DEBUG on, keeps working."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = str(ROOT / "example_site" / "settings.py")


def load_settings(monkeypatch, **env):
    for name in ("DJANGO_DEBUG", "DJANGO_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(SETTINGS)


@pytest.mark.parametrize("key", [None, "", "example-site-not-secret-change-me"])
def test_debug_off_with_the_placeholder_key_is_refused(monkeypatch, key):
    env = {"DJANGO_DEBUG": "0"}
    if key is not None:
        env["DJANGO_SECRET_KEY"] = key
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        load_settings(monkeypatch, **env)


def test_debug_off_with_a_key_of_its_own_starts(monkeypatch):
    settings = load_settings(
        monkeypatch, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="a-long-random-key-of-our-own-" * 3
    )
    assert settings["DEBUG"] is False and settings["SECRET_KEY"].startswith("a-long-random-key")


def test_the_demo_default_debug_on_keeps_the_placeholder(monkeypatch):
    settings = load_settings(monkeypatch)
    assert (
        settings["DEBUG"] is True and settings["SECRET_KEY"] == settings["PLACEHOLDER_SECRET_KEY"]
    )


def test_manage_py_refuses_to_start_with_a_clear_message(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SECRET_KEY", "DJANGO_SETTINGS_MODULE")
    }
    env.update(DJANGO_DEBUG="0", SQLITE_PATH=str(tmp_path / "db.sqlite3"), PYTHONPATH=str(ROOT))
    result = subprocess.run(  # noqa: S603 - our own Python and manage.py
        [sys.executable, str(ROOT / "example_site" / "manage.py"), "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DJANGO_SECRET_KEY" in result.stderr
