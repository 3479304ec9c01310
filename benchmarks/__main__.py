"""``python -m benchmarks NAME [--json]``: run benchmarks on a throwaway PostgreSQL database."""

import argparse
import json
import os
import platform
import sys

BENCHMARKS = ("ideas", "surveys", "petitions")


def machine():
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "django": django.get_version(),
            "database": f"{connection.vendor} {server}", "platform": platform.platform()}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("name", choices=[*BENCHMARKS, "all"])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--quick", action="store_true", help="small data, few rounds: a smoke run, not a measurement")
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
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    report = {"machine": machine(), "benchmarks": {}}
    try:
        for name in names:
            report["benchmarks"][name] = run_one(name, args.quick)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        print_table(report)
    return 0


def run_one(name, quick):
    if name == "petitions":
        return {"rows": [{"benchmark": "petitions", "note": "not built yet (issue 4)"}]}
    if name == "ideas":
        from . import ideas

        return ideas.run(ideas=200, votes=2000, rounds=5) if quick else ideas.run()
    from . import surveys

    return surveys.run(responses=2000, rounds=5) if quick else surveys.run()


def print_table(report):
    m = report["machine"]
    print(f"Machine: {m['cpus']} CPUs, Python {m['python']}, Django {m['django']}, {m['database']}")
    print(f"{'benchmark':36} {'median/value':>14} {'p95':>9} {'peer':>14} {'ratio':>7}  goal          met")
    for result in report["benchmarks"].values():
        for row in result["rows"]:
            if "note" in row:
                print(f"{row['benchmark']:36} {row['note']}")
                continue
            value = row.get("median_ms", row.get("value"))
            peer = row.get("peer_median_ms", row.get("peer_value", ""))
            met = {True: "yes", False: "NO", None: ""}[row.get("met")]
            print(f"{row['benchmark']:36} {value!s:>14} {row.get('p95_ms', '')!s:>9} {peer!s:>14} "
                  f"{row.get('ratio', '')!s:>7}  {row.get('goal', ''):13} {met}")


if __name__ == "__main__":
    sys.exit(main())
