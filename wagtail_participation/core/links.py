"""Absolute links for emails (and anything else that leaves the site), never from the Host header.

A request's ``Host`` header is whatever the client sent. ``request.build_absolute_uri()``
would put it into a sign-in or confirmation link, so anyone could make the site email a
resident a genuine token on a link to their own server (Host header poisoning). Every
absolute link the package builds goes through ``absolute_url`` instead, which takes the
scheme and host from configuration, in this order:

1. ``WAGTAIL_PARTICIPATION_BASE_URL``, when set: one public address for every link;
2. on a site with several Wagtail Sites: the Site ``page`` belongs to, else the Site the
   request's Host names (``Site.find_for_request``: a configured Site, or the default one;
   a Host no Site has gets the default Site, never itself), else the default Site;
3. ``WAGTAILADMIN_BASE_URL``, when set (Wagtail's own address for the links it emails);
4. the Site of ``page``, or the default Site (its hostname and port, as Wagtail's ``full_url``).

With a single Wagtail Site, Wagtail serves every page whatever its Site record says and
links pages with relative URLs, so a placeholder record (``localhost``, port 80) goes
unnoticed; ``WAGTAILADMIN_BASE_URL`` is then the better source, and the Site record the last.
"""

import logging

from django.conf import settings as django_settings
from django.http import HttpRequest
from wagtail.models import Page, Site

from .conf import settings
from .faults import warn_once

logger = logging.getLogger(__name__)


def _several_sites() -> bool:
    return len({root.site_id for root in Site.get_site_root_paths()}) > 1


def _page_root(page: Page | None) -> str | None:
    parts = page.get_url_parts() if page is not None else None
    return parts[1] if parts and parts[1] else None


def _default_root() -> str | None:
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site is not None else None


def base_url(request: HttpRequest | None = None, page: Page | None = None) -> str:
    """The scheme and host (no trailing slash) absolute links start with; see the module."""
    configured = settings.BASE_URL
    if configured:
        return configured.rstrip("/")
    if _several_sites():
        root = _page_root(page)
        if root is None and request is not None:
            site = Site.find_for_request(request)  # a configured Site, never the Host itself
            root = site.root_url if site is not None else None
        root = root or _default_root()
        if root:
            return root.rstrip("/")
    admin = getattr(django_settings, "WAGTAILADMIN_BASE_URL", "") or ""
    if admin:
        return admin.rstrip("/")
    root = _page_root(page) or _default_root()
    if root:
        return root.rstrip("/")
    warn_once(
        "links-no-base-url",
        "wagtail_participation: no WAGTAIL_PARTICIPATION_BASE_URL, "
        "WAGTAILADMIN_BASE_URL or default Wagtail Site; emailed links are relative",
        log=logger,
        exc_info=False,
    )
    return ""


def absolute_url(path: str, request: HttpRequest | None = None, page: Page | None = None) -> str:
    """``path`` (as from ``reverse()``) on the site's configured address; see the module.

    ``page``: the page the link is about (its Site decides on a site with several);
    ``request``: the request being answered, used only to pick among configured Sites.
    A ``path`` that is already absolute (``https://...``) is returned unchanged.
    """
    if path.startswith(("http://", "https://")):
        return path
    if not path.startswith("/"):
        path = "/" + path
    return base_url(request=request, page=page) + path


def page_url(page: Page, request: HttpRequest | None = None) -> str:
    """The absolute URL of ``page`` itself (as ``page.full_url``, from the configured address)."""
    parts = page.get_url_parts()
    if parts is None or parts[2] is None:
        return ""
    return absolute_url(parts[2], request=request, page=page)


def admin_url(path: str) -> str:
    """``path`` in the Wagtail admin, for emails to staff: ``WAGTAILADMIN_BASE_URL`` (the admin may
    have an address of its own), else the public address."""
    admin = getattr(django_settings, "WAGTAILADMIN_BASE_URL", "") or ""
    return (admin.rstrip("/") if admin else base_url()) + path
