"""Timing helpers: interleaved runs, medians and percentiles, peak Python memory."""

import gc
import statistics
import time
import tracemalloc


def percentile(values, fraction):
    """The value at ``fraction`` (0 to 1) of the sorted values (nearest rank)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def interleaved(functions, rounds, warmup=5):
    """Call each function ``rounds`` times, alternating between them so all see the same
    machine; returns {name: {"median_ms", "p95_ms", "runs"}}.

    A value may be a ``(prepare, function)`` pair: ``prepare`` runs untimed before each call.
    """
    pairs = {name: f if isinstance(f, tuple) else (None, f) for name, f in functions.items()}
    samples = {name: [] for name in pairs}
    gc.collect()
    for round_ in range(warmup + rounds):
        for name, (prepare, function) in pairs.items():
            if prepare is not None:
                prepare()
            start = time.perf_counter()
            function()
            elapsed = (time.perf_counter() - start) * 1000
            if round_ >= warmup:
                samples[name].append(elapsed)
    return {
        name: {
            "median_ms": round(statistics.median(values), 2),
            "p95_ms": round(percentile(values, 0.95), 2),
            "runs": len(values),
        }
        for name, values in samples.items()
    }


def time_and_peak_memory(function):
    """(seconds, peak MiB of Python allocations) of one call."""
    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    try:
        function()
        elapsed = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return round(elapsed, 3), round(peak / 1024 / 1024, 2)


def time_once(function):
    """Seconds of one call."""
    gc.collect()
    start = time.perf_counter()
    function()
    return round(time.perf_counter() - start, 3)
