"""A bounded pool of threads for the concurrency tests, all released together.

Each piece of work runs in its own transaction on its thread's own connection. The pool
(each thread with one connection, opened before the start) keeps PostgreSQL's
``max_connections`` from being exceeded; a barrier releases all threads at once, so the
first pieces of every thread really overlap, and each thread's next piece follows at once
while the others are still running.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, connections

MAX_THREADS = 50


def pool_size():
    """Threads we may open connections for: at most MAX_THREADS, and at most half the
    connections PostgreSQL has free now (other test workers may be using some)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        max_connections = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM pg_stat_activity")
        in_use = cursor.fetchone()[0]
    return max(2, min(MAX_THREADS, (max_connections - in_use) // 2))


def run_at_once(functions, errors_allowed=False):
    """Run every function on a bounded pool of threads, all released together.

    Returns the outcomes in the order of ``functions``: what each returned, or the
    exception it raised. Fails with the first errors unless ``errors_allowed``.
    """
    threads = min(pool_size(), len(functions))
    work = list(enumerate(functions))
    chunks = [work[i::threads] for i in range(threads)]
    barrier = threading.Barrier(threads)
    outcomes = [None] * len(functions)

    def worker(chunk):
        try:
            connection.ensure_connection()  # this thread's own connection, before the start
            barrier.wait(timeout=60)
            for index, function in chunk:
                try:
                    outcomes[index] = function()
                except Exception as error:  # noqa: BLE001 - reported below
                    outcomes[index] = error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        for future in [pool.submit(worker, chunk) for chunk in chunks]:
            future.result()
    if not errors_allowed:
        errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
        assert not errors, errors[:3]
    return outcomes
