"""What goes with a page when it is deleted: the delete confirmation says so, and offers exports.

Wagtail's delete confirmation counts references to the page ("referenced 0 times"), not the
rows that point at it and go with it: every idea, comment, response and signature on the page
and on the pages below. Before the confirmation shows, ``before_delete_page`` (registered in
``wagtail_hooks.py``) adds a warning listing them, with a button per export to save first.

Apps add what they keep with the ``describe_participation_page_deletion`` hook: a function
taking the page and the user deleting it and returning :class:`GoesWithPage` items (a count
of what goes, and the exports that user may download). Core counts the contributions (by type)
and their reports itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib import messages as django_messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.models import Page

from ..permissions import moderatable_contributions

DELETION_HOOK = "describe_participation_page_deletion"

#: The most export buttons the warning offers (a project with many boards: the first ones).
MAX_EXPORTS = 8


@dataclass
class GoesWithPage:
    """``count`` rows of ``model`` go with the page; ``exports`` are ``(url, label)`` pairs
    of exports to offer first (an item may offer exports and count nothing itself)."""

    model: type[Model]
    count: int
    exports: list[tuple[str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        opts = self.model._meta
        name = opts.verbose_name if self.count == 1 else opts.verbose_name_plural
        return _("%(count)d %(name)s") % {"count": self.count, "name": name}


def subtree_filter(page: Page, field_name: str = "page") -> dict[str, Any]:
    """The lookup selecting rows whose ``field_name`` is ``page`` or a page below it."""
    return {f"{field_name}__path__startswith": page.path, f"{field_name}__depth__gte": page.depth}


def contributions_going_with(page: Page, user: Any) -> list[GoesWithPage]:
    """Core's part: the contributions on the page and below, by type, and their reports; the
    export of each page's contributions ``user`` may moderate."""
    contribution = apps.get_model("wagtail_participation", "Contribution")
    report = apps.get_model("wagtail_participation", "Report")
    rows = contribution.objects.filter(**subtree_filter(page))
    by_type = rows.order_by().values("content_type").annotate(n=Count("pk"))
    types = ContentType.objects.in_bulk([row["content_type"] for row in by_type])
    items = []
    for row in sorted(by_type, key=lambda row: -row["n"]):
        model = types[row["content_type"]].model_class() if row["content_type"] in types else None
        items.append(GoesWithPage(model or contribution, row["n"]))
    if items:
        page_ids = (
            moderatable_contributions(user, rows)
            .order_by()
            .values_list("page_id", flat=True)
            .distinct()[:MAX_EXPORTS]
        )
        titles = dict(Page.objects.filter(pk__in=list(page_ids)).values_list("pk", "title"))
        url = reverse("wagtail_participation_export_contributions")
        items[0].exports = [
            (
                f"{url}?{urlencode({'page_id': pk})}",
                _("Export the contributions on '%(title)s'") % {"title": title},
            )
            for pk, title in sorted(titles.items())
        ]
        reports = report.objects.filter(**subtree_filter(page, "contribution__page")).count()
        if reports:
            items.append(GoesWithPage(report, reports))
    return items


def going_with(page: Page, user: Any) -> list[GoesWithPage]:
    """Everything that goes with ``page`` (core's and every app's), what is there only, with
    the exports ``user`` may download."""
    items = contributions_going_with(page, user)
    for describe in hooks.get_hooks(DELETION_HOOK):
        items.extend(item for item in describe(page, user) or () if item.count or item.exports)
    return items


def _warning_html(items: Iterable[GoesWithPage]) -> str:
    return format_html(
        "<ul>{}</ul>",
        format_html_join("", "<li>{}</li>", ((item.label,) for item in items if item.count)),
    )


def warn_what_goes_with_page(request: HttpRequest, page: Page) -> None:
    """``before_delete_page``: on the confirmation (GET), a warning listing what goes with the
    page and a button per export. Returns nothing: Wagtail's confirmation goes on."""
    if request.method != "GET":
        return
    items = going_with(page, request.user)
    if not any(item.count for item in items):
        return
    buttons = [messages.button(url, label) for item in items for url, label in item.exports][
        :MAX_EXPORTS
    ]
    message = _(
        "Deleting this page also deletes, for good, what residents sent to it and to the "
        "pages below it. Export it first if you need to keep it:"
    )
    django_messages.warning(request, messages.render(message, buttons, detail=_warning_html(items)))
