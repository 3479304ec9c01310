"""A resident's own data: see it, download it, ask to be forgotten."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..antispam import rate_limited
from ..cache_control import private_response
from ..models import load_specific
from ..participants import get_participant, sign_out
from ..privacy import (
    anonymise_participant,
    collect_extra_personal_data,
    export_participant_data,
    personal_data_sections,
    reports_data,
)
from ..redirects import sign_in_redirect
from .names import display_name_form


def _require_participant(request):
    participant = get_participant(request)
    if participant is None:
        return None, sign_in_redirect(reverse("wagtail_participation:my_data"))
    return participant, None


@private_response
def my_data(request):
    participant, response = _require_participant(request)
    if response:
        return response
    contributions = load_specific(
        participant.contributions.select_related("content_type", "page").order_by("-created_at")[
            :200
        ]
    )
    return render(
        request,
        "wagtail_participation/my_data.html",
        {
            "participant": participant,
            "contributions": contributions,
            "name_form": display_name_form(participant),
            **_more_data(participant),
        },
    )


def _more_data(participant):
    """What the download holds besides the resident's details and contributions: their reports
    and what the participation apps hold (``includes/my_data_more.html``)."""
    data = {"reports": reports_data(participant), **collect_extra_personal_data(participant)}
    return {"data_sections": personal_data_sections(participant, data)}


@private_response
def my_data_download(request):
    participant, response = _require_participant(request)
    if response:
        return response
    data = json.dumps(export_participant_data(participant), indent=2, ensure_ascii=False)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-participation-data.json"'
    return response


@private_response
@rate_limited("forget_me")
def forget_me(request):
    participant, response = _require_participant(request)
    if response:
        return response
    if request.method == "POST":
        anonymise_participant(participant)
        if request.user.is_authenticated:
            logout(request)
        sign_out(request)
        messages.success(
            request,
            _("Your details have been removed. What you posted stays, without your name."),
        )
        return redirect("wagtail_participation:forgotten")
    return render(request, "wagtail_participation/forget_me.html", {"participant": participant})


@private_response
def forgotten(request):
    return render(request, "wagtail_participation/forgotten.html")
