"""What residents do on an idea board: browse, post, edit, withdraw, vote, find similar ideas.

These are plain functions called from ``IdeaBoardPageMixin``'s routes with the
board page, so a site's own board page type gets them unchanged. They are HTTP
wrappers: the listing's queries are in ``listing``, every change in ``services``.
"""

import functools
import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail_participation.core.antispam import rate_limited
from wagtail_participation.core.cache_control import private_response
from wagtail_participation.core.conf import settings as core_settings
from wagtail_participation.core.models import ModerationState
from wagtail_participation.core.participants import get_participant
from wagtail_participation.core.policy import Action, Reason, decide, page_decision, refuse
from wagtail_participation.core.preview import preview_context
from wagtail_participation.core.redirects import sign_in_redirect, sign_in_url
from wagtail_participation.core.search import SEARCH_MAX_LENGTH, search_terms
from wagtail_participation.core.translations import canonical_page_id

from . import listing_cache, services
from .conf import settings
from .forms import IdeaForm, VoteForm
from .listing import SORTS, board_ideas, similar_ideas, trending_ids, votes_of
from .listing_cache import CountCachedPaginator
from .maps import idea_markers, map_enabled, map_options
from .maps import map_tiles as idea_map_tiles
from .models import Idea, IdeaVote, idea_status_choices

logger = logging.getLogger(__name__)


# Helpers


def _render(request, board, template, context, status=200):
    context = {"page": board, "self": board, "participant": get_participant(request), **context}
    return TemplateResponse(request, template, context, status=status)


def _refuse(request, board, refusal, status=403, next_url=None):
    """The refusal page (core.policy.refuse) for a Decision or a message of this view's own."""
    return refuse(request, refusal, status=status, next_url=next_url, page=board)


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _visible_idea(request, board, idea_id, participant):
    """The idea ``idea_id`` on ``board`` if this resident may see it, else 404."""
    idea = (
        Idea.objects.on_board(board)
        .visible_to(participant)
        .select_related("category", "author")
        .filter(pk=idea_id)
        .first()
    )
    if idea is None:
        raise Http404
    return idea


def _may_post(request, board, participant):
    """None if ``participant`` may post on ``board`` now, else the response that says why not."""
    decision = decide(participant, Action.CONTRIBUTE, board)
    if decision:
        return None
    submit_url = board.url + board.reverse_subpage("submit")
    if decision.reason == Reason.SIGN_IN_REQUIRED:
        # Said on the sign-in page, so the resident knows why it came before the form.
        messages.info(
            request,
            _(
                "To post an idea, please sign in first: we email you a link, no password needed. "
                "That way only you can change your idea, and we can tell you when the council "
                "answers it."
            ),
        )
        return sign_in_redirect(submit_url)
    return _refuse(request, board, decision, next_url=submit_url)


# Listing


def _page_number(value):
    """The page a visitor asked for, or None when it is not a plain page number."""
    value = str(value or "1")
    return int(value) if value.isdecimal() and len(value) <= 6 else None


def board_listing(request, board):
    params = request.GET
    participant = get_participant(request)
    sort = params.get("sort", "newest")
    if sort not in SORTS:
        sort = "newest"
    categories = list(board.categories.all())
    category = next((c for c in categories if c.slug == params.get("category")), None)
    statuses = idea_status_choices()
    status = params.get("status", "")
    if status not in dict(statuses):
        status = ""
    query = params.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    # Links to other pages of results keep the filters (and nothing else a visitor added).
    filter_query = urlencode(
        [
            (name, value)
            for name, value in (
                ("q", query),
                ("sort", sort if sort != "newest" else ""),
                ("category", category.slug if category else ""),
                ("status", status),
            )
            if value
        ]
    )
    filters = (category.pk if category else None, status, search_terms(query))
    # The map shows the same ideas as the list (its filters and sort), where MAP_TILE_URL is set.
    view = "map" if params.get("view") == "map" and map_enabled() else "list"
    list_url = "?" + filter_query if filter_query else board.get_url(request)
    map_url = "?" + (filter_query + "&" if filter_query else "") + "view=map"
    results = {
        "board": board,
        "participant": participant,
        "sort": sort,
        "category": category,
        "status": status,
        "query": query,
        "filters": filters,
        "filter_query": filter_query,
        "may_vote": decide(participant, Action.VOTE, board).allowed,
    }
    return _render(
        request,
        board,
        board.get_template(request),
        {
            "results": _results_html(request, **results),
            "sorts": list(SORTS.items()),
            "selected_sort": sort,
            "categories": categories,
            "selected_category": category,
            "statuses": statuses,
            "selected_status": status,
            "query": query,
            "filtered": bool(category or status or query),
            "filter_query": filter_query,
            "submit_url": board.url + board.reverse_subpage("submit"),
            "feed_url": board.url + board.reverse_subpage("feed"),
            "may_vote": results["may_vote"],
            "sign_in_url": sign_in_url(request.get_full_path()),
            "map_enabled": map_enabled(),
            "view": view,
            "list_url": list_url,
            "map_url": map_url,
            **(_map_context(request, statuses, **results) if view == "map" else {}),
        },
    )


