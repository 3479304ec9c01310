"""What a board's listing shows: its public ideas filtered, searched and sorted.

Reads only (every change is in ``services``); search results, the trending ranking and the
counts are kept in the cache under the board's version (``listing_cache``).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wagtail_participation.core.search import search, search_terms
from wagtail_participation.core.search import similar as similar_objects
from wagtail_participation.core.translations import canonical_page_id

from . import listing_cache
from .conf import settings
from .models import IdeaBoardPageMixin, IdeaQuerySet, IdeaVote

SORTS = {
    "newest": gettext_lazy("Newest"),
    "supported": gettext_lazy("Most supported"),
    "discussed": gettext_lazy("Most discussed"),
    "trending": gettext_lazy("Trending"),
}
#: The order of each sort but trending (a ranking of ids, ``trending_ids``).
ORDERS = {
    "newest": ("-created_at",),
    "supported": ("-score", "-pk"),
    "discussed": ("-comment_count", "-created_at"),
}
SEARCH_MAX_RESULTS = 500


def search_ideas(
    board: IdeaBoardPageMixin, query: str, limit: int = SEARCH_MAX_RESULTS
) -> list[int]:
    """Ids of the public ideas matching ``query``, through Wagtail's search backend; kept in
    the cache under the board's version (any new or changed idea searches again)."""
    terms = search_terms(query)
    if not terms:
        return []
    key = listing_cache.versioned_key("search", canonical_page_id(board), terms, limit)
    ids = listing_cache.cached(key)
    if ids is None:
        ids = [idea.pk for idea in search(board.public_ideas(), terms, "and", limit)]
        listing_cache.keep(key, ids)
    return ids


def similar_ideas(board: IdeaBoardPageMixin, title: str, limit: int | None = None) -> list:
    """Public ideas whose title looks like ``title`` (suggested while a resident types)."""
    return similar_objects(board.public_ideas(), title, limit or settings.IDEA_SIMILAR_LIMIT)


def trending_ids(board: IdeaBoardPageMixin, ideas: IdeaQuerySet, filters: tuple) -> list[int]:
    """Ids of ``ideas`` by votes over the last IDEA_TRENDING_DAYS, then score, then newest."""
    key = listing_cache.versioned_key("trending", canonical_page_id(board), filters)
    ranked = listing_cache.cached(key)
    if ranked is None:
        since = timezone.now() - datetime.timedelta(days=settings.IDEA_TRENDING_DAYS)
        recent = (
            IdeaVote.objects.filter(idea_id=OuterRef("pk"), created_at__gte=since)
            .order_by()
            .values("idea_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        ranked = list(
            ideas.annotate(
                recent_votes=Coalesce(Subquery(recent, output_field=IntegerField()), Value(0))
            )
            .order_by("-recent_votes", "-score", "-created_at")
            .values_list("pk", flat=True)
        )
        listing_cache.keep(key, ranked, timeout=settings.IDEA_TRENDING_CACHE_SECONDS)
    return ranked


def board_ideas(
    board: IdeaBoardPageMixin,
    *,
    category=None,
    status: str = "",
    query: str = "",
    sort: str = "newest",
) -> IdeaQuerySet:
    """The board's public ideas in ``category`` with ``status`` matching ``query``, in the order
    of ``sort`` (unordered for "trending": see ``trending_ids``)."""
    ideas = board.public_ideas().select_related("category", "author")
    if category is not None:
        # A translated board offers its language's topics: any translation of one matches.
        ideas = ideas.filter(category__translation_key=category.translation_key)
    if status:
        ideas = ideas.filter(status=status)
    if query:
        ideas = ideas.filter(pk__in=search_ideas(board, query))
    if sort in ORDERS:
        ideas = ideas.order_by(*ORDERS[sort])
    return ideas


def votes_of(participant, ideas) -> dict[int, int]:
    """``participant``'s votes on ``ideas``: {idea id: 1 or -1}."""
    return dict(
        IdeaVote.objects.filter(
            participant=participant, idea_id__in=[idea.pk for idea in ideas]
        ).values_list("idea_id", "value")
    )
