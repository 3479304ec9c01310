"""The surge: a fixed number of signatures on one petition over HTTP, on two app servers.

``python -m benchmarks surge`` starts, for this run only, a Redis server of its own
(Debian's ``redis-server``, on a free port, nothing on disk), two gunicorn app servers
on different ports (``benchmarks.settings_server``: DEBUG off, anti-spam on, one Redis
cache shared by both), and a django-tasks-db worker (``db_worker``), all on the
throwaway PostgreSQL database, with django_tasks' **database backend**: confirmation
emails and counts are tasks the worker runs, not work done in the resident's request.

Then ``signatures`` (20,000) residents sign the petition, ``signers`` (64) at a time,
each through every request a browser makes (``benchmarks.petitions.Surge.signer``), and
**each signature crosses servers**: the form is posted to one app server, the emailed
link followed on the other. Meanwhile ``readers`` (200) refresh the petition's page and
its count endpoint, one request every ``pause`` seconds each, half on each server.

At the end the count must settle, on both servers' count endpoints, on exactly the
number of confirmations the clients saw succeed, equal to the tally and to a
``count(*)`` of counted signatures; nothing may be left pending but the signatures
whose confirmation failed (each of which is an error), no task may have failed, and
no server may have logged an error. Nothing about the run lives in a process: a
server holds no state the other lacks.
"""

import itertools
import os
import time

#: ``--quick``: a smoke run (a few dozen signatures), not a measurement.
QUICK = {
    "signatures": 40,
    "signers": 6,
    "readers": 12,
    "pause": 0.2,
    "min_fill": 1,
    "settle_timeout": 60,
}
REQUESTS = (
    "sign POST",
    "signed page GET",
    "confirm page GET",
    "confirm POST",
    "petition page GET",
    "count.json GET",
)


def _figures(values):
    """``load.summary`` (median, p95, runs) and the 99th percentile."""
    from .load import summary
    from .measure import percentile

    return {**summary(values), "p99_ms": round(percentile(values, 0.99), 2) if values else None}