def _map_context(request, statuses, board, sort, category, status, query, filters, **results):
    """The map view's markers: the listed ideas that have a place, in the list's order."""
    ideas = board_ideas(board, category=category, status=status, query=query, sort=sort)
    board_url = board.get_url(request)
    markers = idea_markers(
        ideas,
        lambda pk: board_url + board.reverse_subpage("idea", args=[pk]),
        dict(statuses),
        order=trending_ids(board, ideas, filters) if sort == "trending" else None,
    )
    return {"markers": markers, "idea_count": ideas.count(), "map": map_options()}


def _results_html(request, board, participant, **results):
    """The board's results block (count, cards, pagination) as HTML.

    Anonymous visitors all see the same block for the same filters and page, so it is
    cached (IDEA_CARD_CACHE_SECONDS) under the board's version, which every new, changed,
    moderated or withdrawn idea moves: those show at once. Votes and comments show at
    once when the board is quiet and within IDEA_COUNT_LAG_SECONDS when it is busy.
    """
    page = _page_number(request.GET.get("page"))
    key = activity = None
    if participant is None and settings.IDEA_CARD_CACHE_SECONDS and page is not None:
        key, activity = listing_cache.results_key(
            canonical_page_id(board),  # its versions move with the ideas of every translation
            board.live_revision_id,
            board.voting_mode,
            board.is_open,
            results["sort"],
            results["filters"],
            page,
            get_language(),
            board.get_url(request),
        )
        html = (
            listing_cache.cached_results(key, activity, settings.IDEA_COUNT_LAG_SECONDS)
            if key
            else None
        )
        if html is not None:
            return html
    context = _results_context(request, board, participant, **results)
    html = render_to_string(
        "wagtail_participation_ideas/includes/board_results.html",
        {"page": board, **context},
        request=request,
    )
    if key:
        listing_cache.keep_results(key, activity, html, settings.IDEA_CARD_CACHE_SECONDS)
    return html


