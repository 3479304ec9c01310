"""Same-origin checks for the few public POSTs that carry no CSRF token.

A form rendered where the template has no request (a StreamField block under
``{{ page.body }}``, a page kept by a shared cache) cannot hold Django's CSRF token, so its
endpoint is ``csrf_exempt`` and guarded instead by what the browser says about where the
request came from, as OWASP's "verifying origin with standard headers" and fetch metadata
describe:

- ``Sec-Fetch-Site`` (sent by current browsers): ``same-origin`` or ``none`` (typed or
  bookmarked) passes, ``cross-site`` does not, ``same-site`` (another subdomain) goes on to
  the ``Origin`` check;
- otherwise ``Origin``: it must be this site's own origin or one of ``CSRF_TRUSTED_ORIGINS``
  (``null``, sent by sandboxed frames and some redirects, never passes);
- otherwise ``Referer``, the same way;
- with none of the three (not a browser, or a very old one) the request passes: browsers
  send ``Origin`` on every cross-origin POST, so a forged one always carries a header to refuse.

Residents' session and the poll's browser cookie are ``SameSite=Lax``, so a cross-site POST
would carry neither anyway; the check keeps anonymous votes from being cast from another
site's page too. Rate limits and the endpoint's own rules still apply.
"""

import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

PASSING_FETCH_SITES = ("same-origin", "none")


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def _trusted(origin: str, request: HttpRequest) -> bool:
    if origin == f"{request.scheme}://{request.get_host()}".lower():
        return True
    for trusted in getattr(django_settings, "CSRF_TRUSTED_ORIGINS", ()):
        trusted = trusted.lower()
        if origin == trusted:
            return True
        scheme, _, host = trusted.partition("://")
        if (
            host.startswith("*.")
            and origin.startswith(f"{scheme}://")
            and origin.split("://", 1)[1].endswith(host[1:])
        ):
            return True
    return False


def same_origin(request: HttpRequest) -> bool:
    """Whether ``request`` came from this site's own pages (see the module's rules)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site in PASSING_FETCH_SITES:
        return True
    if fetch_site == "cross-site":
        return False
    for header in ("Origin", "Referer"):
        value = request.headers.get(header)
        if value:
            origin = _origin_of(value)
            return origin is not None and _trusted(origin, request)
    return True


def same_origin_post(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Make ``view`` ``csrf_exempt`` and refuse (403, with a message saying why) what
    ``same_origin`` does not pass, as JSON when the request asks for JSON."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not same_origin(request):
            message = _("This was sent from another website, so it was not accepted.")
            if "application/json" in request.headers.get("Accept", ""):
                return JsonResponse({"error": message}, status=403)
            return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)
