"""Which pages show a poll, and whether a visitor may use it.

A poll is a snippet that editors place on pages with ``PollBlock``; its vote URL is outside
the page tree, so Wagtail's page privacy does not guard it. The rule: a poll takes votes and
shows its results to a visitor only when at least one live page that uses it is a page that
visitor may view (``core.page_privacy``). A poll used only on a password-, login- or
group-restricted page is for that page's visitors; a poll on no live page (never placed, or
only in a draft) answers nobody.

Wagtail's reference index records which pages use the poll (it is updated when a page is
saved, by a task: with a queued task backend, a newly placed poll takes votes once the
worker has indexed the page; ``manage.py rebuild_references_index`` fills the index for
pages saved before it existed). Only pages count: a poll placed in a snippet or a setting
is not found there.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ReferenceIndex

from wagtail_participation.core.models.contributions import PAGE_MODEL
from wagtail_participation.core.page_privacy import any_page_viewable


def poll_pages(poll):
    """The pages whose content uses ``poll`` (live or not), from Wagtail's reference index."""
    page_model = apps.get_model(PAGE_MODEL)
    ids = [
        int(pk)
        for pk in ReferenceIndex.get_references_to(poll)
        .filter(base_content_type=ContentType.objects.get_for_model(page_model))
        .values_list("object_id", flat=True)
        .distinct()
        if pk.isdecimal()
    ]
    return page_model.objects.filter(pk__in=ids)


def poll_is_viewable(poll, request):
    """Whether ``request`` may vote in ``poll`` and see its results (see the module's rule)."""
    return any_page_viewable(poll_pages(poll), request)


def poll_url(poll):
    """The address of a live page showing ``poll`` (the first one placed), or None: where "Your
    data" links a vote to."""
    page = poll_pages(poll).live().order_by("pk").first()
    return page.url if page is not None else None