def _results_context(
    request, board, participant, sort, category, status, query, filters, filter_query, may_vote
):
    ideas = board_ideas(board, category=category, status=status, query=query, sort=sort)
    if sort == "trending":
        # The ranking (a list of ids) is computed at most every TRENDING_CACHE_SECONDS per board
        # and filters; the page's ideas are then fetched by id (still only public ones).
        ranked = trending_ids(board, ideas, filters)
        paginator = Paginator(ranked, core_settings.PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        by_id = (
            board.public_ideas()
            .select_related("category", "author")
            .in_bulk(list(page_obj.object_list))
        )
        page_obj.object_list = [by_id[pk] for pk in page_obj.object_list if pk in by_id]
    else:
        paginator = CountCachedPaginator(
            ideas, core_settings.PAGE_SIZE, board_id=canonical_page_id(board), filters=filters
        )
        page_obj = paginator.get_page(request.GET.get("page"))
    my_votes = {}
    if may_vote and page_obj.object_list:
        my_votes = votes_of(participant, page_obj.object_list)
    board_url = board.get_url(request)
    for idea in page_obj.object_list:
        idea.my_vote = my_votes.get(idea.pk, 0)
        idea.is_own = participant is not None and idea.author_id == participant.pk
        idea.url = board_url + board.reverse_subpage("idea", args=[idea.pk])
        idea.vote_url = board_url + board.reverse_subpage("vote", args=[idea.pk])
    return {
        "ideas": page_obj,
        "paginator": paginator,
        "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        "filtered": bool(category or status or query),
        "filter_query": filter_query,
        # Vote buttons for signed-in residents; everyone else gets one sign-in link above, so
        # the anonymous block carries no CSRF token and can be cached.
        "may_vote": may_vote,
        "card_cache_seconds": settings.IDEA_CARD_CACHE_SECONDS,
    }


# One idea


def idea_detail(request, board, idea_id):
    participant = get_participant(request)
    idea = _visible_idea(request, board, idea_id, participant)
    my_vote = None
    if participant is not None and board.voting_enabled:
        my_vote = IdeaVote.objects.filter(idea=idea, participant=participant).first()
    is_author = participant is not None and idea.author_id == participant.pk
    map_tiles = idea_map_tiles(idea)
    return _render(
        request,
        board,
        "wagtail_participation_ideas/idea_detail.html",
        {
            "idea": idea,
            "my_vote": my_vote.value if my_vote else 0,
            "my_vote_wants_updates": bool(my_vote and my_vote.wants_updates),
            "is_author": is_author,
            "may_edit": is_author and idea.author_may_edit(),
            "may_withdraw": is_author and not idea.is_withdrawn,
            "may_vote": page_decision(Action.VOTE, board).allowed
            and idea.is_published
            and not idea.is_withdrawn
            and not is_author,
            "vote_url": board.url + board.reverse_subpage("vote", args=[idea.pk]),
            "edit_url": board.url + board.reverse_subpage("edit", args=[idea.pk]),
            "withdraw_url": board.url + board.reverse_subpage("withdraw", args=[idea.pk]),
            "report_url": reverse("wagtail_participation:report", args=[idea.pk]),
            "sign_in_url": sign_in_url(request.path),
            "map_tiles": map_tiles,
            "map_attribution": settings.MAP_ATTRIBUTION,
        },
    )


# Posting and editing


@private_response  # a resident's own idea, or their typed text on an error
@rate_limited("idea")
def submit_idea(request, board):
    participant = get_participant(request)
    refusal = _may_post(request, board, participant)
    if refusal is not None:
        return refusal
    if board.reached_idea_limit(participant):
        return _refuse(
            request,
            board,
            _(
                "You have already posted %(count)s ideas here, the most this board allows. "
                "You can still support and comment on other ideas."
            )
            % {"count": board.max_ideas_per_participant},
        )
    status = 200
    if request.method == "POST":
        form = IdeaForm(request.POST, request.FILES, board=board)
        if form.is_valid():
            idea = services.create_idea(board, participant, form.cleaned_data)
            if idea.moderation_state == ModerationState.PENDING:
                messages.success(
                    request,
                    _(
                        "Thank you. Your idea will appear on the board once a moderator has checked it. "
                        "Until then only you can see it, and you can still change it."
                    ),
                )
            else:
                messages.success(request, _("Thank you. Your idea is published."))
            return redirect(idea.get_absolute_url())
        status = 400
    else:
        form = IdeaForm(board=board)
    return _render(
        request,
        board,
        "wagtail_participation_ideas/idea_form.html",
        {
            "form": form,
            "idea": None,
            "similar": similar_ideas(board, form.data.get("title")) if form.is_bound else [],
            "similar_url": board.url + board.reverse_subpage("similar"),
        },
        status=status,
    )


def submit_preview(request, board):
    """The form to post an idea as Wagtail's preview shows it: sending it shows it again,
    posts nothing."""
    context = preview_context(request, "submit")
    return _render(
        request,
        board,
        "wagtail_participation_ideas/idea_form.html",
        {
            **context,
            "form": IdeaForm(board=board),
            "idea": None,
            "similar": [],
            "similar_url": board.url + board.reverse_subpage("similar") if board.live else "",
        },
    )


def _own_idea_view(view):
    """Decorate a view of ``(request, board, idea)``: it serves ``(request, board, idea_id)``.

    Signed out: to sign in. The idea must be the resident's own, neither rejected nor hidden:
    else 404 (another resident's idea is not revealed).
    """

    @functools.wraps(view)
    def wrapper(request, board, idea_id):
        participant = get_participant(request)
        if participant is None:
            return sign_in_redirect(request.path)
        idea = Idea.objects.on_board(board).by_author(participant).filter(pk=idea_id).first()
        if idea is None or idea.moderation_state in (
            ModerationState.REJECTED,
            ModerationState.HIDDEN,
        ):
            raise Http404
        return view(request, board, idea)

    return wrapper


@private_response  # a resident's own idea, or their typed text on an error
@rate_limited("idea")
@_own_idea_view
def edit_idea(request, board, idea):
    if not idea.author_may_edit():
        return _refuse(
            request,
            board,
            _(
                "This idea can no longer be changed: the time for changes after publication "
                "has passed, or it was withdrawn. You can add a comment to it instead."
            ),
        )
    status = 200
    if request.method == "POST":
        form = IdeaForm(request.POST, request.FILES, board=board, idea=idea)
        if form.is_valid():
            services.edit_idea(idea, form.cleaned_data)
            if idea.moderation_state == ModerationState.PENDING:
                message = _("Your changes are saved. A moderator will check your idea.")
            else:
                message = _("Your changes are saved and shown as edited.")
            messages.success(request, message)
            return redirect(idea.get_absolute_url())
        status = 400
    else:
        form = IdeaForm(board=board, idea=idea)
    return _render(
        request,
        board,
        "wagtail_participation_ideas/idea_form.html",
        {
            "form": form,
            "idea": idea,
            "similar": [],
            "similar_url": board.url + board.reverse_subpage("similar"),
        },
        status=status,
    )


@private_response  # a resident's own idea, or their typed text on an error
@rate_limited("idea")
@_own_idea_view
def withdraw_idea(request, board, idea):
    if idea.is_withdrawn:
        messages.info(request, _("You have already withdrawn this idea."))
        return redirect(idea.get_absolute_url())
    if request.method == "POST":
        services.withdraw_idea(idea)
        messages.success(
            request,
            _("Your idea is withdrawn. It no longer appears on the board and cannot be supported."),
        )
        return redirect(board.url)
    return _render(request, board, "wagtail_participation_ideas/idea_withdraw.html", {"idea": idea})


# Voting


@rate_limited("vote")
def vote(request, board, idea_id):
    if request.method != "POST":
        return redirect(board.url + board.reverse_subpage("idea", args=[idea_id]))
    participant = get_participant(request)
    idea = board.public_ideas().filter(pk=idea_id).first()
    if idea is None:
        return _vote_refused(
            request, board, _("This idea cannot be supported: it is not on the board."), 404
        )
    idea_url = idea.get_absolute_url()
    decision = decide(
        participant, Action.VOTE, board
    )  # voting used, board open, who may (core.policy)
    if decision.reason == Reason.SIGN_IN_REQUIRED:
        if _wants_json(request):
            return JsonResponse(
                {"error": decision.message, "sign_in_url": sign_in_url(idea_url)}, status=401
            )
        return sign_in_redirect(idea_url)
    if not decision:
        return _vote_refused(request, board, decision, next_url=idea_url)
    if idea.author_id == participant.pk:
        return _vote_refused(
            request,
            board,
            _("This is your own idea: other residents decide whether to support it."),
        )
    form = VoteForm(request.POST)
    if not form.is_valid() or (
        form.cleaned_data["action"] == "oppose" and not board.allows_opposing
    ):
        return _vote_refused(
            request, board, _("That vote could not be understood. Please use the buttons."), 400
        )
    my_vote = services.vote(
        idea,
        participant,
        form.cleaned_data["action"],
        wants_updates=form.cleaned_data["wants_updates"],
    )
    if my_vote == IdeaVote.SUPPORT:
        message = _("Thank you: you support this idea.")
    elif my_vote == IdeaVote.OPPOSE:
        message = _("Your vote against this idea is counted.")
    else:
        message = _("Your vote is taken back.")
    idea.refresh_from_db(fields=["support_count", "oppose_count", "score"])
    if _wants_json(request):
        return JsonResponse(
            {
                "support_count": idea.support_count,
                "oppose_count": idea.oppose_count,
                "score": idea.score,
                "my_vote": my_vote,
                "message": message,
            }
        )
    messages.success(request, message)
    next_url = request.POST.get("next", "")
    if not (
        next_url.startswith(board.url)
        and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()})
    ):
        next_url = idea_url
    return redirect(next_url)


