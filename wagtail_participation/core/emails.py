"""Templated email: one call renders an email from two templates and queues it in the outbox.

Every email of the package is a pair of plain-text templates, ``<prefix>_subject.txt`` and
``<prefix>_body.txt`` (for example ``wagtail_participation/emails/sign_in``),
rendered with one context in the active language::

    send_templated_email(participant.email, "wagtail_participation/emails/sign_in", context)

The subject is normalised once, here: its whitespace (the templates' line breaks included)
collapsed to single spaces and stripped, so a subject is always one header line. The body is
sent as rendered. The email is written to the outbox (``core.tasks.enqueue_email``) in the
caller's transaction and sent once it commits; ``send_templated_emails`` queues many with one
INSERT.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.template.loader import render_to_string

from .models import OutgoingEmail
from .tasks import enqueue_email, enqueue_emails


def normalise_subject(text: object) -> str:
    """A subject as one line: whitespace runs (line breaks too) become one space; stripped."""
    return " ".join(str(text).split())


def render_email(template_prefix: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """``(subject, body)`` rendered from ``<template_prefix>_subject.txt`` and ``_body.txt``."""
    subject = normalise_subject(render_to_string(f"{template_prefix}_subject.txt", context))
    body = render_to_string(f"{template_prefix}_body.txt", context)
    return subject, body


def send_templated_email(
    to: str | Iterable[str], template_prefix: str, context: Mapping[str, Any]
) -> OutgoingEmail | list[OutgoingEmail]:
    """Render ``template_prefix`` with ``context`` and queue it to ``to``; returns the outbox row.

    ``to`` may also be a list of addresses: each gets the same email (rendered once), with one
    INSERT, and the rows are returned as a list.
    """
    subject, body = render_email(template_prefix, context)
    if isinstance(to, str):
        return enqueue_email(to, subject, body)
    return enqueue_emails([(address, subject, body) for address in to])


def send_templated_emails(
    messages: Iterable[tuple[str, str, Mapping[str, Any]]],
) -> list[OutgoingEmail]:
    """Queue several ``(to, template_prefix, context)`` emails, each rendered, with one INSERT.

    For a batch of residents who each get their own email (their name, their link).
    """
    return enqueue_emails(
        [(to, *render_email(prefix, context)) for to, prefix, context in messages]
    )
