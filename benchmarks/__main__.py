"""``python -m benchmarks NAME [--json]``: run benchmarks on a throwaway PostgreSQL database.

The database (``wp_bench_<pid>``) is created on the server of BENCH_DATABASE_URL
(default postgres://127.0.0.1:5432/postgres), migrated, filled, measured and dropped.
"""

import argparse
import datetime
import json
import os
import platform
import sys

BENCHMARKS = ("ideas", "surveys", "petitions", "budgeting", "events")
#: Run only when named: ``surge`` takes a quarter of an hour (20,000 signatures).
SEPARATE = ("surge",)
#: Benchmarks named but not built yet, with the note printed instead of their figures.
NOT_BUILT = {}


def machine():
    """What the figures were measured on."""
    import django
    import wagtail
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database": f"{connection.vendor} {server}",
        "postgresql": server if connection.vendor == "postgresql" else None,
        "platform": platform.platform(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", choices=[*BENCHMARKS, *SEPARATE, "all"])
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object instead of a table"
    )
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="print the table as Markdown (what docs/performance.md shows)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small data, few rounds: a smoke run, not a measurement",
    )
    args = parser.parse_args(argv)
    names = BENCHMARKS if args.name == "all" else (args.name,)

    sys.path.insert(0, os.getcwd())
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    import django
    from django.db import connection
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    if connection.vendor != "postgresql":
        parser.error("the benchmarks run on PostgreSQL (set BENCH_DATABASE_URL)")
    built = [name for name in names if name not in NOT_BUILT]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True) if built else None
    report = {"machine": machine(), "benchmarks": {}}
    try:
        for name in names:
            if not args.json:
                print(f"Running {name}...", file=sys.stderr, flush=True)
            report["benchmarks"][name] = run_one(name, args.quick)
    finally:
        if old_name is not None:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    elif args.markdown:
        print_markdown(report)
    else:
        print_table(report)
    return 0


def run_one(name, quick=False):
    """The result of benchmark ``name``: {"rows": [...], ...}; never fails for one not built yet."""
    if name in NOT_BUILT:
        return {"rows": [{"benchmark": name, "note": NOT_BUILT[name]}]}
    if name == "ideas":
        from . import ideas

        return ideas.run(ideas=200, votes=2000, rounds=5, warmup=1) if quick else ideas.run()
    if name == "petitions":
        from . import petitions

        return petitions.run(**petitions.QUICK) if quick else petitions.run()
    if name == "budgeting":
        from . import budgeting

        return budgeting.run(**budgeting.QUICK) if quick else budgeting.run()
    if name == "events":
        from . import events

        return events.run(**events.QUICK) if quick else events.run()
    if name == "surge":
        from . import surge

        return surge.run(**surge.QUICK) if quick else surge.run(**_surge_options())
    from . import surveys

    return surveys.run(responses=2000, rounds=5) if quick else surveys.run()


def _surge_options():
    """BENCH_SURGE_SIGNATURES, _SIGNERS, _READERS, _SERVERS, _PAUSE: the surge's size, when not the issue's."""
    options = {}
    for name, kind in (
        ("signatures", int),
        ("signers", int),
        ("readers", int),
        ("servers", int),
        ("pause", float),
    ):
        value = os.environ.get(f"BENCH_SURGE_{name.upper()}")
        if value:
            options[name] = kind(value)
    return options


def _figure(value):
    return "" if value in (None, "") else f"{value:,}" if isinstance(value, int) else str(value)


def _row_figures(row, no):
    """A row's figure (median or value), its peer's, and whether its goal was met (yes / ``no`` / blank)."""
    return (
        row.get("median_ms", row.get("value")),
        row.get("peer_median_ms", row.get("peer_value")),
        {True: "yes", False: no, None: ""}[row.get("met")],
    )


def print_table(report, file=None):
    m = report["machine"]
    print(
        f"Machine: {m['cpus']} CPUs, Python {m['python']}, Django {m['django']}, "
        f"Wagtail {m.get('wagtail', '?')}, {m['database']}",
        file=file,
    )
    print(
        f"{'benchmark':32} {'median/value':>13} {'p95':>9} {'peer':>11} {'ratio':>6}  {'goal':15} met",
        file=file,
    )
    for result in report["benchmarks"].values():
        for row in result["rows"]:
            if "note" in row:
                print(f"{row['benchmark']:32} {row['note']}", file=file)
                continue
            value, peer, met = _row_figures(row, no="NO")
            print(
                f"{row['benchmark']:32} {_figure(value):>13} {_figure(row.get('p95_ms')):>9} "
                f"{_figure(peer):>11} {_figure(row.get('ratio')):>6}  {row.get('goal', ''):15} {met}",
                file=file,
            )
        if result.get("setup"):
            print(f"  setup: {result['setup']}", file=file)
        if "goal" in result:
            print(
                f"  goal: {result['goal']}: {'met' if result['goal_met'] else 'NOT met'}", file=file
            )
    print(
        "Times in ms (medians and 95th percentiles per render) unless a row says otherwise; "
        "ratios against the peer measured in the same run are the targets.",
        file=file,
    )


def print_markdown(report, file=None):
    """The same rows as a Markdown table, headed by the machine (for docs/performance.md)."""
    m = report["machine"]
    print(
        f"Measured {m['date']} on {m['cpus']} CPUs ({m['platform']}), Python {m['python']}, Django {m['django']}, "
        f"Wagtail {m.get('wagtail', '?')}, {m['database']}.\n",
        file=file,
    )
    print("| Figure | Median / value | p95 | Peer | Peer figure | Ratio | Goal | Met |", file=file)
    print("| --- | ---: | ---: | --- | ---: | ---: | --- | --- |", file=file)
    for result in report["benchmarks"].values():
        for row in result["rows"]:
            if "note" in row:
                print(f"| `{row['benchmark']}` | {row['note']} | | | | | | |", file=file)
                continue
            value, peer_value, met = _row_figures(row, no="**no**")
            print(
                f"| `{row['benchmark']}` | {_figure(value)} | {_figure(row.get('p95_ms'))} | {row.get('peer', '')} "
                f"| {_figure(peer_value)} | {_figure(row.get('ratio'))} | {row.get('goal', '')} | {met} |",
                file=file,
            )
    print("", file=file)
    for name, result in report["benchmarks"].items():
        if result.get("setup"):
            print(f"- `{name}`: {result['setup']}", file=file)
        if "goal" in result:
            print(
                f"- `{name}` goal: {result['goal']}: {'met' if result['goal_met'] else '**not met**'}",
                file=file,
            )


if __name__ == "__main__":
    sys.exit(main())
