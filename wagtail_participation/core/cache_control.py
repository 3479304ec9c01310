"""Responses built for one resident are never kept by a shared cache.

Anonymous pages stay cacheable (a council's CDN, Wagtail's frontend cache, the petition
page's ``Cache-Control: public``). A response is *personal*, and gets
``Cache-Control: private, no-store`` (with ``no-cache, must-revalidate, max-age=0``, as
Django's ``never_cache`` sends), when the request

- has a resident: one signed in by email link (the session's participant key) or a site
  user who is logged in;
- carries or adds a flash message (``django.contrib.messages``): "You are signed out" must
  not be kept and shown to the next visitor;
- was marked by the code that built it (``keep_private(request)``): a page showing this
  visitor's own state, such as a poll they voted in.

``PrivateCacheControlMiddleware`` applies this to every response; add
``"wagtail_participation.core.cache_control.PrivateCacheControlMiddleware"`` to
``MIDDLEWARE`` after ``MessageMiddleware`` (check W006 warns when it is missing). Views that
show a resident's details to a visitor who is not signed in (the sign-in confirmation, a
survey's steps) also mark their responses with ``@private_response``, so they stay private on
a site without the middleware.

Looking at the session or the user only when the request sent a session cookie (or the
session was written) keeps ``Vary: Cookie`` off the responses to visitors without one.
"""

import functools

from django.conf import settings as django_settings
from django.utils.cache import add_never_cache_headers
from django.utils.functional import empty

from .conf import settings

#: The request attribute ``keep_private`` sets.
PRIVATE_FLAG = "_wagtail_participation_private"


def mark_private(response):
    """Make ``response`` private and never stored: ``public`` and any ``max-age`` give way."""
    add_never_cache_headers(response)
    return response


def keep_private(request):
    """Ask for this request's response to be private (what it shows belongs to this visitor)."""
    setattr(request, PRIVATE_FLAG, True)


def private_response(view):
    """Decorator: the view's responses are private and never stored, whoever asks."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        keep_private(request)
        return mark_private(view(request, *args, **kwargs))

    return wrapped


def _has_session_cookie(request):
    return django_settings.SESSION_COOKIE_NAME in getattr(request, "COOKIES", {})


def _session_in_use(request):
    session = getattr(request, "session", None)
    return session is not None and (
        _has_session_cookie(request) or getattr(session, "modified", False)
    )


def _storages(storage):
    return [storage, *getattr(storage, "storages", [])]


def has_messages(request):
    """Whether this request carries flash messages or added one (shown or not yet shown).

    Without a session or messages cookie, and no message added, nothing is loaded: the
    answer is no, and the session is not touched.
    """
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    queued = getattr(storage, "_queued_messages", None)
    if queued:
        return True
    if queued is not None and not _session_in_use(request):
        names = {getattr(s, "cookie_name", None) for s in _storages(storage)} - {None}
        known = all(
            type(s).__module__.startswith("django.contrib.messages.") for s in _storages(storage)
        )
        if known and not any(name in request.COOKIES for name in names):
            return False
    return len(storage) > 0


def _user_is_authenticated(request):
    user = getattr(request, "user", None)
    if user is None:
        return False
    wrapped = getattr(user, "_wrapped", None)
    if wrapped is empty and not _session_in_use(request):
        return False  # nobody looked at the user, and there is no session that could log one in
    return bool(getattr(user, "is_authenticated", False))


def is_personal(request):
    """Whether the response to ``request`` may hold something of this visitor's (see the module)."""
    if getattr(request, PRIVATE_FLAG, False) or getattr(request, "participant", None) is not None:
        return True
    if _user_is_authenticated(request):
        return True
    if _session_in_use(request) and request.session.get(settings.SESSION_KEY) is not None:
        return True
    return has_messages(request)


class PrivateCacheControlMiddleware:
    """``Cache-Control: private, no-store`` on every response built for a resident (see the module).

    Place it after ``SessionMiddleware``, ``AuthenticationMiddleware`` and ``MessageMiddleware``
    and after Django's ``UpdateCacheMiddleware`` if the site uses it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            personal = is_personal(request)
        except Exception:  # noqa: BLE001 - the session store or the database failed: assume personal
            personal = True
        if personal:
            mark_private(response)
        return response
