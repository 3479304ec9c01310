"""Faults of the services around Django (mail server, cache, database), in one place.

``warn_once`` logs a warning about a failing service at most once a minute per process and
kind, so an outage during a surge leaves one line in the logs rather than one per request.
``DatabaseUnavailableMiddleware`` answers a request whose database connection failed with a
"please try again" page (HTTP 503) instead of a server error.
"""

import logging
import threading
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("wagtail_participation")

#: Seconds between two warnings of the same kind in one process.
WARNING_INTERVAL = 60
_last_warned = {}
_lock = threading.Lock()


def warn_once(kind, message, *args, log=None, exc_info=True):
    """Log ``message`` as a warning unless a warning of ``kind`` was logged in the last minute.

    Returns True when it logged. The line says how many were left out since the last one.
    """
    now = time.monotonic()
    with _lock:
        last, skipped = _last_warned.get(kind, (None, 0))
        if last is not None and now - last < WARNING_INTERVAL:
            _last_warned[kind] = (last, skipped + 1)
            return False
        _last_warned[kind] = (now, 0)
    if skipped:
        message += " (%s more like this in the last minute were not logged)"
        args = (*args, skipped)
    (log or logger).warning(message, *args, exc_info=exc_info)
    return True


def reset_warnings():
    """Forget when warnings were logged (for tests)."""
    with _lock:
        _last_warned.clear()


#: Form fields never written back into the retry page.
_NOT_KEPT = {"csrfmiddlewaretoken"}


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection during a request into a 503 "please try again" page.

    A view that writes does so in a transaction, so when the connection drops nothing it
    began is kept. For a POST the page carries what the resident typed in hidden fields and
    a button that sends it again; files are not kept. The page is rendered without the
    database (no context processors), and the error is logged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error(
            "wagtail_participation: database unavailable during %s %s; answered 503",
            request.method,
            request.path,
            exc_info=exception,
        )
        fields = []
        if request.method == "POST":
            # cycle: antispam imports this module (warn_once)
            from .antispam import TOKEN_FIELD, reissue_token

            # The form may have been accepted (its token used) before the database went: the
            # retry carries the same token with a fresh nonce, so it is not refused as a repeat.
            fields = [
                (name, reissue_token(value) if name == TOKEN_FIELD else value)
                for name, values in request.POST.lists()
                if name not in _NOT_KEPT
                for value in values
            ]
        context = {
            "fields": fields,
            "had_files": bool(request.method == "POST" and request.FILES),
            "action": request.get_full_path(),
            "csrf_token": get_token(request),
            "LANGUAGE_CODE": getattr(request, "LANGUAGE_CODE", None),
        }
        try:
            content = render_to_string("wagtail_participation/database_unavailable.html", context)
        except Exception:  # noqa: BLE001 - the page must not fail in its turn
            content = _("The service is busy. Nothing was saved. Please try again in a moment.")
        response = HttpResponse(content, status=503)
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        return response