def _vote_refused(request, board, refusal, status=403, next_url=None):
    if _wants_json(request):
        return JsonResponse({"error": str(getattr(refusal, "message", refusal))}, status=status)
    return _refuse(request, board, refusal, status=status, next_url=next_url)


# Suggestions while typing


def similar(request, board):
    results = similar_ideas(board, request.GET.get("title", ""))
    return JsonResponse(
        {"results": [{"title": idea.title, "url": idea.get_absolute_url()} for idea in results]}
    )


#: The idea routes an old address (``ideas/<id>/<action>/``) may name.
OLD_ACTIONS = {"": "idea", "edit": "edit", "withdraw": "withdraw", "vote": "vote"}


def moved_idea(request, board, idea_id, action):
    """An idea's address before 0.1 (``ideas/<id>/...``), moved to ``<id>/...`` on the board:
    301 for reading, 308 for a form sent to it (the browser sends it again, unchanged)."""
    route = OLD_ACTIONS.get(action)
    if route is None:
        raise Http404
    target = board.url + board.reverse_subpage(route, args=[idea_id])
    query = request.META.get("QUERY_STRING", "")
    response = redirect(f"{target}?{query}" if query else target, permanent=True)
    if request.method not in ("GET", "HEAD"):
        response.status_code = 308
    return response
