"""Wagtail's page privacy, for everything the package shows outside a page's own URL.

Wagtail checks a page's view restrictions (a password, a login, membership of groups, set
on the page or an ancestor) when it serves the page and its routes. The package also shows
pages' content elsewhere: the report form shows the contribution reported, blocks on other
pages show an idea board or a petition, a poll answers on its own URL. Each of those asks
``page_is_viewable`` first, so content behind a restriction reaches only the visitors
Wagtail would serve the page to.

Checking a restriction reads the visitor's session (a password restriction) or user (a
login or groups restriction), so Django's session middleware adds ``Vary: Cookie`` to the
response: a cache in front of the site does not hand one visitor's page to another.
"""

from typing import Any

from django.http import HttpRequest
from wagtail.models import Page

from .models import Contribution


def _accepts(restriction: Any, request: HttpRequest | None) -> bool:
    """Whether ``request`` passes ``restriction``, as Wagtail's ``serve`` decides."""
    if request is None or not hasattr(request, "session") or not hasattr(request, "user"):
        return False  # no visitor to check (a block rendered outside a request): not viewable
    return restriction.accept_request(request)


def page_is_viewable(page: Page | None, request: HttpRequest | None) -> bool:
    """Whether Wagtail would serve ``page`` to ``request``: the page is live, and every view
    restriction on it or its ancestors accepts the request.

    ``request`` may be None (a block rendered without one): then only pages without a view
    restriction are viewable.
    """
    if page is None or not page.live:
        return False
    return all(_accepts(restriction, request) for restriction in page.get_view_restrictions())


def any_page_viewable(pages: Any, request: HttpRequest | None) -> bool:
    """Whether at least one of ``pages`` (a queryset of pages) is viewable by ``request``."""
    pages = pages.live()
    if pages.public().exists():  # one query answers the common case: a page without restrictions
        return True
    return any(page_is_viewable(page, request) for page in pages.iterator())


def contribution_is_viewable(contribution: Contribution, request: HttpRequest | None) -> bool:
    """Whether ``request`` may read ``contribution`` on the site: it is published, on a page
    it may view, and (a comment on another contribution) that contribution is published too."""
    if not contribution.is_published:
        return False
    target_id = getattr(contribution.specific, "target_id", None)
    if target_id is not None and not Contribution.objects.public().filter(pk=target_id).exists():
        return False
    return page_is_viewable(contribution.page, request)
