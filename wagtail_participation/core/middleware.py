"""A Content-Security-Policy header for the package's pages (not for the host site's own).

Add ``"wagtail_participation.core.middleware.ContentSecurityPolicyMiddleware"`` to
``MIDDLEWARE``. By default (``WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY_SCOPE =
"participation"``) only the package's own pages get ``WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY``:
pages whose class comes from the package (its page types, and a site's pages built from its
mixins: ``before_serve_page`` marks them) and the views of its URL namespaces (sign-in, "your
data", poll votes...). The host site's other pages (with their inline scripts, video embeds,
analytics) are left alone. ``"site"`` sends the policy on every response instead.

Either way, a response is left alone when it already has a policy (a view or another
middleware set one) or its path starts with one of
``WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY_EXCLUDE`` (by default the Wagtail and Django
admin, whose pages need inline scripts). A site's own view can ask for the policy with
``use_participation_policy(request)``.

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
PACKAGE = "wagtail_participation"
REQUEST_MARK = "_wagtail_participation_csp"
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


def use_participation_policy(request):
    """Send the package's policy on this request's response, whatever the scope setting."""
    setattr(request, REQUEST_MARK, True)


def is_participation_page(page):
    """Whether ``page`` is one of the package's: its class, or a mixin of it, is ours."""
    return any(
        cls.__module__ == PACKAGE or cls.__module__.startswith(PACKAGE + ".")
        for cls in type(page).__mro__
    )


def mark_participation_page(page, request, serve_args, serve_kwargs):
    """The ``before_serve_page`` hook: the package's pages get the policy. Returns nothing,
    so Wagtail serves the page as usual."""
    if is_participation_page(page):
        use_participation_policy(request)


def is_participation_request(request):
    """Whether the response to ``request`` is one of the package's pages: marked by
    ``mark_participation_page`` or ``use_participation_policy``, or served by a view in one
    of the package's URL namespaces."""
    if getattr(request, REQUEST_MARK, False):
        return True
    match = getattr(request, "resolver_match", None)
    return bool(match) and any(
        namespace == PACKAGE or namespace.startswith(PACKAGE + "_")
        for namespace in match.namespaces
    )


def policy_applies(request):
    """Whether this request's response gets the policy (before the excluded paths)."""
    if settings.CONTENT_SECURITY_POLICY_SCOPE == "site":
        return True
    return is_participation_request(request)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER in response or REPORT_ONLY_HEADER in response:
            return response  # a view or another middleware chose its own policy
        if not policy_applies(request):
            return response  # the host site's own page: its own policy, or none
        policy = build_policy()
        excluded = excluded_paths()
        if policy and not (excluded and request.path.startswith(excluded)):
            header = REPORT_ONLY_HEADER if settings.CONTENT_SECURITY_POLICY_REPORT_ONLY else HEADER
            response[header] = policy
        return response
