"""Hypothesis profiles and shared fixtures of the fuzz tests.

``HYPOTHESIS_PROFILE=fuzz`` (the default) runs a small sample of every property in the
normal suite; ``HYPOTHESIS_PROFILE=long`` runs at least 10,000 cases in all::

    HYPOTHESIS_PROFILE=long python -m pytest tests/fuzz -n 2

The number of cases run is printed at the end of the run ("fuzz cases: ...").
"""

import os

import pytest
from hypothesis import HealthCheck, settings

# Every property builds its pages once (a fixture) and posts many requests against them:
# the function-scoped fixtures are meant to be shared by all of a test's examples.
_common = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    "print_blob": True,
}
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", 25)), **_common)
# 14 properties x 750 = 10,500 cases.
settings.register_profile("long", max_examples=int(os.environ.get("FUZZ_EXAMPLES", 750)), **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fuzz"))


@pytest.fixture
def fuzz_cases(record_property):
    """Counts the examples a property ran; the total is printed at the end of the run."""

    class Counter:
        n = 0

        def __call__(self):
            self.n += 1

    counter = Counter()
    yield counter
    record_property("fuzz_cases", counter.n)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run after-commit work (emails, counting) at once, as after a committed request."""

    def request(send, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send(*args, **kwargs)

    return request


@pytest.fixture
def failed_tasks():
    """Background tasks (emails, counts) that failed during the test: there must be none."""
    from django_tasks.base import TaskResultStatus
    from django_tasks.signals import task_finished

    failures = []

    def receiver(sender, task_result, **kwargs):
        if task_result.status == TaskResultStatus.FAILED:
            failures.append((task_result.task.name, [e.traceback for e in task_result.errors]))

    task_finished.connect(receiver)
    yield failures
    task_finished.disconnect(receiver)
