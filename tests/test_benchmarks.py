"""The benchmarks run (tiny data, no timing asserted): ``python -m benchmarks`` stays working."""

import io
import json
import os

import pytest

from benchmarks import ideas, load, measure, surveys
from benchmarks.__main__ import NOT_BUILT, main, print_table, run_one

pytestmark = pytest.mark.django_db
MACHINE = {"cpus": 2, "python": "3", "django": "5", "wagtail": "8", "database": "test"}


def test_ideas_benchmark_runs():
    result = ideas.run(ideas=20, votes=60, rounds=2, warmup=1)
    assert set(result) >= {"data", "goal", "goal_met", "rows"}
    assert result["data"]["ideas"] == 20 and result["data"]["votes"] == 60
    rows = {row["benchmark"]: row for row in result["rows"]}
    assert list(rows)[0] == "ideas.plain_page"
    assert {"ideas.listing_newest", "ideas.listing_supported", "ideas.listing_trending"} <= set(
        rows
    )
    for row in rows.values():
        assert {"median_ms", "p95_ms", "runs", "ratio", "goal", "met"} <= set(row)
        assert row["median_ms"] > 0 and row["runs"] == 2
    assert rows["ideas.listing_newest"]["peer_median_ms"] == rows["ideas.plain_page"]["median_ms"]
    assert rows["ideas.listing_newest"]["met"] in (True, False)
    out = io.StringIO()
    print_table({"machine": MACHINE, "benchmarks": {"ideas": result}}, file=out)
    assert "ideas.listing_trending" in out.getvalue() and "goal:" in out.getvalue()
    json.dumps(result)  # what --json prints


def test_a_benchmark_not_built_yet_does_not_fail(monkeypatch):
    monkeypatch.setitem(NOT_BUILT, "petitions", "not built yet")
    result = run_one("petitions")
    out = io.StringIO()
    print_table({"machine": MACHINE, "benchmarks": {"petitions": result}}, file=out)
    assert "not built yet" in out.getvalue()


def _redis_up():
    try:
        from benchmarks.mail import redis_client

        return redis_client().ping()
    except Exception:  # noqa: BLE001 - no redis package, or no server
        return False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_petitions_benchmark_runs_over_http():
    """gunicorn on the test database, a few residents signing for a second: every
    confirmation counted exactly, no errors, the server stopped and its Redis keys gone."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the petitions benchmark runs on PostgreSQL (set DATABASE_URL)")
    if not _redis_up():
        pytest.skip("the petitions benchmark needs Redis on 127.0.0.1:6379")
    from benchmarks import petitions
    from benchmarks.mail import redis_client

    result = petitions.run(
        seconds=1,
        rounds=1,
        warmup=0.5,
        ramp=0.2,
        existing=20,
        signers=2,
        readers=2,
        workers=2,
        probe_count=2,
        settle_timeout=10,
        min_fill=1,
    )
    rows = {row["benchmark"]: row for row in result["rows"]}
    assert {
        "petitions.signatures_per_second",
        "petitions.sign_post",
        "petitions.confirm_post",
        "petitions.read_count_json",
        "petitions.formpage_post",
        "petitions.errors",
        "petitions.final_count",
        "petitions.cpu_ms_per_signature",
    } <= set(rows)
    assert result["errors"] == {} and rows["petitions.errors"]["value"] == 0
    count = result["count"]
    assert count["confirmed_in_run"] > 0 and count["exact"], count
    assert (
        count["shown"] == count["tally"] == count["counted_rows"] == 20 + count["confirmed_in_run"]
    )
    assert rows["petitions.signatures_per_second"]["value"] > 0
    assert rows["petitions.formpage_post"]["runs"] > 0
    # Cleaned up: this run's Redis keys deleted, gunicorn (its arbiter and workers) gone.
    assert not list(redis_client().scan_iter(match=result["data"]["redis_key_prefix"] + ":*"))
    with pytest.raises(ProcessLookupError):
        os.kill(result["data"]["gunicorn_pid"], 0)
    out = io.StringIO()
    print_table({"machine": MACHINE, "benchmarks": {"petitions": result}}, file=out)
    assert "petitions.signatures_per_second" in out.getvalue() and "setup:" in out.getvalue()
    json.dumps(result)  # what --json prints


def test_hidden_value_reads_a_form_field():
    html = (
        '<form><input type="hidden" name="csrfmiddlewaretoken" value="abc">'
        '<input value="123" name="form_rendered" type="hidden" id="id_form_rendered"></form>'
    )
    assert load.hidden_value(html, "csrfmiddlewaretoken") == "abc"
    assert load.hidden_value(html, "form_rendered") == "123"
    assert load.hidden_value(html, "missing") is None


def test_surveys_benchmark_runs(settings):
    settings.WAGTAIL_PARTICIPATION_ANTISPAM_ENABLED = False  # as in benchmarks/settings.py
    result = surveys.run(responses=30, rounds=2)
    rows = {row["benchmark"]: row for row in result["rows"]}
    assert set(rows) == {
        "surveys.submission",
        "surveys.export_csv_seconds",
        "surveys.export_csv_peak_mib",
        "surveys.results_view",
    }
    assert rows["surveys.export_csv_seconds"]["peer_value"] > 0


def test_interleaved_alternates_and_skips_warmup():
    calls = []
    timings = measure.interleaved(
        {
            "a": lambda: calls.append("a"),
            "b": (lambda: calls.append("prepare"), lambda: calls.append("b")),
        },
        rounds=3,
        warmup=1,
    )
    assert calls == ["a", "prepare", "b"] * 4
    assert timings["a"]["runs"] == timings["b"]["runs"] == 3
    assert (
        measure.percentile(
            [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100], 0.95
        )
        == 19
    )


def test_an_unknown_benchmark_is_refused():
    with pytest.raises(SystemExit):
        main(["budgets"])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_surge_runs_on_two_app_servers_with_a_task_worker():
    """A dozen signatures, each posted to one server and confirmed on the other, counted by a
    db_worker: the exact count on both servers, no errors, no task failed."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the surge runs on PostgreSQL (set DATABASE_URL)")
    if not _redis_up():
        pytest.skip("the surge needs Redis (redis-server, or one on 127.0.0.1:6379)")
    from benchmarks import surge

    result = surge.run(
        signatures=12,
        signers=3,
        readers=4,
        servers=2,
        workers=2,
        pause=0.1,
        min_fill=1,
        settle_timeout=30,
        mail_timeout=30,
    )
    count = result["count"]
    assert result["errors"] == {}, result["errors"]
    assert count["confirmed_by_clients"] == 12 and count["exact"], count
    assert (
        count["shown_by_each_server"] == [12, 12]
        and count["stored"] == 12
        and count["pending"] == 0
    )
    assert result["data"]["task_outcomes"].get("FAILED") is None
    assert result["goal_met"]


