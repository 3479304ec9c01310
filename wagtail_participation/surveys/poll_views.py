"""The POST behind a poll block: vote, then back to the page the poll is on.

The block is rendered however the site renders its StreamField: with ``{% include_block %}``
(the request in its context) or as ``{{ page.body }}`` (no context, so no CSRF token can be
put in the form), and on pages shared caches keep for every anonymous visitor. So the form
carries no token and this view is ``csrf_exempt``; instead it refuses votes that the browser
says came from another site (``core.origin.same_origin``: fetch metadata, ``Origin``,
``Referer``). Residents' cookies are ``SameSite=Lax`` and do not travel with a cross-site POST
anyway; the rate limit, the page-privacy rule and one vote per resident, browser and network
still apply.
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail_participation.core.antispam import client_network, rate_limited
from wagtail_participation.core.forms import parse_id
from wagtail_participation.core.origin import same_origin_post
from wagtail_participation.core.participants import get_participant
from wagtail_participation.core.policy import Action, decide
from wagtail_participation.core.redirects import local_url

from .browser import browser_token, new_browser_token, set_browser_cookie
from .models import Poll
from .poll_pages import poll_is_viewable
from .polls import NetworkAlreadyAnswered, poll_results
from .polls import vote as vote_in_poll


def back_url(request, poll):
    """Where to go after voting: the form's ``next`` (the page's address, when the block had the
    request), else the page the vote came from (``Referer``, under ``{{ page.body }}``), else
    the home page; always a path on this site, at the poll."""
    back = local_url(request, request.POST.get("next", ""), default="")
    if not back:
        referer = urlsplit(request.headers.get("Referer", ""))
        same_host = referer.netloc == request.get_host()
        path = referer.path + (f"?{referer.query}" if referer.query else "")
        back = local_url(request, path) if same_host else "/"
    return back.split("#")[0] + f"#poll-{poll.pk}"


@same_origin_post  # no CSRF token in a block under {{ page.body }}: the origin is checked
@require_POST
@rate_limited("poll")
def vote(request, poll_id):
    wants_json = "application/json" in request.headers.get("Accept", "")
    poll = get_object_or_404(Poll, pk=poll_id)
    if not poll_is_viewable(poll, request):  # only on a live page this visitor may view
        raise Http404
    back = back_url(request, poll)

    def refuse(message, status):
        if wants_json:
            return JsonResponse({"error": message}, status=status)
        messages.error(request, message)
        return redirect(back)

    participant = get_participant(request)
    decision = decide(participant, Action.VOTE, poll)  # open, and who may vote (core.policy)
    if not decision:
        return refuse(decision.message, 403)
    choice = poll.choices.filter(pk=parse_id(request.POST.get("choice"))).first()
    if choice is None:
        return refuse(_("Choose one of the answers, then vote."), 400)
    token = browser_token(request)
    new_token = None
    if participant is None and not token:
        token = new_token = new_browser_token()
    try:
        counted = vote_in_poll(poll, choice, participant, token, client_network(request))
    except NetworkAlreadyAnswered:
        # Not an error: a household or office shares one network. Signing in lets them vote too.
        message = _(
            "A vote from your network was already received in this poll. Please sign in to vote."
        )
        if wants_json:
            return JsonResponse({"counted": False, "message": message, "sign_in": True})
        messages.info(request, message)
        return redirect(back)
    message = _("Thank you for voting.") if counted else _("You have already voted in this poll.")
    if wants_json:
        response = JsonResponse({"counted": counted, "message": message, **poll_results(poll)})
    else:
        messages.success(request, message)
        response = redirect(back)
    if new_token:
        set_browser_cookie(response, request, new_token)
    return response
