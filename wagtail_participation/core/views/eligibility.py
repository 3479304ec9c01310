"""A resident gives their postcode and age band, or enters a voting code (``core.eligibility``).

Both work without JavaScript (post, redirect, get), are rate-limited, and answer bad input with
the form and its error, never a server error.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.models import Page

from ..antispam import rate_limited
from ..eligibility import EligibilityPageMixin
from ..forms import ResidentDetailsForm, VotingCodeForm
from ..page_privacy import page_is_viewable
from ..participants import get_participant
from ..redirects import local_url, sign_in_redirect
from ..voting_codes import VotingCodeError, held_code, hold_code


@never_cache
@rate_limited("my_details")
def my_details(request):
    """The resident's postcode and age band, as they give them (``?next=`` to go back)."""
    next_url = local_url(request, request.POST.get("next") or request.GET.get("next"), "")
    participant = get_participant(request)
    if participant is None:
        return sign_in_redirect(request.get_full_path())
    status = 200
    if request.method == "POST":
        form = ResidentDetailsForm(request.POST)
        if form.is_valid():
            participant.postcode = form.cleaned_data["postcode"]
            participant.age_band = form.cleaned_data["age_band"]
            participant.save(update_fields=["postcode", "age_band"])
            messages.success(request, _("Your details are saved."))
            return redirect(next_url or "wagtail_participation:my_data")
        status = 400
    else:
        form = ResidentDetailsForm(
            initial={"postcode": participant.postcode, "age_band": participant.age_band}
        )
    return TemplateResponse(
        request,
        "wagtail_participation/eligibility/my_details.html",
        {"participant": participant, "form": form, "next": next_url},
        status=status,
    )


def _code_page(request, page_id):
    page = Page.objects.live().filter(pk=page_id).specific().first()
    if (
        page is None
        or not isinstance(page, EligibilityPageMixin)
        or not page.eligibility_voting_codes
        or not page_is_viewable(page, request)
    ):
        raise Http404
    return page


@never_cache
@rate_limited("voting_code", "VOTING_CODE_RATE_LIMITS")
def voting_code(request, page_id):
    """Enter the code from a letter (``?code=`` fills it in, as the letter's QR code does)."""
    page = _code_page(request, page_id)
    status = 200
    if request.method == "POST":
        form = VotingCodeForm(request.POST, antispam_target=page.pk)
        if form.is_valid():
            try:
                hold_code(request, page, form.cleaned_data["code"])
            except VotingCodeError as error:
                form.add_error("code", error.message)
            else:
                messages.success(request, _("Your voting code is accepted."))
                return redirect(page.voting_code_next_url())
        status = 400
    else:
        code = request.GET.get("code", "")
        form = VotingCodeForm(
            initial={"code": code[:40] if isinstance(code, str) else ""},
            antispam_target=page.pk,
        )
    response = TemplateResponse(
        request,
        "wagtail_participation/eligibility/voting_code.html",
        {
            "page": page,
            "self": page,
            "form": form,
            "participant": get_participant(request),
            "held": held_code(request, page) is not None,
        },
        status=status,
    )
    # The code may be in this page's address: never sent to another site. Not "no-referrer":
    # browsers then send "Origin: null" with the form, which Django's CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response
