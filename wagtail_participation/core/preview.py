"""Wagtail's preview of a method page: every step and form shows, nothing is sent or kept.

Wagtail renders a preview from a made-up GET request to the page (``request.is_preview``) and
chooses what to show by its *preview mode* (the select above the preview panel, and
``?mode=`` on the preview's address). A method page lists a mode per step or form in
``preview_modes`` and serves each in ``serve_preview``.

A form shown in a preview must never post: it would post to the preview's own address, which
takes the page editor's form (a survey's "Next" answered 500 there), or to the public
endpoint, which would store a signature or an idea. In a preview a form is sent with GET to
the preview's address, choosing the next mode: the template gives the form
``method="{% if preview %}get{% else %}post{% endif %}"``, leaves out the CSRF token, and
renders ``wagtail_participation/includes/preview_fields.html`` (the mode to show next, and a
note that nothing is sent) with the context of :func:`preview_context`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

#: Wagtail's views that render a page's preview in the admin (their forms are sent from there).
PREVIEW_VIEWS = frozenset(
    f"wagtailadmin_pages:{name}"
    for name in (
        "preview_on_edit",
        "preview_on_add",
        "revisions_view",
        "view_draft",
        "workflow_preview",
    )
)


def is_preview(request: HttpRequest | None) -> bool:
    """Whether ``request`` is Wagtail's made-up request rendering a preview."""
    return bool(getattr(request, "is_preview", False))


def as_visitor(request: HttpRequest) -> None:
    """Render the preview as a visitor who has not signed in sees the page: the editor's own
    participant is neither looked up nor created (``participants.get_participant``)."""
    request.participant = None  # type: ignore[attr-defined]  # get_participant's cache


def preview_context(request: HttpRequest, mode: str, next_mode: str = "") -> dict[str, Any]:
    """What a template needs to render a form in a preview: ``preview`` (True), the mode
    shown, the mode its button leads to, and whether it shows in the editor's panel.

    The preview shows the page as a visitor sees it (:func:`as_visitor`)."""
    as_visitor(request)
    return {
        "preview": True,
        "preview_mode": mode,
        "preview_next_mode": next_mode if next_mode else mode,
        "preview_in_panel": bool(getattr(request, "in_preview_panel", False)),
    }


def from_preview(request: HttpRequest) -> bool:
    """Whether a POST was sent from a page shown in Wagtail's preview (its ``Referer`` is one
    of Wagtail's preview views on this site): a form the page's template did not turn into a
    preview form (a comment, a vote, a site's own template) must not store anything either."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return False
    parts = urlsplit(referer)
    if parts.netloc and parts.netloc != request.get_host():
        return False
    try:
        match = resolve(parts.path)
    except Resolver404:
        return False
    return match.view_name in PREVIEW_VIEWS


def preview_refusal(request: HttpRequest) -> HttpResponse:
    """The answer to a form sent from a preview: nothing was sent or kept."""
    from .policy import refuse  # policy imports the models; this module is imported early

    return refuse(
        request, _("This is a preview: what you enter here is not sent or kept."), status=403
    )