def test_the_markdown_table_holds_every_row():
    from benchmarks.__main__ import print_markdown

    result = ideas.run(ideas=10, votes=20, rounds=1, warmup=0)
    out = io.StringIO()
    print_markdown(
        {
            "machine": {**MACHINE, "date": "today", "platform": "test"},
            "benchmarks": {"ideas": result},
        },
        file=out,
    )
    text = out.getvalue()
    assert (
        text.count("| `ideas.") == len(result["rows"]) and "| Figure |" in text and "goal:" in text
    )


def test_budgeting_benchmark_runs(settings):
    """The counting benchmark on a tiny election: timed, beside pabutools when installed."""
    from benchmarks import budgeting

    settings.WAGTAIL_PARTICIPATION_ANTISPAM_ENABLED = False  # as benchmarks/settings.py

    result = budgeting.run(voters=200, projects=8)
    rows = {row["benchmark"]: row for row in result["rows"]}
    assert rows["budgeting.equal_shares"]["value"] > 0
    assert rows["budgeting.equal_shares"]["selected"] >= 1
    if rows["budgeting.equal_shares"]["peer_value"] is not None:
        assert rows["budgeting.equal_shares"]["same_outcome"] is True
    assert result["goal_met"] in (True, False)
    out = io.StringIO()
    print_table({"machine": MACHINE, "benchmarks": {"budgeting": result}}, file=out)
    assert "budgeting.equal_shares" in out.getvalue()
    json.dumps(result)


def test_events_benchmark_runs(settings):
    from benchmarks import events

    settings.WAGTAIL_PARTICIPATION_ANTISPAM_ENABLED = False  # as benchmarks/settings.py

    result = events.run(events=5, rounds=2)
    rows = {row["benchmark"]: row for row in result["rows"]}
    assert {"events.event_page", "events.registration", "events.calendar_feed"} <= set(rows)
    assert (
        rows["events.calendar_feed"]["queries"]["5 events"]
        <= rows["events.calendar_feed"]["queries"]["10 events"]
    )
    json.dumps(result)
