"""A Content-Security-Policy header for the site's pages (not for Wagtail's admin).

Add ``"wagtail_participation.core.middleware.ContentSecurityPolicyMiddleware"`` to
``MIDDLEWARE``. Every response gets ``WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY``
unless it already has a policy (a view or another middleware set one) or its path starts
with one of ``WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY_EXCLUDE`` (by default the
Wagtail and Django admin, whose pages need inline scripts).
"""

from urllib.parse import urlsplit

from django.urls import NoReverseMatch, reverse

from .conf import settings

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"


def build_policy(policy=None):
    """The header's value from the setting: a string as it is, or a dict of directives
    (``{"img-src": ["'self'", "data:"]}``). With a dict, the origin of ``MAP_TILE_URL``
    joins ``img-src``, so the tile maps beside ideas keep working."""
    policy = settings.CONTENT_SECURITY_POLICY if policy is None else policy
    if not policy:
        return ""
    if isinstance(policy, str):
        return policy
    directives = {name: list(sources or ()) for name, sources in policy.items()}
    tiles = urlsplit(settings.MAP_TILE_URL or "")
    if tiles.scheme in ("http", "https") and tiles.netloc and "img-src" in directives:
        origin = f"{tiles.scheme}://{tiles.netloc}"
        if origin not in directives["img-src"]:
            directives["img-src"].append(origin)
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def excluded_paths():
    """Path prefixes that get no policy: the setting, or the Wagtail and Django admin."""
    paths = settings.CONTENT_SECURITY_POLICY_EXCLUDE
    if paths is not None:
        return tuple(paths)
    found = []
    for name in ("wagtailadmin_home", "admin:index"):
        try:
            found.append(reverse(name))
        except NoReverseMatch:
            pass
    return tuple(found)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER in response or REPORT_ONLY_HEADER in response:
            return response  # a view or another middleware chose its own policy
        policy = build_policy()
        excluded = excluded_paths()
        if policy and not (excluded and request.path.startswith(excluded)):
            header = REPORT_ONLY_HEADER if settings.CONTENT_SECURITY_POLICY_REPORT_ONLY else HEADER
            response[header] = policy
        return response
