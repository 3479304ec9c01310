"""Answering a survey step by step, the thank-you page and the public results.

Answers given so far live in the session until the last step is sent, so
residents can go back and forward, with or without JavaScript. Every POST
redirects (post, redirect, get): refreshing never sends anything twice.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wagtail_participation.core.antispam import client_network, rate_limited
from wagtail_participation.core.cache_control import private_response
from wagtail_participation.core.participants import get_participant
from wagtail_participation.core.policy import PAGE_REASONS, Action, decide, refuse
from wagtail_participation.core.preview import preview_context
from wagtail_participation.core.redirects import sign_in_url

from .browser import browser_token, new_browser_token, set_browser_cookie
from .forms import SurveyStepForm
from .results import parse_results_filter, survey_results
from .services import (
    AlreadyAnswered,
    NetworkAlreadyAnswered,
    already_answered,
    network_answered,
    network_dedupes,
    submit_response,
)


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
    if not paper and already_answered(page, participant, browser_token(request)):
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
    answered_from_network = network_answered(page, participant, client_network(request), paper)
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
            "network_answered": answered_from_network,
            "sign_in_url": sign_in_url(here) if answered_from_network else "",
            "items": [
                (item, form.question_fields(item) if item.is_question else None)
                for item in _items_to_show(structure, step, answers)
            ],
            "conditions": _conditions(structure, step),
        },
        status=status,
    )


# Preview (core.preview): every step, whatever the conditions; nothing read from or kept in
# the session, nothing sent.

THANKS_MODE = "thanks"


def _preview_steps(page):
    """Every step with something in it, whatever the answers (a preview shows them all)."""
    return [step for step in page.structure.steps if step.items]


def preview_modes(page):
    """Wagtail's preview modes of a survey: each step, then the thank-you page."""
    modes = []
    for number, step in enumerate(_preview_steps(page), 1):
        label = _("Step %(number)d") % {"number": number}
        if step.title:
            label = f"{label}: {step.title}"
        modes.append(("" if number == 1 else f"step-{number}", label))
    modes.append((THANKS_MODE, _("Thank-you page")))
    return modes


def _preview_step_number(mode, count):
    """The step a preview mode names ("step-3"), 1 for anything else, at most ``count``."""
    number = mode.removeprefix("step-") if isinstance(mode, str) else ""
    number = int(number) if number.isdigit() else 1
    return min(max(number, 1), max(count, 1))


def survey_preview(request, page, mode):
    """A step of the survey (or its thank-you page) as Wagtail's preview shows it: the step's
    form posts nowhere (its buttons show the next or previous step)."""
    context = preview_context(request, mode)
    if mode == THANKS_MODE:
        return thanks(request, page)
    steps = _preview_steps(page)
    if not steps:
        return _render(
            request,
            page,
            "wagtail_participation_surveys/survey_page.html",
            {"empty": True, "steps": []},
        )
    number = _preview_step_number(mode, len(steps))
    step = steps[number - 1]
    is_last = number == len(steps)
    structure = page.structure
    form = SurveyStepForm(structure=structure, step=step, previous={}, antispam_target=page.pk)
    context["preview_next_mode"] = THANKS_MODE if is_last else f"step-{number + 1}"
    context["preview_back_mode"] = "" if number <= 2 else f"step-{number - 1}"
    return _render(
        request,
        page,
        page.get_template(request),
        {
            **context,
            "form": form,
            "step": step,
            "step_number": number,
            "step_count": len(steps),
            "is_last": is_last,
            "paper": False,
            "steps": list(enumerate(steps)),
            "network_answered": False,
            "sign_in_url": "",
            "items": [
                (item, form.question_fields(item) if item.is_question else None)
                for item in step.items
            ],
            "conditions": _conditions(structure, step),
        },
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
    token = browser_token(request)
    new_token = None
    if network_dedupes(page, participant, paper) and not token:
        token = new_token = new_browser_token()
    try:
        submit_response(
            page,
            answers,
            participant=None if paper else participant,
            browser_token=token,
            network=client_network(request),
            entered_by=request.user if paper else None,
        )
    except AlreadyAnswered:
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
    if new_token:
        set_browser_cookie(response, request, new_token)
    return response


def thanks(request, page):
    return _render(request, page, "wagtail_participation_surveys/survey_thanks.html", {})


def public_results(request, page):
    if not page.results_public:
        return refuse(request, _("The results of this survey are not public."), page=page)
    question, answer = parse_results_filter(request.GET.get("filter", ""))
    results = survey_results(page, filter_question=question, filter_answer=answer, public=True)
    return _render(
        request,
        page,
        "wagtail_participation_surveys/survey_results.html",
        {"results": results, "public": True},
    )
