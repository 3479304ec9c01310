import pytest


@pytest.fixture(autouse=True)
def _on_commit_runs_at_once(monkeypatch, request):
    """Tests run inside a transaction that never commits: run after-commit work (emails,
    counting) at once, as it runs in production once the resident's request commits.
    Transactional tests (real commits) keep Django's own behaviour."""
    if request.node.get_closest_marker("django_db") and request.node.get_closest_marker(
        "django_db"
    ).kwargs.get("transaction"):
        return
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
