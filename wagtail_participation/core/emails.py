"""Templated email: one call renders an email from two templates and queues it in the outbox.

Every email of the package is a pair of plain-text templates, ``<prefix>_subject.txt`` and
``<prefix>_body.txt`` (for example ``wagtail_participation/emails/sign_in``),
rendered with one context in the active language, or in ``language`` when given (the language
the resident took part in: ``Participant.language``, ``Signature.language``)::

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
from django.utils import translation

from .models import OutgoingEmail
from .tasks import enqueue_email, enqueue_emails


def normalise_subject(text: object) -> str:
    """A subject as one line: whitespace runs (line breaks too) become one space; stripped."""
    return " ".join(str(text).split())


def _language(language: str | None) -> str | None:
    """``language`` if the site offers it (``LANGUAGES``), else None (the active language)."""
    if not language:
        return None
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        return None


def render_email(
    template_prefix: str, context: Mapping[str, Any], language: str | None = None
) -> tuple[str, str]:
    """``(subject, body)`` rendered from ``<template_prefix>_subject.txt`` and ``_body.txt``, in
    ``language`` when the site offers it, else in the active language."""
    with translation.override(_language(language) or translation.get_language()):
        subject = normalise_subject(render_to_string(f"{template_prefix}_subject.txt", context))
        body = render_to_string(f"{template_prefix}_body.txt", context)
    return subject, body


def send_templated_email(
    to: str | Iterable[str],
    template_prefix: str,
    context: Mapping[str, Any],
    language: str | None = None,
) -> OutgoingEmail | list[OutgoingEmail]:
    """Render ``template_prefix`` with ``context`` and queue it to ``to``; returns the outbox row.

    ``to`` may also be a list of addresses: each gets the same email (rendered once), with one
    INSERT, and the rows are returned as a list. ``language``: the recipient's (see
    ``render_email``).
    """
    subject, body = render_email(template_prefix, context, language)
    if isinstance(to, str):
        return enqueue_email(to, subject, body)
    return enqueue_emails([(address, subject, body) for address in to])


def send_templated_emails(
    messages: Iterable[tuple[str, str, Mapping[str, Any]]]
    | Iterable[tuple[str, str, Mapping[str, Any], str | None]],
) -> list[OutgoingEmail]:
    """Queue several ``(to, template_prefix, context)`` emails, each rendered, with one INSERT.

    For a batch of residents who each get their own email (their name, their link). A fourth
    item, when given, is the recipient's language (see ``render_email``).
    """
    return enqueue_emails([(message[0], *render_email(*message[1:])) for message in messages])
