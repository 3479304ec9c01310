"""Background work shared by every participation app (django_tasks)."""

from django.core.mail import send_mail
from django_tasks import task

from .conf import settings


@task()
def send_email(to, subject, body):
    """Send one plain-text email. Enqueue it after commit: ``enqueue_email(...)``."""
    send_mail(subject, body, settings.FROM_EMAIL, [to], fail_silently=False)


def enqueue_email(to, subject, body):
    """Send ``send_email`` once the current transaction commits."""
    from django.db import transaction

    transaction.on_commit(lambda: send_email.enqueue(to=to, subject=subject, body=body))
