"""Every import path the docs name still works (issue 13: modules moved, names must not)."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import wagtail_participation

DOCS = Path(__file__).resolve().parent.parent / "docs"
SUBPACKAGES = {module.name for module in pkgutil.iter_modules(wagtail_participation.__path__)}


def dotted_paths():
    """``wagtail_participation.<app>...`` paths in backticks in the reference docs."""
    found = set()
    for page in sorted((DOCS / "reference").glob("*.md")):
        for path in re.findall(r"`(wagtail_participation\.[\w.]+)`", page.read_text()):
            path = path.rstrip(".")
            if path.split(".")[1] in SUBPACKAGES:  # not a log action or a label
                found.add(path)
    return sorted(found)


def imports():
    """``from wagtail_participation... import ...`` lines in every page of the docs."""
    pattern = re.compile(r"from (wagtail_participation[\w.]*) import ([\w, ]+)")
    found = set()
    for page in sorted(DOCS.rglob("*.md")):
        for module, names in pattern.findall(page.read_text()):
            found.update((module, name.strip()) for name in names.split(",") if name.strip())
    return sorted(found)


def resolve(path):
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for name in parts[end:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(path)


@pytest.mark.parametrize("path", dotted_paths())
def test_documented_path_resolves(path):
    assert resolve(path) is not None


@pytest.mark.parametrize("module, name", imports())
def test_documented_import_works(module, name):
    assert hasattr(importlib.import_module(module), name)
