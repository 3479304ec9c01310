"""Answering a survey step by step, the thank-you page and the public results.

Answers given so far live in the session until the last step is sent, so
residents can go back and forward, with or without JavaScript. Every POST
redirects (post, redirect, get): refreshing never sends anything twice.
"""

import hashlib
import secrets

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wagtail_participation.core.antispam import client_network, rate_limited
from wagtail_participation.core.cache_control import private_response
from wagtail_participation.core.network_claims import (
    NetworkAlreadyAnswered,
    claim_network,
    network_has_answered,
)
from wagtail_participation.core.participants import get_participant
from wagtail_participation.core.policy import PAGE_REASONS, Action, decide, refuse
from wagtail_participation.core.redirects import sign_in_url

from .forms import SurveyStepForm
from .models import SurveyResponse
from .results import survey_results

BROWSER_COOKIE = "wp_survey_browser"
BROWSER_COOKIE_SALT = "wagtail_participation.surveys.browser"
BROWSER_COOKIE_AGE = 60 * 60 * 24 * 365


def _session_key(page):
    return f"wp_survey:{page.pk}"


def _state(request, page):
    state = request.session.get(_session_key(page)) or {}
    return {
        "answers": dict(state.get("answers") or {}),
        "reached": int(state.get("reached") or 0),
        "paper": bool(state.get("paper")),
    }


def _save_state(request, page, state):
    request.session[_session_key(page)] = state


def _browser_token(request):
    return request.get_signed_cookie(BROWSER_COOKIE, default=None, salt=BROWSER_COOKIE_SALT)


def dedupe_key(page, participant, browser_token):
    """What makes a response "the same resident's" for a one-response survey."""
    if not page.one_response_per_resident:
        return None
    if participant is not None:
        return f"p:{participant.pk}"
    if browser_token:
        return "b:" + hashlib.sha256(f"{page.pk}:{browser_token}".encode()).hexdigest()[:40]
    return None


def _already_answered(page, key):
    return SurveyResponse.objects.answered(page, key)


def network_scope(page):
    return f"survey:{page.pk}"


def _network_dedupes(page, participant, paper):
    """Whether this answer is anonymous and one per network (see core.network_claims)."""
    return not paper and participant is None and page.one_response_per_resident


def _may_enter_paper(request, page):
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and page.permissions_for_user(user).can_edit())


def _render(request, page, template, context, status=200):
    base = {"page": page, "self": page, "participant": get_participant(request)}
    return TemplateResponse(request, template, {**base, **context}, status=status)


def _closed_or_refused(request, page, participant, paper):
    """A response explaining why this resident cannot answer now (core.policy), or None."""
    if paper:
        return None
    decision = decide(participant, Action.ANSWER, page)
    if decision:
        return None
    context = decision.template_context(page.url)
    if decision.reason in PAGE_REASONS:  # not open yet, or closed
        return _render(
            request, page, "wagtail_participation_surveys/survey_closed.html", context, status=200
        )
    return _render(
        request,
        page,
        "wagtail_participation_surveys/survey_sign_in.html",
        context,
        status=200 if request.method == "GET" else 403,
    )


