"""The idea boards' own settings, checks and hooks (core names no method app)."""

import pytest
from django.test import override_settings

from wagtail_participation.ideas.checks import check_core_installed, check_settings
from wagtail_participation.ideas.conf import settings
from wagtail_participation.ideas.maps import map_tile_origin
from wagtail_participation.ideas.wagtail_hooks import allow_map_tiles


def test_the_ideas_conf_reads_the_prefixed_settings():
    assert settings.IDEA_TITLE_MAX_LENGTH == 120 and settings.MAP_TILE_URL is None
    with override_settings(WAGTAIL_PARTICIPATION_IDEA_TITLE_MAX_LENGTH=60):
        assert settings.IDEA_TITLE_MAX_LENGTH == 60


def test_the_ideas_checks_report_only_idea_settings():
    assert check_settings(None) == [] and check_core_installed(None) == []
    with override_settings(
        WAGTAIL_PARTICIPATION_IDEA_SIMILAR_LIMIT=0, WAGTAIL_PARTICIPATION_REPORT_THRESHOLD=0
    ):
        errors = check_settings(None)
    assert [(e.id, e.msg) for e in errors] == [
        (
            "wagtail_participation.E005",
            "WAGTAIL_PARTICIPATION_IDEA_SIMILAR_LIMIT must be a whole number of at least 1.",
        )
    ]


@pytest.mark.parametrize(
    "template, origin",
    [
        (None, None),
        ("", None),
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("http://tiles.example:8080/{z}/{x}/{y}.png", "http://tiles.example:8080"),
        ("/tiles/{z}/{x}/{y}.png", None),
        ("ftp://tiles.example/{z}/{x}/{y}.png", None),
    ],
)
def test_the_map_tiles_origin(template, origin):
    with override_settings(WAGTAIL_PARTICIPATION_MAP_TILE_URL=template):
        assert map_tile_origin() == origin
        assert allow_map_tiles() == ({"img-src": [origin]} if origin else {})
