"""Email-link sign-in: ask for an address, send a link, confirm, sign out."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..antispam import rate_limited
from ..cache_control import private_response
from ..conf import settings
from ..forms import SignInForm
from ..participants import (
    InvalidSignInLink,
    get_participant,
    send_sign_in_link,
    sign_in,
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
            send_sign_in_link(
                form.cleaned_data["email"], form.cleaned_data["display_name"], next_url, request
            )
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


def sign_in_sent(request):
    return render(
        request,
        "wagtail_participation/sign_in_sent.html",
        {
            "minutes": settings.SIGN_IN_LINK_MAX_AGE // 60,
            "link_max_age": settings.SIGN_IN_LINK_MAX_AGE,
        },
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
