"""Thin HTTP wrappers: the question page, and answering it (post, redirect, get)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail_participation.core.antispam import rate_limited
from wagtail_participation.core.models import ModerationState
from wagtail_participation.core.participants import get_participant
from wagtail_participation.core.policy import Action, Reason, decide, refuse
from wagtail_participation.core.redirects import sign_in_redirect

from . import services
from .forms import AnswerForm
from .models import Answer

TEMPLATE = "testapp_onequestion/one_question_page.html"


def _render(request, page, form, status=200):
    participant = get_participant(request)
    decision = decide(participant, Action.ANSWER, page)
    context = {
        "page": page,
        "self": page,
        "participant": participant,
        "form": form,
        "may_answer": decision.allowed,
        "refusal": None if decision else decision.template_context(page.url),
        "answers": Answer.objects.visible_to(participant).on_page(page).select_related("author"),
    }
    return TemplateResponse(request, TEMPLATE, context, status=status)


def question(request, page):
    return _render(request, page, AnswerForm())


@rate_limited("answer")
def answer(request, page):
    if request.method != "POST":
        return redirect(page.url)
    participant = get_participant(request)
    decision = decide(participant, Action.ANSWER, page)
    if not decision:
        if decision.reason == Reason.SIGN_IN_REQUIRED:
            return sign_in_redirect(page.url)
        return refuse(request, decision, next_url=page.url, page=page)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _render(request, page, form, status=400)
    given = services.give_answer(
        page, participant, form.cleaned_data["body"], form.cleaned_data["neighbourhood"]
    )
    if given.moderation_state == ModerationState.PENDING:
        messages.success(
            request, _("Thank you. Your answer will appear once a moderator has checked it.")
        )
    else:
        messages.success(request, _("Thank you. Your answer is published."))
    return redirect(given.get_absolute_url())
