"""Admin views of ideas: respond to one, change the status of many, export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from wagtail_participation.core.exports import stream_csv, stream_xlsx
from wagtail_participation.core.forms import parse_id, parse_ids
from wagtail_participation.core.links import page_url
from wagtail_participation.core.moderation import log_data
from wagtail_participation.core.permissions import (
    can_moderate,
    can_moderate_anything,
    moderatable_contributions,
)
from wagtail_participation.core.redirects import local_url

from ..listing_cache import bump
from ..models import Idea, idea_status_choices, idea_status_label
from ..notifications import enqueue_idea_update
from .forms import IdeaResponseForm

STATUS_ACTION = "wagtail_participation.idea_status"


def listing_url():
    return reverse("wagtail_participation_ideas_idea_modeladmin_index")


def _back(request):
    return local_url(request, request.POST.get("next", ""), listing_url())


def _log_status(idea, user, old_status, responded):
    # The idea's id and statuses only, never its title: every editor of the board reads its history.
    log(
        instance=idea.page.specific,
        action=STATUS_ACTION,
        user=user,
        data=log_data(idea, old_status=old_status, status=idea.status, responded=responded),
    )


def respond(request, pk):
    idea = get_object_or_404(Idea.objects.select_related("page", "author", "category"), pk=pk)
    if not can_moderate(request.user, idea):
        raise PermissionDenied
    if request.method == "POST":
        form = IdeaResponseForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            old_status = idea.status
            response_changed = data["response"] != idea.response
            with transaction.atomic():
                if data["status"] != old_status:
                    idea.status = data["status"]
                    idea.status_changed_at = timezone.now()
                if response_changed:
                    idea.response = data["response"]
                    idea.response_date = timezone.localdate()
                    idea.responder = request.user
                idea.responder_name = data["responder_name"]
                idea.save()
                if data["status"] != old_status or response_changed:
                    _log_status(idea, request.user, old_status, response_changed)
                if data["notify"]:
                    Idea.objects.filter(pk=idea.pk).update(update_version=F("update_version") + 1)
                    idea.refresh_from_db(fields=["update_version"])
                    enqueue_idea_update(idea.pk, idea.update_version)
            if data["notify"]:
                messages.success(
                    request,
                    _("Saved. The author and supporters who asked for updates will get an email."),
                )
            else:
                messages.success(request, _("Saved. Nobody was emailed."))
            return redirect(reverse("wagtail_participation_ideas_respond", args=[idea.pk]))
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
    ids = parse_ids(request.POST.getlist("selected"))
    if ids is None:
        return HttpResponseBadRequest(_("Invalid selection."))
    if not ids:
        messages.error(request, _("Select at least one idea."))
        return redirect(_back(request))
    ideas = list(Idea.objects.filter(pk__in=ids).select_related("page"))
    allowed = [idea for idea in ideas if can_moderate(request.user, idea)]
    changed = 0
    with transaction.atomic():
        for idea in allowed:
            if idea.status != status:
                old = idea.status
                Idea.objects.filter(pk=idea.pk).update(
                    status=status, status_changed_at=timezone.now()
                )
                idea.status = status
                _log_status(idea, request.user, old, False)
                changed += 1
    for board_id in {idea.page_id for idea in allowed}:
        bump(board_id)  # listings filtered by status count again
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


def filtered_ideas(request):
    """The ideas the listing shows for the same filters and search."""
    ideas = moderatable_contributions(request.user, Idea.objects.all()).select_related(
        "page", "category", "author"
    )
    params = request.GET
    board, category = parse_id(params.get("board")), parse_id(params.get("category"))
    if board is not None:
        ideas = ideas.filter(page_id=board)
    if params.get("status__exact") in dict(idea_status_choices()):
        ideas = ideas.filter(status=params["status__exact"])
    if params.get("moderation_state__exact"):
        ideas = ideas.filter(moderation_state=params["moderation_state__exact"])
    if category is not None:
        ideas = ideas.filter(category_id=category)
    search = params.get("q", "").strip()[:100]
    if search:
        from django.db.models import Q

        ideas = ideas.filter(Q(title__icontains=search) | Q(description__icontains=search))
    return ideas.order_by("-created_at")


EXPORT_HEADER = [
    gettext_lazy("ID"),
    gettext_lazy("Board"),
    gettext_lazy("Title"),
    gettext_lazy("Description"),
    gettext_lazy("Category"),
    gettext_lazy("Status"),
    gettext_lazy("Moderation state"),
    gettext_lazy("Supporters"),
    gettext_lazy("Opponents"),
    gettext_lazy("Comments"),
    gettext_lazy("Author"),
    gettext_lazy("Created"),
    gettext_lazy("Response date"),
    gettext_lazy("Address"),
    gettext_lazy("Address on the site"),
]


def _export(request):
    if not can_moderate_anything(request.user):
        raise PermissionDenied
    header = [str(h) for h in EXPORT_HEADER]
    boards = {}

    def idea_url(idea):
        # One lookup per board, not per idea.
        if idea.page_id not in boards:
            board = idea.page.specific
            boards[idea.page_id] = (page_url(board), board) if board.live and board.url else None
        if boards[idea.page_id] is None:
            return ""
        base, board = boards[idea.page_id]
        return base + board.reverse_subpage("idea", args=[idea.pk])

    def rows():
        for idea in filtered_ideas(request).iterator(chunk_size=2000):
            yield [
                idea.pk,
                idea.page.title,
                idea.title,
                idea.description,
                idea.category.name if idea.category else "",
                idea.get_status_display(),
                idea.get_moderation_state_display(),
                idea.support_count,
                idea.oppose_count,
                idea.comment_count,
                idea.author_name,
                idea.created_at.isoformat(timespec="seconds"),
                idea.response_date.isoformat() if idea.response_date else "",
                idea.address,
                idea_url(idea),
            ]

    return header, rows()


def export_csv(request):
    header, rows = _export(request)
    return stream_csv("ideas.csv", header, rows)


def export_xlsx(request):
    header, rows = _export(request)
    return stream_xlsx("ideas.xlsx", header, rows, sheet_title=_("Ideas"))