def _task_outcomes():
    """{status: count} of the worker's task results (django-tasks-db's table)."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    return dict(
        DBTaskResult.objects.values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )


def run(
    signatures=20000,
    signers=64,
    readers=200,
    servers=2,
    workers=None,
    task_workers=1,
    pause=5.0,
    min_fill=3,
    settle_timeout=300,
    mail_timeout=120,
):
    """Measure; returns {"data", "count", "rows", ...} like the other benchmarks.

    ``workers``: gunicorn sync workers per app server (default: 2 x CPUs + 1, shared out
    between the servers); ``task_workers``: db_worker processes; ``pause``: seconds
    between a reader's requests; ``mail_timeout``: how long a signer waits for its email
    (the worker may queue them in a surge) before counting an error.
    """
    from contextlib import ExitStack

    from django.db import connection

    from wagtail_participation.petitions.models import PetitionTally, Signature

    from .load import run_phase
    from .petitions import Surge, _setup
    from .server import db_worker, gunicorn, new_key_prefix, redis_server

    cores = os.cpu_count() or 1
    workers = workers or max(2, -(-(2 * cores + 1) // servers))
    petition, form = _setup(0)
    started = time.perf_counter()
    load_before = os.getloadavg()
    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_server())
        prefix = new_key_prefix()
        count_path = f"/participation/petitions/{petition.pk}/count.json"
        apps = [
            stack.enter_context(
                gunicorn(
                    connection,
                    workers=workers,
                    redis_url=redis_url,
                    key_prefix=prefix,
                    min_fill_seconds=min_fill,
                    tasks="db",
                    ready_path=count_path,
                )
            )
            for _ in range(servers)
        ]
        task_processes = [
            stack.enter_context(db_worker(connection, redis_url, prefix))
            for _ in range(task_workers)
        ]
        surges = [Surge(app, petition, form, run_id=os.getpid(), min_fill=min_fill) for app in apps]
        numbers = itertools.count(1)
        for surge in surges:
            surge.numbers, surge.limit = numbers, signatures
        sessions = [surges[i % servers].sign_session() for i in range(signers)]
        time.sleep(min_fill + 0.2)  # the forms are now old enough to be sent
        reads = [
            ("petition page GET", surges[0].petition_path),
            ("count.json GET", surges[0].count_path),
        ]
        loops = [
            surges[i % servers].signer(
                session, confirm_http=surges[(i + 1) % servers].http, mail_timeout=mail_timeout
            )
            for i, session in enumerate(sessions)
        ]
        loops += [
            surges[i % servers].reader(reads[i % 2 :] + reads[: i % 2], pause=pause)
            for i in range(readers)
        ]
        begin = time.perf_counter()
        recorder = run_phase(
            loops, seconds=24 * 3600, ramp=0
        )  # until every signature has been started
        ended = max(
            [end for _start, end in recorder.actions.get("signature", ())] or [time.perf_counter()]
        )
        confirmed = sum(surge.confirmed for surge in surges)

        # The count must settle, on every server, on the exact figure.
        stopped = time.perf_counter()
        shown = [surge.shown_count() for surge in surges]
        while (
            any(figure != confirmed for figure in shown)
            and time.perf_counter() - stopped < settle_timeout
        ):
            time.sleep(0.25)
            shown = [surge.shown_count() for surge in surges]
        settle_seconds = round(time.perf_counter() - stopped, 2)
        # The worker's queue drains too (the last emails, alerts to staff).
        while _task_outcomes().get("READY") and time.perf_counter() - stopped < settle_timeout:
            time.sleep(0.25)
        server_errors = [line for app in apps for line in app.error_lines()]
        worker_logs = "".join(p.log_path.read_text(errors="replace") for p in task_processes)
    elapsed = round(time.perf_counter() - started, 1)
    load_after = os.getloadavg()

    tasks = _task_outcomes()
    tally = (
        PetitionTally.objects.filter(petition_id=petition.pk)
        .values_list("signatures", flat=True)
        .first()
    )
    rows_counted = Signature.objects.counted().filter(petition_id=petition.pk).count()
    pending = Signature.objects.filter(petition_id=petition.pk, confirmed_at__isnull=True).count()
    stored = Signature.objects.filter(petition_id=petition.pk).count()
    exact = all(figure == confirmed for figure in shown) and tally == rows_counted == confirmed

    errors = dict(recorder.errors)
    if server_errors:
        errors["server log: error lines"] = len(server_errors)
    if tasks.get("FAILED"):
        errors["tasks failed"] = tasks["FAILED"]
    if "Traceback" in worker_logs:
        errors["worker log: tracebacks"] = worker_logs.count("Traceback")
    error_total = sum(errors.values())

    span = ended - begin
    rate = round(confirmed / span, 1) if span > 0 else 0.0
    signature = _figures(
        [(end - start) * 1000 for start, end in recorder.actions.get("signature", ())]
    )
    per_request = {
        kind: _figures([(end - start) * 1000 for start, end in recorder.requests.get(kind, ())])
        for kind in (*REQUESTS, "email wait")
    }
    reads = len(recorder.actions.get("read", ()))

    rows = [
        {
            "benchmark": "surge.signatures_per_second",
            "value": rate,
            "goal": "(report)",
            "met": None,
        },
        {"benchmark": "surge.signature_ms", **signature, "goal": "(report)", "met": None},
        {
            "benchmark": "surge.signature_p99_ms",
            "value": signature["p99_ms"],
            "goal": "(report)",
            "met": None,
        },
        *(
            {
                "benchmark": f"surge.{kind.replace(' ', '_').replace('.', '_').lower()}",
                **figures,
                "goal": "(report)",
                "met": None,
            }
            for kind, figures in per_request.items()
        ),
        {
            "benchmark": "surge.reads_per_second",
            "value": round(reads / span, 1) if span > 0 else 0.0,
            "goal": "(report)",
            "met": None,
        },
        {"benchmark": "surge.errors", "value": error_total, "goal": "0", "met": error_total == 0},
        {
            "benchmark": "surge.final_count",
            "value": confirmed,
            "peer": "tally / count(*) / each server",
            "peer_value": f"{tally} / {rows_counted} / {' / '.join(str(x) for x in shown)}",
            "goal": "exact",
            "met": exact,
        },
    ]
    return {
        "data": {
            "servers": f"{servers} gunicorn app servers on different ports, {workers} sync workers each, "
            f"one Redis started for the run, PostgreSQL",
            "tasks": f"django-tasks-db DatabaseBackend, {task_workers} db_worker process(es)",
            "antispam": "on: honeypot, fill time, per-IP limits (one trusted proxy, an address per resident)",
            "signatures": signatures,
            "signers": signers,
            "readers": readers,
            "reader_pause_seconds": pause,
            "each_signature": "form posted to one server, emailed link followed on the other",
            "seconds_of_signing": round(span, 1),
            "task_outcomes": tasks,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
            "elapsed_seconds": elapsed,
        },
        "count": {
            "confirmed_by_clients": confirmed,
            "shown_by_each_server": shown,
            "tally": tally,
            "counted_rows": rows_counted,
            "stored": stored,
            "pending": pending,
            "settle_seconds": settle_seconds,
            "exact": exact,
        },
        "errors": errors,
        "server_errors": server_errors[:20],
        "setup": (
            f"{servers} app servers x {workers} gunicorn workers, Redis, django-tasks-db + {task_workers} "
            f"db_worker; {signers} signers, {signatures:,} signatures; {readers} readers, one request "
            f"each every {pause} s; count settled in {settle_seconds} s; load average {load_before[0]:.1f} "
            f"before, {load_after[0]:.1f} after"
        ),
        "goal": "exact count on every server, no errors",
        "goal_met": exact and error_total == 0,
        "rows": rows,
    }
