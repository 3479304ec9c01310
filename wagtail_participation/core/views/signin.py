"""Email-link sign-in: ask for an address, send a link, confirm, sign out."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..antispam import rate_limited
from ..cache_control import private_response
from ..conf import settings
from ..emails import send_templated_email
from ..forms import SignInForm
from ..links import absolute_url
from ..mailboxes import may_email
from ..participants import (
    InvalidSignInLink,
    get_or_create_participant_for_email,
    get_participant,
    sign_in,
    sign_in_path,
    sign_in_request_for_token,
    sign_out,
)
from ..redirects import local_url


def safe_next(request, default="/"):
    """The ``next`` parameter if it points at this site, else ``default``."""
    return local_url(request, request.POST.get("next") or request.GET.get("next") or "", default)


@private_response
@rate_limited("sign_in")
def sign_in_view(request):
    next_url = safe_next(request)
    if request.method == "POST":
        form = SignInForm(request.POST)
        if form.is_valid():
            # The same answer whether or not we knew the address, and whether or not this mailbox
            # had its EMAIL_RECIPIENT_LIMITS of links already (then nothing is sent).
            if may_email(form.cleaned_data["email"]):
                _send_sign_in_link(request, form.cleaned_data, next_url)
            return redirect("wagtail_participation:sign_in_sent")
        status = 400
    else:
        form = SignInForm()
        status = 200
    return render(
        request,
        "wagtail_participation/sign_in.html",
        {"form": form, "next": next_url, "participant": get_participant(request)},
        status=status,
    )


def _send_sign_in_link(request, data, next_url):
    participant = get_or_create_participant_for_email(data["email"])
    # The name typed here travels in the link and is applied only when the link is used.
    link = absolute_url(sign_in_path(participant, data["display_name"]), request)
    if next_url != "/":
        link += "?" + _urlencode_next(next_url)
    context = {
        "link": link,
        "minutes": settings.SIGN_IN_LINK_MAX_AGE // 60,
        "site_name": _site_name(request),
    }
    # To the address the participant was created with: the same mailbox, however it was typed.
    send_templated_email(participant.email, "wagtail_participation/emails/sign_in", context)


def _urlencode_next(next_url):
    from urllib.parse import urlencode

    return urlencode({"next": next_url})


def _site_name(request):
    from wagtail.models import Site

    from ..links import base_url

    site = Site.find_for_request(request)
    return site.site_name if site and site.site_name else base_url(request).split("://", 1)[-1]


def sign_in_sent(request):
    return render(
        request,
        "wagtail_participation/sign_in_sent.html",
        {"minutes": settings.SIGN_IN_LINK_MAX_AGE // 60},
    )


@private_response
@rate_limited("sign_in_confirm")
def sign_in_confirm(request, token):
    try:
        participant, display_name = sign_in_request_for_token(token)
    except InvalidSignInLink as error:
        return render(
            request,
            "wagtail_participation/sign_in_invalid.html",
            {"reason": error.reason},
            status=error.reason.status_code,
        )
    next_url = safe_next(request)
    if request.method == "POST":
        sign_in(request, participant, display_name=display_name)
        messages.success(
            request, _("You are signed in as %(email)s.") % {"email": participant.email}
        )
        return redirect(next_url)
    return render(
        request,
        "wagtail_participation/sign_in_confirm.html",
        {
            "participant": participant,
            "next": next_url,
            "display_name": "" if participant.display_name else display_name,
        },
    )


@require_POST
def sign_out_view(request):
    sign_out(request)
    messages.success(request, _("You are signed out."))
    return redirect(safe_next(request))
