"""The benchmarks run (tiny data, no timing asserted): ``python -m benchmarks`` stays working."""

import pytest

from benchmarks import ideas, surveys
from benchmarks.__main__ import print_table

pytestmark = pytest.mark.django_db


def test_ideas_benchmark_runs(capsys):
    result = ideas.run(ideas=20, votes=60, rounds=2)
    names = [row["benchmark"] for row in result["rows"]]
    assert names[0] == "ideas.plain_page" and "ideas.listing_trending" in names
    assert all(row["median_ms"] > 0 for row in result["rows"])
    print_table({"machine": {"cpus": 2, "python": "3", "django": "5", "database": "test"},
                 "benchmarks": {"ideas": result}})
    assert "ideas.listing_newest" in capsys.readouterr().out


def test_surveys_benchmark_runs(settings):
    settings.WAGTAIL_PARTICIPATION_ANTISPAM_ENABLED = False  # as in benchmarks/settings.py
    result = surveys.run(responses=30, rounds=2)
    rows = {row["benchmark"]: row for row in result["rows"]}
    assert set(rows) == {"surveys.submission", "surveys.export_csv_seconds", "surveys.export_csv_peak_mib",
                         "surveys.results_view"}
    assert rows["surveys.export_csv_seconds"]["peer_value"] > 0
