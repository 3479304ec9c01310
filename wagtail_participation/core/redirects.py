"""Where a ``next`` parameter may send a visitor: a path on this site, nothing else."""

from django.utils.http import url_has_allowed_host_and_scheme


def local_url(request, target, default="/"):
    """``target`` if it is a path on this site (``/...``), else ``default``.

    A path, not merely a "safe" URL: Django's ``redirect()`` reads a bare word such as
    ``0`` or ``home`` as a view name, and an unknown one is a server error.
    """
    if isinstance(target, str) and target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
