"""What residents do on a budget: read it, propose, support, vote, see their ballot and the results.

Plain functions called from ``BudgetPageMixin``'s routes with the page, so a site's own budget
page type gets them unchanged. Thin: parse, ask ``core.policy``, call one service, redirect.
"""

from __future__ import annotations

import inspect
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail_participation.core.antispam import rate_limited
from wagtail_participation.core.eligibility import code_entry_url
from wagtail_participation.core.participants import get_participant
from wagtail_participation.core.policy import Action, Reason, refuse
from wagtail_participation.core.policy import decide as core_decide
from wagtail_participation.core.redirects import sign_in_redirect
from wagtail_participation.core.voting_codes import (
    CodeWrongArea,
    held_code,
    held_code_claimed_here,
    held_code_usable,
)

from . import results as results_module
from . import services
from .conf import settings
from .forms import BallotForm, ProposalForm
from .models import (
    SUPPORT,
    Ballot,
    BudgetProposal,
    ModerationState,
    ProgressUpdate,
    ProposalSupport,
    Scope,
    VotingMethod,
)

TEMPLATES = "wagtail_participation_budgeting/"
_DECIDE_TAKES_REQUEST = "request" in inspect.signature(core_decide).parameters


def decide(participant, action, page, request=None):
    """core.policy.decide, with the request where core's eligibility rules (voting codes held in
    the session) take it."""
    if request is not None and _DECIDE_TAKES_REQUEST:
        return core_decide(participant, action, page, request=request)
    return core_decide(participant, action, page)


def _render(request, page, template, context, status=200):
    context = {"page": page, "self": page, "participant": get_participant(request), **context}
    return TemplateResponse(request, TEMPLATES + template, context, status=status)


def _refused(request, page, decision, next_url):
    # With voting codes, the refusal page offers both: sign in, or enter the code.
    if decision.reason == Reason.SIGN_IN_REQUIRED and not page.eligibility_voting_codes:
        return sign_in_redirect(next_url)
    return refuse(request, decision, next_url=next_url, page=page)


def voting_code_of(request, page):
    """The voting code this browser votes with on ``page`` (held in its session, unused or
    used by this browser), or None: then the resident votes as themselves."""
    if not page.eligibility_voting_codes or not held_code_usable(request, page):
        return None
    return held_code(request, page)


def my_ballot_rows(request, page, participant):
    """The ballots of this resident on ``page``: theirs, and their voting code's (when this
    browser used it)."""
    mine = Ballot.objects.on_budget(page).by(participant)
    if page.eligibility_voting_codes and held_code_claimed_here(request, page):
        mine = mine | Ballot.objects.on_budget(page).with_code(held_code(request, page))
    return list(mine.select_related("area"))


def budget_page(request, page):
    participant = get_participant(request)
    funded = (
        BudgetProposal.objects.on_budget(page)
        .public()
        .funded()
        .select_related("budget_area")
        .prefetch_related("updates")
    )
    my_ballots = my_ballot_rows(request, page, participant)
    # A resident votes in one area: once they have, the other areas' buttons go.
    my_area = next((b.area_id for b in my_ballots if b.area_id), None)
    code = voting_code_of(request, page)
    return _render(
        request,
        page,
        "budget_page.html",
        {
            "stage": page.stage(),
            "scopes": [
                (
                    scope,
                    (scope.area is None or my_area in (None, scope.area_id))
                    and (code is None or page.code_allows_scope(code, scope)),
                )
                for scope in page.scopes()
            ],
            "holds_code": code is not None,
            "code_entry_url": code_entry_url(page) if page.eligibility_voting_codes else "",
            "may_vote": decide(participant, Action.VOTE, page, request).allowed,
            "may_propose": decide(participant, Action.CONTRIBUTE, page, request).allowed,
            "my_ballots": my_ballots,
            "funded": funded,
        },
    )


def proposal_list(request, page):
    participant = get_participant(request)
    proposals = (
        BudgetProposal.objects.on_budget(page)
        .visible_to(participant)
        .select_related("budget_area")
        .order_by("title", "pk")
    )
    return _render(
        request,
        page,
        "proposal_list.html",
        {
            "proposals": proposals,
            "may_propose": decide(participant, Action.CONTRIBUTE, page, request).allowed,
        },
    )