@private_response  # the steps show the answers kept in this visitor's session
@rate_limited("survey")
def survey_step(request, page):
    participant = get_participant(request)
    state = _state(request, page)
    if request.GET.get("paper") == "1" and _may_enter_paper(request, page):
        state = {"answers": {}, "reached": 0, "paper": True}
        _save_state(request, page, state)
        return redirect(page.url)
    paper = state["paper"] and _may_enter_paper(request, page)
    refusal = _closed_or_refused(request, page, participant, paper)
    if refusal is not None:
        return refusal
    key = None if paper else dedupe_key(page, participant, _browser_token(request))
    if _already_answered(page, key):
        return _render(request, page, "wagtail_participation_surveys/survey_answered.html", {})

    structure = page.structure
    answers = structure.keep_visible(state["answers"])
    steps = structure.visible_steps(answers)
    if not steps:
        return _render(
            request,
            page,
            "wagtail_participation_surveys/survey_page.html",
            {"empty": True, "steps": []},
        )
    # The step asked for, never beyond the furthest step reached (a tampered number goes back).
    try:
        number = int(
            request.POST.get("step") if request.method == "POST" else request.GET.get("step", 1)
        )
    except (TypeError, ValueError):
        number = 1
    allowed = min(state["reached"] + 1, len(steps))
    if number < 1 or number > allowed:
        return redirect(page.url + ("?" + urlencode({"step": allowed}) if allowed > 1 else ""))
    index, step = steps[number - 1]
    is_last = number == len(steps)

    if request.method == "POST":
        form = SurveyStepForm(
            request.POST, structure=structure, step=step, previous=answers, antispam_target=page.pk
        )
        going_back = "back" in request.POST
        if going_back:
            form.is_valid()
            state.update(answers=structure.keep_visible(form.partial_answers()))
            _save_state(request, page, state)
            return redirect(page.url + (f"?step={number - 1}" if number > 2 else ""))
        if form.is_valid():
            answers = form.answers
            steps = structure.visible_steps(answers)  # an answer may show or hide later steps
            is_last = number >= len(steps)
            state.update(answers=answers, reached=max(state["reached"], number))
            _save_state(request, page, state)
            if not is_last:
                return redirect(page.url + f"?step={number + 1}")
            missing = structure.missing_required(answers)
            if missing is not None:  # a step skipped by a tampered request
                target = next(n for n, (_i, s) in enumerate(steps, 1) if missing in s.items)
                messages.error(request, _("Please answer the questions on this step."))
                return redirect(page.url + (f"?step={target}" if target > 1 else ""))
            return _submit(request, page, participant, answers, paper)
        status = 400
    else:
        form = SurveyStepForm(
            structure=structure, step=step, previous=answers, antispam_target=page.pk
        )
        status = 200
    # An anonymous answer from this network was received already: say so before the resident
    # answers (and again, answers kept, if sending is refused), and offer signing in.
    network_answered = _network_dedupes(page, participant, paper) and network_has_answered(
        network_scope(page), client_network(request)
    )
    here = page.url + (f"?step={number}" if number > 1 else "")
    return _render(
        request,
        page,
        page.get_template(request),
        {
            "form": form,
            "step": step,
            "step_number": number,
            "step_count": len(steps),
            "is_last": is_last,
            "paper": paper,
            "steps": steps,
            "network_answered": network_answered,
            "sign_in_url": sign_in_url(here) if network_answered else "",
            "items": [
                (item, form.question_fields(item) if item.is_question else None)
                for item in _items_to_show(structure, step, answers)
            ],
            "conditions": _conditions(structure, step),
        },
        status=status,
    )


def _items_to_show(structure, step, answers):
    """The step's items to render: those shown for the answers so far, and those whose
    condition depends on a question of this same step (the browser, or the server after
    sending, decides those)."""
    visible = {item.id for item in structure.visible_items(answers)}
    rendered = set()
    items = []
    for item in step.items:
        source = item.source
        if item.id in visible or (
            source is not None and source.id in rendered and source in step.items
        ):
            rendered.add(item.id)
            items.append(item)
    return items


def _conditions(structure, step):
    """For the browser script: items that depend on a question of the same step, with its field and answer."""
    result = {}
    for item in step.items:
        source = item.source
        if source is not None and source in step.items:
            result[item.id] = {"field": source.condition_field, "answer": item.show_if_answer}
    return result


def _submit(request, page, participant, answers, paper):
    browser_token = _browser_token(request)
    new_browser_token = None
    if not paper and participant is None and page.one_response_per_resident and not browser_token:
        browser_token = new_browser_token = secrets.token_urlsafe(24)
    key = None if paper else dedupe_key(page, participant, browser_token)
    try:
        with transaction.atomic():
            SurveyResponse.objects.create(
                page=page,
                participant=None if paper else participant,
                answers=answers,
                is_paper=paper,
                entered_by=request.user if paper else None,
                dedupe_key=key,
            )
            if _network_dedupes(page, participant, paper):
                claim_network(network_scope(page), client_network(request))
    except IntegrityError:
        request.session.pop(_session_key(page), None)
        return _render(request, page, "wagtail_participation_surveys/survey_answered.html", {})
    except NetworkAlreadyAnswered:
        # The answers stay in the session: back to the last step, which says why and offers
        # signing in (signing in keeps the session's answers), then sending again.
        steps = page.structure.visible_steps(answers)
        return redirect(page.url + (f"?step={len(steps)}" if len(steps) > 1 else ""))
    request.session.pop(_session_key(page), None)
    if paper:
        _save_state(request, page, {"answers": {}, "reached": 0, "paper": True})
        messages.success(request, _("The paper response is saved. You can enter the next one."))
        response = redirect(page.url)
    else:
        response = redirect(page.url + page.reverse_subpage("thanks"))
    if new_browser_token:
        response.set_signed_cookie(
            BROWSER_COOKIE,
            new_browser_token,
            salt=BROWSER_COOKIE_SALT,
            max_age=BROWSER_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def thanks(request, page):
    return _render(request, page, "wagtail_participation_surveys/survey_thanks.html", {})


def public_results(request, page):
    if not page.results_public:
        return refuse(request, _("The results of this survey are not public."), page=page)
    question, answer = results_filter(request)
    results = survey_results(page, filter_question=question, filter_answer=answer, public=True)
    return _render(
        request,
        page,
        "wagtail_participation_surveys/survey_results.html",
        {"results": results, "public": True},
    )


def results_filter(request):
    """The (question id, answer) of the results filter ``?filter=<id>|<answer>``, or (None, None)."""
    question, _sep, answer = request.GET.get("filter", "")[:600].partition("|")
    return (question, answer) if question and answer else (None, None)
