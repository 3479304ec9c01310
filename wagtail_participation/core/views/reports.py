"""Residents reporting a contribution to the moderators."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import moderation
from ..antispam import rate_limited
from ..forms import ReportForm
from ..models import Contribution, Report
from ..page_privacy import contribution_is_viewable
from ..participants import get_participant
from ..policy import refuse
from ..redirects import sign_in_redirect


@rate_limited("report")
def report_view(request, contribution_id):
    contribution = get_object_or_404(
        Contribution.objects.public().select_related("page"), pk=contribution_id
    )
    # Only what this visitor may read on the site: the page's view restrictions apply here too.
    if not contribution_is_viewable(contribution, request):
        raise Http404
    participant = get_participant(request)
    if participant is None:
        return sign_in_redirect(request.path)
    if contribution.author_id == participant.pk:
        return refuse(
            request,
            _(
                "This is your own contribution: you cannot report it. "
                "Where its page allows, you can change or withdraw it instead."
            ),
            next_url=None,
            context={"back_url": contribution.specific.get_absolute_url()},
        )
    if request.method == "POST":
        form = ReportForm(request.POST, antispam_target=contribution.pk)
        if form.is_valid():
            # A repeat report gets the same answer and changes nothing.
            moderation.report(
                contribution, participant, form.cleaned_data["reason"], form.cleaned_data["details"]
            )
            return redirect("wagtail_participation:report_thanks", contribution_id=contribution.pk)
        status = 400
    else:
        form = ReportForm(antispam_target=contribution.pk)
        status = 200
    return render(
        request,
        "wagtail_participation/report.html",
        {"form": form, "contribution": contribution.specific},
        status=status,
    )


def report_thanks(request, contribution_id):
    """Thanks, with a link back: for a contribution this visitor may read, or one they reported
    (which their report may have hidden). Any other id is not found, so that the page confirms
    nothing about contributions the visitor may not see."""
    contribution = get_object_or_404(
        Contribution.objects.select_related("page"), pk=contribution_id
    )
    participant = get_participant(request)
    reported = (
        participant is not None
        and Report.objects.by(participant).filter(contribution=contribution).exists()
    )
    if not reported and not contribution_is_viewable(contribution, request):
        raise Http404
    return render(
        request,
        "wagtail_participation/report_thanks.html",
        {"back_url": contribution.specific.get_absolute_url().split("#")[0] or "/"},
    )
