"""docs/images/take_screenshots.py knows every screenshot the docs show, at its size."""

import importlib.util
import re
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "docs" / "images"


def load_script():
    spec = importlib.util.spec_from_file_location(
        "take_screenshots", IMAGES / "take_screenshots.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def referenced_images():
    names = set()
    for doc in [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]:
        names |= set(re.findall(r"images/([\w-]+)\.png", doc.read_text(encoding="utf-8")))
    return names


def test_every_screenshot_is_referenced_exists_and_has_its_size():
    shots = load_script().SHOTS
    referenced = referenced_images()
    assert len({s.name for s in shots}) == len(shots)
    for shot in shots:
        assert shot.name in referenced, shot.name
        with Image.open(IMAGES / f"{shot.name}.png") as image:
            assert image.size == shot.size, shot.name
        assert (IMAGES / f"{shot.name}.png").stat().st_size < 200_000, shot.name


def test_the_screenshots_the_script_takes_cover_the_docs():
    taken = {s.name for s in load_script().SHOTS}
    # Not of the demo's pages: the board's map (tests/browser/test_journey_map.py writes it with
    # WRITE_MAP_SCREENSHOT=1, on test data) and restyle.md's bakerydemo example (taken from
    # the tests' bakerydemo-like host layout, tests/host_urls.py).
    elsewhere = {
        "idea-map",
        "bakerydemo-petition-light",
        "bakerydemo-petition-dark",
        "bakerydemo-sign-dark",
        # the survey editor (tests/browser/test_accessibility_survey_editor.py writes them
        # with WRITE_DOCS_SCREENSHOTS=1)
        "survey-editor",
        "survey-editor-collapsed",
    }
    missing = referenced_images() - taken - elsewhere
    assert not missing, f"add these to docs/images/take_screenshots.py: {sorted(missing)}"
