"""The benchmarks run (tiny data, no timing asserted): ``python -m benchmarks`` stays working."""

import io
import json

import pytest

from benchmarks import ideas, measure, surveys
from benchmarks.__main__ import main, print_table, run_one

pytestmark = pytest.mark.django_db
MACHINE = {"cpus": 2, "python": "3", "django": "5", "wagtail": "8", "database": "test"}


def test_ideas_benchmark_runs():
    result = ideas.run(ideas=20, votes=60, rounds=2, warmup=1)
    assert set(result) >= {"data", "goal", "goal_met", "rows"}
    assert result["data"]["ideas"] == 20 and result["data"]["votes"] == 60
    rows = {row["benchmark"]: row for row in result["rows"]}
    assert list(rows)[0] == "ideas.plain_page"
    assert {"ideas.listing_newest", "ideas.listing_supported", "ideas.listing_trending"} <= set(rows)
    for row in rows.values():
        assert {"median_ms", "p95_ms", "runs", "ratio", "goal", "met"} <= set(row)
        assert row["median_ms"] > 0 and row["runs"] == 2
    assert rows["ideas.listing_newest"]["peer_median_ms"] == rows["ideas.plain_page"]["median_ms"]
    assert rows["ideas.listing_newest"]["met"] in (True, False)
    out = io.StringIO()
    print_table({"machine": MACHINE, "benchmarks": {"ideas": result}}, file=out)
    assert "ideas.listing_trending" in out.getvalue() and "goal:" in out.getvalue()
    json.dumps(result)  # what --json prints


def test_petitions_are_not_built_yet_and_do_not_fail():
    result = run_one("petitions")
    out = io.StringIO()
    print_table({"machine": MACHINE, "benchmarks": {"petitions": result}}, file=out)
    assert "not built yet" in out.getvalue()


def test_surveys_benchmark_runs(settings):
    settings.WAGTAIL_PARTICIPATION_ANTISPAM_ENABLED = False  # as in benchmarks/settings.py
    result = surveys.run(responses=30, rounds=2)
    rows = {row["benchmark"]: row for row in result["rows"]}
    assert set(rows) == {"surveys.submission", "surveys.export_csv_seconds", "surveys.export_csv_peak_mib",
                         "surveys.results_view"}
    assert rows["surveys.export_csv_seconds"]["peer_value"] > 0


def test_interleaved_alternates_and_skips_warmup():
    calls = []
    timings = measure.interleaved(
        {"a": lambda: calls.append("a"), "b": (lambda: calls.append("prepare"), lambda: calls.append("b"))},
        rounds=3, warmup=1,
    )
    assert calls == ["a", "prepare", "b"] * 4
    assert timings["a"]["runs"] == timings["b"]["runs"] == 3
    assert measure.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100], 0.95) == 19


def test_an_unknown_benchmark_is_refused():
    with pytest.raises(SystemExit):
        main(["budgets"])
