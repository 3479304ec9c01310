"""A Content-Security-Policy header for the site's pages (not for Wagtail's admin).

Add ``"wagtail_participation.core.middleware.ContentSecurityPolicyMiddleware"`` to
``MIDDLEWARE``. Every response gets ``WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY``
unless it already has a policy (a view or another middleware set one) or its path starts
with one of ``WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY_EXCLUDE`` (by default the
Wagtail and Django admin, whose pages need inline scripts).

An app whose pages need more (a map's tile server among image sources) says so with the
``register_participation_csp`` hook: a function taking no arguments and returning a dict of
directives and the sources they need (``{"img-src": ["https://tiles.example"]}``). They join
the directives the policy has, when the policy is a dict.
"""

import contextlib

from django.urls import NoReverseMatch, reverse
from wagtail import hooks

from .conf import settings

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"
CSP_HOOK = "register_participation_csp"


def build_policy(policy=None):
    """The header's value from the setting: a string as it is, or a dict of directives
    (``{"img-src": ["'self'", "data:"]}``) joined with the sources the apps' hooks add."""
    policy = settings.CONTENT_SECURITY_POLICY if policy is None else policy
    if not policy:
        return ""
    if isinstance(policy, str):
        return policy
    directives = {name: list(sources or ()) for name, sources in policy.items()}
    for hook in hooks.get_hooks(CSP_HOOK):
        for name, sources in (hook() or {}).items():
            if name not in directives:
                continue  # a directive the policy leaves out falls back to default-src: left alone
            directives[name].extend(source for source in sources if source not in directives[name])
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def excluded_paths():
    """Path prefixes that get no policy: the setting, or the Wagtail and Django admin."""
    paths = settings.CONTENT_SECURITY_POLICY_EXCLUDE
    if paths is not None:
        return tuple(paths)
    found = []
    for name in ("wagtailadmin_home", "admin:index"):
        with contextlib.suppress(NoReverseMatch):
            found.append(reverse(name))
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
