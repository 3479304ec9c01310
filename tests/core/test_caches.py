"""The package's cache alias and the fail-safe default cache for Wagtail (core.caches)."""

import logging

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.faults.smtp import free_port
from wagtail_participation.core.caches import FAIL_SAFE_BACKEND, cache
from wagtail_participation.core.checks import check_state_cache_is_strict
from wagtail_participation.core.faults import reset_warnings

DEAD = {
    "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
}
LOCAL = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


@override_settings(CACHES={"default": {"BACKEND": FAIL_SAFE_BACKEND, **DEAD}})
def test_the_fail_safe_cache_misses_and_drops_writes_while_redis_is_down(caplog):
    reset_warnings()
    fail_safe = caches["default"]
    with caplog.at_level(logging.WARNING):
        assert fail_safe.get("k") is None and fail_safe.get("k", "fallback") == "fallback"
        assert fail_safe.set("k", 1) is None and fail_safe.add("k", 1) is False
        assert fail_safe.get_many(["a", "b"]) == {} and fail_safe.set_many({"a": 1}) == ["a"]
        assert fail_safe.delete("k") is False and fail_safe.has_key("k") is False
    warnings = [r for r in caplog.records if "cache server unreachable" in r.getMessage()]
    assert len(warnings) == 1  # once a minute, not once a call


@override_settings(
    CACHES={"default": LOCAL, "participation": {**LOCAL, "LOCATION": "other"}},
    WAGTAIL_PARTICIPATION_CACHE="participation",
)
def test_the_package_keeps_its_state_in_its_own_alias():
    cache.set("wp:test", 1)
    assert caches["participation"].get("wp:test") == 1 and caches["default"].get("wp:test") is None


def test_a_fail_safe_cache_for_the_package_state_is_refused():
    with override_settings(CACHES={"default": {"BACKEND": FAIL_SAFE_BACKEND, **DEAD}}):
        assert {e.id for e in check_state_cache_is_strict(None)} == {"wagtail_participation.E006"}
        assert (
            len(check_state_cache_is_strict(None)) == 2
        )  # CACHE and RATE_LIMIT_CACHE both name it
    with override_settings(
        CACHES={"default": {"BACKEND": FAIL_SAFE_BACKEND, **DEAD}, "state": LOCAL},
        WAGTAIL_PARTICIPATION_CACHE="state",
        WAGTAIL_PARTICIPATION_RATE_LIMIT_CACHE="state",
    ):
        assert check_state_cache_is_strict(None) == []


@pytest.mark.parametrize("name", ["CACHE", "RATE_LIMIT_CACHE"])
def test_the_check_names_the_setting(name):
    with override_settings(
        CACHES={"default": LOCAL, "safe": {"BACKEND": FAIL_SAFE_BACKEND, **DEAD}},
        **{f"WAGTAIL_PARTICIPATION_{name}": "safe"},
    ):
        (error,) = check_state_cache_is_strict(None)
        assert f"WAGTAIL_PARTICIPATION_{name}" in error.msg
