"""A gunicorn server on the benchmark's database, for benchmarks over HTTP; always stopped.

``with gunicorn(...) as server:`` starts ``example_site.wsgi`` under gunicorn with
``benchmarks.settings_server`` on a free local port, waits until it answers, and on
the way out stops it (its own process group, by id), deletes this run's Redis keys
and closes the database connections the workers held.
"""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_for_server(connection):
    """What the workers need to reach the database ``connection`` uses now (JSON-able)."""
    settings = connection.settings_dict
    return {key: settings[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")}


@dataclass
class Server:
    host: str
    port: int
    workers: int
    worker_class: str
    key_prefix: str
    redis_url: str
    process: subprocess.Popen = field(repr=False)
    log_path: Path = field(repr=False)

    def log_tail(self, lines=40):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def error_lines(self):
        """Lines of the server's log telling of a failure: gunicorn's errors (a worker timed out),
        Django's (each 500, with its traceback), and the package's "cache unavailable" warnings."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return []
        markers = (
            "[ERROR]",
            "[CRITICAL]",
            "Traceback",
            "Internal Server Error",
            "cache unavailable",
            "cache server unreachable",
        )
        return [line for line in text.splitlines() if any(marker in line for marker in markers)]


def _cpu_seconds(pid):
    """CPU seconds a process has used (its main thread: the workers and backends have one),
    or None if it is gone or runs elsewhere. Nanoseconds from schedstat where the kernel
    has them, else clock ticks from stat."""
    try:
        with open(f"/proc/{pid}/schedstat") as schedstat:
            return int(schedstat.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(child) for child in children.read().split()]
    except OSError:
        return []


def cpu_snapshot(server, connection):
    """CPU seconds used so far by each gunicorn worker and by each PostgreSQL backend serving
    this database: {"app": {pid: s}, "database": {pid: s} or None when PostgreSQL runs elsewhere}."""
    app = {pid: _cpu_seconds(pid) for pid in _children(server.process.pid)}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        )
        database = {row[0]: _cpu_seconds(row[0]) for row in cursor.fetchall()}
    if None in database.values():
        database = None
    return {"app": {pid: s for pid, s in app.items() if s is not None}, "database": database}


def cpu_used(before, after):
    """CPU seconds used between two snapshots: {"app": s, "database": s or None}.

    A process that started in between counts whole (all its time is in between).
    """

    def used(part):
        if before[part] is None or after[part] is None:
            return None
        return sum(seconds - before[part].get(pid, 0.0) for pid, seconds in after[part].items())

    return {"app": used("app"), "database": used("database")}


def delete_keys(client, prefix):
    """Delete every Redis key of this run (``prefix:*``); returns how many."""
    deleted = 0
    batch = []
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        batch.append(key)
        if len(batch) >= 500:
            deleted += client.delete(*batch)
            batch = []
    if batch:
        deleted += client.delete(*batch)
    return deleted


def _wait_until_up(server, path, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited with {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            conn = http.client.HTTPConnection(server.host, server.port, timeout=5)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {path} within {timeout} s:\n{server.log_tail()}")


def _stop(process):
    """Stop gunicorn: its graceful shutdown first, then whatever is left of its own process
    group (the arbiter's pid is the group's id: start_new_session), by that id."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # a worker that outlived its arbiter, if any
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def server_env(connection, redis_url, key_prefix, min_fill_seconds=3, tasks="immediate"):
    """The environment of a process running ``benchmarks.settings_server`` (a gunicorn, a task worker)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings_server",
        "BENCH_SERVER_DATABASE": json.dumps(database_for_server(connection)),
        "BENCH_REDIS_URL": redis_url,
        "BENCH_KEY_PREFIX": key_prefix,
        "BENCH_MIN_FILL_SECONDS": str(min_fill_seconds),
        "BENCH_TASKS": tasks,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }


def new_key_prefix():
    return f"wp-bench-{os.getpid()}-{int(time.time() * 1000)}"


@contextlib.contextmanager
def gunicorn(
    connection,
    workers=None,
    worker_class="sync",
    threads=1,
    ready_path="/",
    redis_url=None,
    min_fill_seconds=3,
    key_prefix=None,
    tasks="immediate",
):
    """Run gunicorn on ``connection``'s database for the duration of the ``with`` block.

    Servers given the same ``key_prefix`` share their cache (several app servers of one
    site); ``tasks``: "immediate" (django_tasks' ImmediateBackend) or "db" (django-tasks-db:
    run ``db_worker`` beside it).
    """
    from .mail import redis_client

    redis_url = redis_url or os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    redis = redis_client(redis_url)
    redis.ping()  # fail early, and clearly, without Redis
    workers = workers or 2 * (os.cpu_count() or 1) + 1
    key_prefix = key_prefix or new_key_prefix()
    port = free_port()
    env = server_env(connection, redis_url, key_prefix, min_fill_seconds, tasks)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "example_site.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "--backlog",
        "2048",
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
        "--error-logfile",
        "-",
    ]
    with tempfile.NamedTemporaryFile(
        prefix="wp-bench-gunicorn-", suffix=".log", delete=False
    ) as log:
        log_path = Path(log.name)
        process = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = Server(
        "127.0.0.1", port, workers, worker_class, key_prefix, redis_url, process, log_path
    )
    try:
        _wait_until_up(server, ready_path, timeout=60)
        yield server
    finally:
        try:
            _stop(process)
        finally:
            with contextlib.suppress(Exception):
                delete_keys(redis, key_prefix)
            with contextlib.suppress(OSError):
                log_path.unlink()


@contextlib.contextmanager
def db_worker(connection, redis_url, key_prefix, interval=0.1):
    """A django-tasks-db worker (``manage.py db_worker``) on the benchmark's database, always stopped.

    Yields the process; its output (and any task that failed) is in ``process.log_path``.
    """
    command = [
        sys.executable,
        "-m",
        "django",
        "db_worker",
        "--interval",
        str(interval),
        "--no-startup-delay",
        "--no-reload",
    ]
    with tempfile.NamedTemporaryFile(prefix="wp-bench-worker-", suffix=".log", delete=False) as log:
        process = subprocess.Popen(
            command,
            env=server_env(connection, redis_url, key_prefix, tasks="db"),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    process.log_path = Path(log.name)
    try:
        time.sleep(0.5)
        if process.poll() is not None:
            raise RuntimeError(
                f"db_worker exited with {process.returncode}:\n{process.log_path.read_text()[-3000:]}"
            )
        yield process
    finally:
        _stop(process)


@contextlib.contextmanager
def redis_server():
    """A Redis server of our own (Debian's ``redis-server``) on a free port, nothing kept on disk.

    Yields its URL. Without ``redis-server`` on the PATH, BENCH_REDIS_URL (default the local
    6379) is used instead.
    """
    import shutil

    binary = shutil.which("redis-server")
    if binary is None:
        yield os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
        return
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            tempfile.gettempdir(),
            "--maxclients",
            "10000",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        from .mail import redis_client

        for _ in range(100):
            try:
                redis_client(url).ping()
                break
            except Exception:  # noqa: BLE001 - not up yet
                if process.poll() is not None:
                    raise RuntimeError("redis-server exited") from None
                time.sleep(0.05)
        yield url
    finally:
        _stop(process)
