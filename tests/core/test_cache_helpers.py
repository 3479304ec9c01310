"""Fail-open cache calls (core.caches): the default on a cache error, one warning a minute per kind."""

import logging

import pytest
from django.core.cache import caches
from django.test import override_settings

from wagtail_participation.core.caches import (
    UNAVAILABLE,
    cache,
    cache_add,
    cache_delete,
    cache_delete_many,
    cache_get,
    cache_get_many,
    cache_set,
    fail_open,
)
from wagtail_participation.core.faults import reset_warnings


class BrokenCache:
    def __getattr__(self, name):
        def broken(*args, **kwargs):
            raise ConnectionError("cache down")

        return broken


@pytest.fixture
def warnings(caplog):
    reset_warnings()
    with caplog.at_level(logging.WARNING):
        yield lambda: [
            r.getMessage() for r in caplog.records if "cache unavailable" in r.getMessage()
        ]
    reset_warnings()


def test_a_working_cache_answers_as_usual():
    assert cache_set(None, "k", 1, 60) is True
    assert cache_get(None, "k") == 1 and cache.get("k") == 1
    assert cache_add("default", "k", 2) is False and cache_add(caches["default"], "new", 2) is True
    assert cache_get_many(None, ["k", "new", "missing"]) == {"k": 1, "new": 2}
    assert cache_get(None, "missing", "dflt") == "dflt"
    assert cache_get(None, "missing", unavailable=UNAVAILABLE) is None  # a miss is not a failure
    assert cache_delete(None, "k") is True and cache_delete(None, "k") is False
    assert cache_delete_many(None, ["new"]) is True and cache_get(None, "new") is None
    assert fail_open(lambda: 42) == 42


def test_a_broken_cache_fails_open_with_one_warning_per_kind(warnings):
    broken = BrokenCache()
    assert cache_get(broken, "k") is None
    assert cache_get(broken, "k", "dflt") == "dflt"
    assert cache_get(broken, "k", unavailable=UNAVAILABLE) is UNAVAILABLE and not UNAVAILABLE
    assert cache_get_many(broken, ["k"]) == {}
    assert cache_set(broken, "k", 1, 60) is False
    assert (
        cache_add(broken, "k", 1) is False and cache_add(broken, "k", 1, unavailable=True) is True
    )
    assert (
        cache_delete(broken, "k") is False
        and cache_delete(broken, "k", unavailable=UNAVAILABLE) is UNAVAILABLE
    )
    assert cache_delete_many(broken, ["k"]) is False
    assert (
        fail_open(lambda: broken.get("k"), unavailable="fallback", what="idea listing")
        == "fallback"
    )
    assert warnings() == [
        "wagtail_participation: package cache unavailable",
        "wagtail_participation: idea listing cache unavailable",
    ]
    cache_set(broken, "k", 1, what="petition count", then="; recount queued")
    assert (
        warnings()[-1] == "wagtail_participation: petition count cache unavailable; recount queued"
    )


def test_the_package_cache_is_the_configured_one():
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "other": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "other",
            },
        },
        WAGTAIL_PARTICIPATION_CACHE="other",
    ):
        cache_set(None, "where", "here")
        assert caches["other"].get("where") == "here" and caches["default"].get("where") is None
