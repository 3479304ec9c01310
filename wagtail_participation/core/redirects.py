"""Where a ``next`` parameter may send a visitor (a path on this site, nothing else), and the
sign-in page's address with the ``next`` to come back to."""

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


def local_url(request: HttpRequest, target: object, default: str = "/") -> str:
    """``target`` if it is a path on this site (``/...``), else ``default``.

    A path, not merely a "safe" URL: Django's ``redirect()`` reads a bare word such as
    ``0`` or ``home`` as a view name, and an unknown one is a server error.
    """
    if (
        isinstance(target, str)
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default


def sign_in_url(next_url: str | None = None) -> str:
    """The resident sign-in page's path, with ``?next=`` (the address to come back to) when given.

    The one way the package links to sign-in; the sign-in view keeps ``next`` only when it is a
    path on this site (``local_url``).
    """
    url = reverse("wagtail_participation:sign_in")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def sign_in_redirect(next_url: str | None = None) -> HttpResponseRedirect:
    """A redirect to the sign-in page, coming back to ``next_url`` once signed in."""
    return redirect(sign_in_url(next_url))
