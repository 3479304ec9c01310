"""Admin views of ideas: respond to one, change the status of many (the listing and its
export are ``options.IdeaAdmin``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wagtail_participation.core.admin.breadcrumbs import participation_breadcrumbs
from wagtail_participation.core.admin.listing import bulk_selection
from wagtail_participation.core.permissions import can_moderate, can_moderate_anything
from wagtail_participation.core.redirects import local_url

from .. import services
from ..models import Idea, idea_status_choices, idea_status_label
from .forms import BulkIdeaResponseForm, IdeaResponseForm


def listing_url():
    return reverse("wagtail_participation_ideas_idea_modeladmin_index")


def _back(request):
    return local_url(request, request.POST.get("next", ""), listing_url())


def respond(request, pk):
    idea = get_object_or_404(Idea.objects.select_related("page", "author", "category"), pk=pk)
    if not can_moderate(request.user, idea):
        raise PermissionDenied
    if request.method == "POST":
        form = IdeaResponseForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.respond_to_idea(
                idea,
                request.user,
                status=data["status"],
                response=data["response"],
                responder_name=data["responder_name"],
                notify=data["notify"],
            )
            if data["notify"]:
                messages.success(
                    request,
                    _("Saved. The author and supporters who asked for updates will get an email."),
                )
            else:
                messages.success(request, _("Saved. Nobody was emailed."))
            return redirect(reverse("wagtail_participation_ideas_admin:respond", args=[idea.pk]))
    else:
        form = IdeaResponseForm(
            initial={
                "status": idea.status,
                "response": idea.response,
                "responder_name": idea.responder_name,
            }
        )
    return TemplateResponse(
        request,
        "wagtail_participation_ideas/admin/respond.html",
        {
            "idea": idea,
            "form": form,
            "listing_url": listing_url(),
            "moderate_url": reverse("wagtail_participation_admin:moderate", args=[idea.pk]),
            "supporters_asking": idea.votes.filter(wants_updates=True).count(),
        },
    )


@require_POST
def bulk_status(request):
    if not can_moderate_anything(request.user):
        raise PermissionDenied
    status = request.POST.get("status", "")
    if status not in dict(idea_status_choices()):
        messages.error(request, _("Choose the status to give the selected ideas."))
        return redirect(_back(request))
    ids = bulk_selection(request, _back(request), _("Select at least one idea."))
    if isinstance(ids, HttpResponse):
        return ids
    ideas = list(Idea.objects.filter(pk__in=ids).select_related("page"))
    allowed = [idea for idea in ideas if can_moderate(request.user, idea)]
    changed = services.set_status(allowed, request.user, status)
    messages.success(
        request,
        ngettext(
            "%(count)d idea is now “%(status)s”.",
            "%(count)d ideas are now “%(status)s”.",
            changed,
        )
        % {"count": changed, "status": idea_status_label(status)},
    )
    refused = len(ids) - len(allowed)
    if refused:
        messages.warning(
            request,
            ngettext(
                "%(count)d idea was skipped: you may not moderate it.",
                "%(count)d ideas were skipped: you may not moderate them.",
                refused,
            )
            % {"count": refused},
        )
    return redirect(_back(request))


#: The most ideas one bulk response goes to (each may email its followers).
BULK_RESPONSE_MAX = 200


@require_POST
def bulk_respond(request):
    """One official response for the ideas ticked in the listing: the form (with the selected
    ideas listed), then each idea the user may moderate gets it, as ``respond`` would give it
    (logged in its board's history, its followers emailed when asked)."""
    if not can_moderate_anything(request.user):
        raise PermissionDenied
    ids = bulk_selection(request, _back(request), _("Select at least one idea."))
    if isinstance(ids, HttpResponse):
        return ids
    ideas = list(
        Idea.objects.filter(pk__in=ids[:BULK_RESPONSE_MAX]).select_related("page").order_by("pk")
    )
    allowed = [idea for idea in ideas if can_moderate(request.user, idea)]
    refused = len(ids) - len(allowed)
    if not allowed:
        messages.error(request, _("You may not moderate the selected ideas."))
        return redirect(_back(request))
    writing = request.POST.get("step") == "respond"
    form = BulkIdeaResponseForm(request.POST if writing else None)
    if writing and form.is_valid():
        data = form.cleaned_data
        changed = sum(
            services.respond_to_idea(
                idea,
                request.user,
                status=data["status"] or idea.status,
                response=data["response"],
                responder_name=data["responder_name"],
                notify=data["notify"],
            )
            for idea in allowed
        )
        messages.success(
            request,
            ngettext(
                "The response is on %(count)d idea.",
                "The response is on %(count)d ideas.",
                changed,
            )
            % {"count": changed}
            + " "
            + (
                _("Their authors and supporters who asked for updates will get an email.")
                if data["notify"]
                else _("Nobody was emailed.")
            ),
        )
        if refused:
            messages.warning(
                request,
                ngettext(
                    "%(count)d idea was skipped: you may not moderate it.",
                    "%(count)d ideas were skipped: you may not moderate them.",
                    refused,
                )
                % {"count": refused},
            )
        return redirect(_back(request))
    heading = _("One response for several ideas")
    return TemplateResponse(
        request,
        "wagtail_participation_ideas/admin/bulk_respond.html",
        {
            "ideas": allowed,
            "refused": refused,
            "form": form,
            "heading": heading,
            "next": _back(request),
            "listing_url": listing_url(),
            "breadcrumbs_items": participation_breadcrumbs(
                (_("Ideas"), listing_url()), (heading, None)
            ),
        },
    )
