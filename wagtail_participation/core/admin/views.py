"""Admin views of the moderation queue: moderate one item, bulk actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.models import PageLogEntry

from .. import moderation
from ..models import Contribution, ModerationState
from ..permissions import can_moderate, can_moderate_anything
from ..redirects import local_url
from .breadcrumbs import participation_breadcrumbs
from .listing import bulk_selection

ACTIONS = {
    "publish": ModerationState.PUBLISHED,
    "hide": ModerationState.HIDDEN,
    "reject": ModerationState.REJECTED,
}


def queue_url():
    return reverse("wagtail_participation_contribution_modeladmin_index")


def _back(request):
    return local_url(request, request.POST.get("next", ""), queue_url())


def moderate(request, pk):
    contribution = get_object_or_404(
        Contribution.objects.select_related("page", "author", "content_type"), pk=pk
    )
    if not can_moderate(request.user, contribution):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("action") == "redact":
        return _redact(request, contribution)
    if request.method == "POST":
        state = ACTIONS.get(request.POST.get("action"))
        if state is None:
            return HttpResponseBadRequest(_("Unknown moderation action."))
        if moderation.set_state(contribution, state, user=request.user):
            messages.success(
                request,
                _("'%(summary)s' is now %(state)s.")
                % {"summary": contribution.summary[:60], "state": state.label.lower()},
            )
        return redirect(reverse("wagtail_participation_admin:moderate", args=[pk]))
    return TemplateResponse(
        request,
        "wagtail_participation/admin/moderate.html",
        {
            "contribution": contribution,
            "specific": contribution.specific,
            "reports": contribution.reports.select_related("participant").order_by("-created_at"),
            "history": contribution_history(contribution),
            "queue_url": queue_url(),
            "header_icon": "comment",
            "may_redact": bool(type(contribution.specific).redactable_fields()),
            "redact_min_length": moderation.REDACT_MIN_LENGTH,
            "breadcrumbs_items": participation_breadcrumbs(
                (_("Moderation queue"), queue_url()), (_("Moderate a contribution"), None)
            ),
        },
    )


#: The most a moderator may ask to redact at once: passages, and characters in all.
REDACT_MAX_PASSAGES = 20
REDACT_MAX_CHARS = 2000


def _redact(request, contribution):
    """Remove the passages given (one a line) from the contribution's text; back to it."""
    text = request.POST.get("passages", "")
    passages = [line.strip() for line in text.splitlines() if line.strip()]
    back = redirect(reverse("wagtail_participation_admin:moderate", args=[contribution.pk]))
    if not passages or len(passages) > REDACT_MAX_PASSAGES or len(text) > REDACT_MAX_CHARS:
        messages.error(
            request,
            _("Give between 1 and %(max)d passages to remove, one a line.")
            % {"max": REDACT_MAX_PASSAGES},
        )
        return back
    replaced = moderation.redact(contribution, passages, user=request.user)
    if replaced:
        messages.success(
            request,
            ngettext(
                "%(count)d passage was removed; the page history records it, not the text.",
                "%(count)d passages were removed; the page history records it, not the text.",
                replaced,
            )
            % {"count": replaced},
        )
    else:
        messages.warning(
            request,
            _("Nothing was removed: no passage of at least %(min)d characters was found.")
            % {"min": moderation.REDACT_MIN_LENGTH},
        )
    return back


def contribution_history(contribution, limit=50):
    """The page-history entries about ``contribution``, newest first (they name it by id only)."""
    return list(
        PageLogEntry.objects.filter(
            page_id=contribution.page_id, data__contribution_id=contribution.pk
        )
        .select_related("user")
        .order_by("-timestamp", "-pk")[:limit]
    )


@require_POST
def bulk_moderate(request):
    if not can_moderate_anything(request.user):
        raise PermissionDenied
    action = request.POST.get("action", "")
    if not action:
        messages.error(request, _("Choose what to do with the selected items."))
        return redirect(_back(request))
    state = ACTIONS.get(action)
    if state is None:
        return HttpResponseBadRequest(_("Unknown moderation action."))
    ids = bulk_selection(request, _back(request), _("Select at least one item."))
    if isinstance(ids, HttpResponse):
        return ids
    changed, refused = moderation.moderate_selection(request.user, ids, state)
    messages.success(
        request,
        ngettext("%(count)d item is now %(state)s.", "%(count)d items are now %(state)s.", changed)
        % {"count": changed, "state": state.label.lower()},
    )
    if refused:
        messages.warning(
            request,
            ngettext(
                "%(count)d item was skipped: you may not moderate it.",
                "%(count)d items were skipped: you may not moderate them.",
                refused,
            )
            % {"count": refused},
        )
    return redirect(_back(request))
