"""Staff tools of a budget, in the namespace ``wagtail_participation_budgeting_admin``: the
budget's tools, reviewing a proposal (cost, area, feasibility, delivery), entering a project,
entering a paper ballot (the residents' ballot form), recording a count as funded, adding a
progress update. Each view checks that the user may publish the budget page (core.permissions),
so staff of one project never act on another's budget. Changes go through ``services``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from wagtail_participation.core.permissions import can_moderate_page

from . import results as results_module
from . import services
from .forms import PaperBallotForm, ProgressUpdateForm, ReviewForm, StaffProposalForm
from .models import Ballot, BallotSource, BudgetPageMixin, BudgetProposal
from .views import ballot_context

TEMPLATES = "wagtail_participation_budgeting/admin/"


def _budget(request, page_id):
    page = Page.objects.filter(pk=page_id).first()
    page = page.specific if page is not None else None
    if not isinstance(page, BudgetPageMixin):
        raise Http404
    if not can_moderate_page(request.user, page):
        raise PermissionDenied
    return page


def _render(request, template, budget, context, status=200):
    return TemplateResponse(
        request, TEMPLATES + template, {"budget": budget, **context}, status=status
    )


def budget(request, page_id):
    page = _budget(request, page_id)
    if request.method == "POST":
        raise Http404
    return _render(
        request,
        "budget.html",
        page,
        {
            "heading": _("Budget tools"),
            "scopes": [(scope, paper_ballot_url(scope)) for scope in page.scopes()],
            "counting_installed": results_module.counting_module() is not None,
        },
    )


def review(request, proposal_id):
    proposal = BudgetProposal.objects.filter(pk=proposal_id).select_related("page").first()
    if proposal is None:
        raise Http404
    page = _budget(request, proposal.page_id)
    areas = page.areas()
    initial = {
        "final_cost": proposal.final_cost,
        "budget_area": proposal.budget_area_id or "",
        "feasibility": proposal.feasibility,
        "reason": proposal.feasibility_reason,
        "delivery_status": proposal.delivery_status,
    }
    form = ReviewForm(request.POST or None, initial=initial, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.review(
            proposal,
            request.user,
            final_cost=data["final_cost"],
            budget_area=data["budget_area"],
            feasibility=data["feasibility"],
            reason=data["reason"],
        )
        if (data.get("delivery_status") or "") != proposal.delivery_status:
            services.set_delivery(proposal, request.user, data.get("delivery_status") or "")
        messages.success(request, _("The review is saved."))
        return redirect(reverse("wagtail_participation_budgeting_admin:review", args=[proposal.pk]))
    return _render(
        request,
        "review.html",
        page,
        {"heading": _("Review a proposal"), "proposal": proposal, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def add_proposal(request, page_id):
    page = _budget(request, page_id)
    form = StaffProposalForm(request.POST or None, areas=page.areas())
    if request.method == "POST" and form.is_valid():
        proposal = services.enter_proposal(page, request.user, form.cleaned_data)
        messages.success(request, _("The project is entered and published."))
        return redirect(reverse("wagtail_participation_budgeting_admin:review", args=[proposal.pk]))
    return _render(
        request,
        "simple_form.html",
        page,
        {"heading": _("Enter a project"), "form": form, "submit_label": _("Enter the project")},
        status=400 if request.method == "POST" else 200,
    )


def paper_ballot_url(scope):
    if scope.area is None:
        return reverse("wagtail_participation_budgeting_admin:paper_ballot", args=[scope.page.pk])
    return reverse(
        "wagtail_participation_budgeting_admin:paper_ballot_area",
        args=[scope.page.pk, scope.area.pk],
    )


def paper_ballot(request, page_id, area_id=None):
    """A paper ballot through the residents' ballot form, recorded as paper, by this user."""
    page = _budget(request, page_id)
    scope = page.scope(area_id)
    if scope is None:
        raise Http404
    project_ids = list(scope.proposals().values_list("pk", flat=True))

    def form_for(data=None):
        return PaperBallotForm(
            data, method=page.voting_method, project_ids=project_ids, antispam_target=page.pk
        )

    def show(form, wanted, problem="", status=200):
        return _render(
            request,
            "paper_ballot.html",
            page,
            {
                **ballot_context(scope, wanted, form, problem),
                "page": page,
                "heading": _("Enter a paper ballot: %(name)s") % {"name": scope.name},
                "paper_count": Ballot.objects.in_scope(page, scope.area)
                .filter(source=BallotSource.PAPER)
                .count(),
            },
            status=status,
        )

    if request.method != "POST":
        return show(form_for(), {})
    form = form_for(request.POST)
    if not form.is_valid():
        return show(form, {}, status=400)
    if "check" in request.POST:
        checked = services.check(scope, form.wanted)
        return show(form_for(), form.wanted, checked.problem)
    try:
        services.cast_ballot(
            scope,
            None,
            form.wanted,
            source=BallotSource.PAPER,
            entered_by=request.user,
            paper_reference=form.cleaned_data.get("paper_reference", ""),
        )
    except services.BallotRefused as refused:
        kept = refused.check.kept if refused.check else {}
        return show(form_for(), kept, refused.message, status=400)
    messages.success(request, _("The paper ballot is recorded."))
    return redirect(paper_ballot_url(scope))


def fund(request, page_id):
    page = _budget(request, page_id)
    if request.method != "POST":
        return redirect(reverse("wagtail_participation_budgeting_admin:budget", args=[page.pk]))
    rule = request.POST.get("rule", "")
    if rule not in ("greedy", "equal_shares"):
        raise Http404
    counted = results_module.budget_results(page)
    winners = [p.id for result in counted for p in result.winners(rule)]
    changed = services.fund(page, request.user, winners)
    messages.success(request, _("%(count)d project(s) marked as funded.") % {"count": changed})
    return redirect(reverse("wagtail_participation_budgeting_admin:budget", args=[page.pk]))


def add_update(request, proposal_id):
    proposal = BudgetProposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    page = _budget(request, proposal.page_id)
    form = ProgressUpdateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_update(proposal, request.user, form.cleaned_data)
        messages.success(request, _("The progress update is published."))
        return redirect(reverse("wagtail_participation_budgeting_admin:review", args=[proposal.pk]))
    return _render(
        request,
        "simple_form.html",
        page,
        {
            "heading": _("Add a progress update"),
            "form": form,
            "submit_label": _("Publish the update"),
        },
        status=400 if request.method == "POST" else 200,
    )