def _visible_proposal(page, proposal_id, participant):
    proposal = (
        BudgetProposal.objects.on_budget(page)
        .visible_to(participant)
        .select_related("budget_area")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal


def proposal_detail(request, page, proposal_id):
    participant = get_participant(request)
    proposal = _visible_proposal(page, proposal_id, participant)
    supported = (
        participant is not None
        and ProposalSupport.objects.filter(proposal=proposal, participant=participant).exists()
    )
    return _render(
        request,
        page,
        "proposal_detail.html",
        {
            "proposal": proposal,
            "supported": supported,
            "may_support": decide(participant, SUPPORT, page, request).allowed
            and proposal.moderation_state == ModerationState.PUBLISHED,
            "updates": ProgressUpdate.objects.filter(proposal=proposal),
        },
    )


@rate_limited("budget_support")
def support(request, page, proposal_id):
    participant = get_participant(request)
    proposal = _visible_proposal(page, proposal_id, participant)
    if request.method != "POST":
        return redirect(proposal.get_absolute_url())
    decision = decide(participant, SUPPORT, page, request)
    if not decision:
        return _refused(request, page, decision, proposal.get_absolute_url())
    if proposal.moderation_state != ModerationState.PUBLISHED:
        raise Http404
    if request.POST.get("action") == "withdraw":
        services.withdraw_support(proposal, participant)
        messages.success(request, _("You no longer support this proposal."))
    else:
        services.support(proposal, participant)
        messages.success(request, _("Thank you for your support."))
    return redirect(proposal.get_absolute_url())


@rate_limited("budget_propose")
def propose(request, page):
    participant = get_participant(request)
    url = page.subpage_url("propose")
    decision = decide(participant, Action.CONTRIBUTE, page, request)
    if not decision:
        return _refused(request, page, decision, url)
    areas = page.areas()
    if request.method != "POST":
        return _render(request, page, "proposal_form.html", {"form": ProposalForm(areas=areas)})
    form = ProposalForm(request.POST, request.FILES, areas=areas)
    if not form.is_valid():
        return _render(request, page, "proposal_form.html", {"form": form}, status=400)
    limit = settings.BUDGET_PROPOSALS_PER_RESIDENT
    if limit and BudgetProposal.objects.on_budget(page).by_author(participant).count() >= limit:
        return refuse(
            request, _("You have made as many proposals as one resident may here."), page=page
        )
    proposal = services.propose(page, participant, form.cleaned_data)
    if proposal.moderation_state == ModerationState.PENDING:
        messages.success(
            request, _("Thank you. Your proposal will appear once a moderator has checked it.")
        )
    else:
        messages.success(request, _("Thank you. Your proposal is published."))
    return redirect(proposal.get_absolute_url())


# Voting


def ballot_context(scope: Scope, wanted: dict[int, int], form, problem: str = "") -> dict[str, Any]:
    """What ``includes/ballot_fields.html`` draws: the projects with their state, the totals."""
    page = scope.page
    projects = list(scope.proposals())
    spent = sum((p.cost or 0) for p in projects if wanted.get(p.pk))
    points_used = sum(wanted.values()) if page.voting_method == VotingMethod.CUMULATIVE else 0
    return {
        "scope": scope,
        "form": form,
        "method": page.voting_method,
        "rows": [
            {"proposal": p, "value": wanted.get(p.pk, 0), "cost": p.cost or 0} for p in projects
        ],
        "spent": spent,
        "remaining": scope.budget - spent,
        "over_budget": spent > scope.budget,
        "chosen": len([v for v in wanted.values() if v]),
        "points_used": points_used,
        "points_left": page.points - points_used,
        "rank_choices": range(1, page.max_choices + 1),
        "problem": problem,
    }


@rate_limited("budget_ballot")
def ballot(request, page, area_id):
    scope = page.scope(area_id)
    if scope is None:
        raise Http404
    participant = get_participant(request)
    decision = decide(participant, Action.VOTE, page, request)
    if not decision:
        return _refused(request, page, decision, scope.vote_url)
    code = voting_code_of(request, page)
    if code is not None and not page.code_allows_scope(code, scope):
        return refuse(request, CodeWrongArea().message, page=page)
    project_ids = list(scope.proposals().values_list("pk", flat=True))
    in_scope = Ballot.objects.in_scope(page, scope.area)
    existing = (in_scope.with_code(code) if code else in_scope.by(participant)).first()
    if request.method != "POST":
        if existing is not None and not page.ballots_changeable:
            return redirect(page.subpage_url("my_ballots"))
        wanted = services.ballot_choices(existing) if existing else {}
        form = BallotForm(
            method=page.voting_method, project_ids=project_ids, antispam_target=page.pk
        )
        return _render(
            request,
            page,
            "ballot.html",
            {**ballot_context(scope, wanted, form), "existing": existing},
        )
    form = BallotForm(
        request.POST, method=page.voting_method, project_ids=project_ids, antispam_target=page.pk
    )
    if not form.is_valid():
        return _render(
            request,
            page,
            "ballot.html",
            {**ballot_context(scope, {}, form), "existing": existing},
            status=400,
        )
    if "check" in request.POST:  # "Check my total", without JavaScript: nothing is stored
        wanted = form.wanted
        checked = services.check(scope, wanted)
        fresh = BallotForm(
            method=page.voting_method, project_ids=project_ids, antispam_target=page.pk
        )
        return _render(
            request,
            page,
            "ballot.html",
            {
                **ballot_context(scope, wanted, fresh, checked.problem),
                "existing": existing,
                "checked": True,
            },
        )
    try:
        if code is not None:
            services.cast_code_ballot(scope, request, form.wanted, participant=participant)
        else:
            services.cast_ballot(scope, participant, form.wanted)
    except services.BallotRefused as refused:
        kept = refused.check.kept if refused.check else {}
        fresh = BallotForm(
            method=page.voting_method, project_ids=project_ids, antispam_target=page.pk
        )
        return _render(
            request,
            page,
            "ballot.html",
            {**ballot_context(scope, kept, fresh, refused.message), "existing": existing},
            status=400,
        )
    if existing is not None:
        messages.success(request, _("Your ballot has been changed."))
    else:
        messages.success(request, _("Thank you. Your ballot has been counted."))
    return redirect(page.subpage_url("my_ballots"))


def my_ballots(request, page):
    participant = get_participant(request)
    rows = my_ballot_rows(request, page, participant)
    if participant is None and not rows:
        return sign_in_redirect(page.subpage_url("my_ballots"))
    ballots = []
    for ballot_ in rows:
        choices = services.ballot_choices(ballot_)
        proposals = BudgetProposal.objects.filter(pk__in=list(choices)).order_by("title")
        ballots.append(
            {
                "ballot": ballot_,
                "choices": [(p, choices[p.pk]) for p in proposals],
                "total": sum(p.cost or 0 for p in proposals),
                "scope": page.scope(ballot_.area_id),
            }
        )
    return _render(
        request,
        page,
        "my_ballots.html",
        {
            "ballots": ballots,
            "may_change": page.ballots_changeable
            and decide(participant, Action.VOTE, page, request).allowed,
        },
    )


# Results


def _may_see_results(request, page) -> bool:
    if page.results_available:
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and page.permissions_for_user(user).can_edit())


def results(request, page):
    if not _may_see_results(request, page):
        return refuse(
            request,
            _("The results are published when voting closes."),
            page=page,
            status=404,
        )
    counted = results_module.budget_results(page)
    rule = results_module.public_rule(page, counted)
    user = getattr(request, "user", None)
    is_editor = bool(user and user.is_authenticated and page.permissions_for_user(user).can_edit())
    return _render(
        request,
        page,
        "results.html",
        {
            "results": counted,
            "rule": rule,
            "is_editor": is_editor,
            "counting_installed": results_module.counting_module() is not None,
        },
    )


def results_csv(request, page):
    if not _may_see_results(request, page):
        raise Http404
    body = results_module.results_csv(page, results_module.budget_results(page))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{page.pk}-results.csv"'
    return response


def results_pb(request, page, area_id):
    if not _may_see_results(request, page):
        raise Http404
    scope = page.scope(area_id)
    if scope is None:
        raise Http404
    counted = next(r for r in results_module.budget_results(page) if r.key == scope.key)
    body = results_module.pb_file(scope, counted)
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{page.pk}-{scope.key}.pb"'
    return response
