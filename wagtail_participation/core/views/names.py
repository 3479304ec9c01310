"""A resident changes the name shown next to what they post (on "Your data")."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ..antispam import rate_limited
from ..forms import DisplayNameForm
from ..participants import change_display_name, get_participant, is_staff_user
from ..redirects import sign_in_redirect


def _is_staff(participant):
    return participant.user_id is not None and is_staff_user(participant.user)


def display_name_form(participant):
    """The unbound form "Your data" shows, filled with the current name (and, for council
    staff, whether it says they post for the council)."""
    return DisplayNameForm(
        initial={"display_name": participant.display_name, "for_council": participant.for_council},
        staff=_is_staff(participant),
    )


@never_cache
@rate_limited("my_name")
def my_name(request):
    participant = get_participant(request)
    if participant is None:
        return sign_in_redirect(reverse("wagtail_participation:my_data"))
    status = 200
    if request.method == "POST":
        form = DisplayNameForm(request.POST, staff=_is_staff(participant))
        if form.is_valid():
            change_display_name(
                participant,
                form.cleaned_data["display_name"],
                for_council=form.cleaned_data.get("for_council"),
            )
            if participant.display_name:
                messages.success(
                    request, _("Your name is now “%(name)s”.") % {"name": participant.display_name}
                )
            else:
                messages.success(request, _("Your name is removed: you appear as “Resident”."))
            return redirect("wagtail_participation:my_data")
        status = 400
    else:
        form = display_name_form(participant)
    return render(
        request,
        "wagtail_participation/my_name.html",
        {"participant": participant, "name_form": form},
        status=status,
    )
