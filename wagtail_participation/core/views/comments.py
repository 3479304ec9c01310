"""Posting comments on pages and on contributions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from ..antispam import rate_limited
from ..comments import post_comment, reply_target
from ..forms import CommentForm
from ..models import Contribution, ParticipationPageMixin
from ..page_privacy import page_is_viewable
from ..participants import get_participant
from ..policy import Action, decide, refuse


def _live_participation_page(request, page_id):
    """The page commented on, if this visitor may view it (Wagtail's page privacy)."""
    page = get_object_or_404(Page.objects.live(), pk=page_id)
    if not page_is_viewable(page, request):
        raise Http404
    page = page.specific
    if not isinstance(page, ParticipationPageMixin):
        raise Http404
    return page


def _post_comment(request, page, target=None):
    participant = get_participant(request)
    back_url = target.specific.get_absolute_url().split("#")[0] if target else page.url
    decision = decide(participant, Action.COMMENT, page)
    if not decision:  # comments off or closed, or who the resident is (core.policy)
        return refuse(request, decision, next_url=back_url)
    form = CommentForm(request.POST, antispam_target=CommentForm.target_for(page, target))
    reply_to = None
    if form.is_valid() and form.cleaned_data.get("reply_to"):
        reply_to = reply_target(page, target, form.cleaned_data["reply_to"])
        if reply_to is None:
            form.add_error(None, _("You can only reply to a published comment on this page."))
    if not form.is_valid():
        return render(
            request,
            "wagtail_participation/comment_form_page.html",
            {
                "form": form,
                "page": page,
                "target": target,
                "back_url": back_url,
                "action": request.path,
            },
            status=400,
        )
    comment = post_comment(page, participant, form.cleaned_data["body"], target, reply_to)
    if not comment.is_published:
        messages.success(
            request,
            _("Thank you. Your comment will appear once a moderator has checked it."),
        )
    else:
        messages.success(request, _("Thank you. Your comment is published."))
    return redirect(f"{back_url}#comment-{comment.pk}")


@require_POST
@rate_limited("comment")
def comment_on_page(request, page_id):
    return _post_comment(request, _live_participation_page(request, page_id))


@require_POST
@rate_limited("comment")
def comment_on_contribution(request, contribution_id):
    target = get_object_or_404(Contribution.objects.public(), pk=contribution_id)
    page = _live_participation_page(request, target.page_id)
    return _post_comment(request, page, target=target)
