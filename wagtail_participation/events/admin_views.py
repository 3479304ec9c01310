"""Staff's attendance list for one event: printable, and ticked off on a phone at the door."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from wagtail_participation.core.permissions import can_moderate_page

from . import services
from .models import EventPageMixin, Registration


def attendance(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, EventPageMixin):
        raise Http404
    if not can_moderate_page(request.user, page):
        raise PermissionDenied
    registrations = Registration.objects.on_event(page)
    labels = page.question_labels()
    if request.method == "POST":
        ids = {int(pk) for pk in request.POST.getlist("attended") if pk.isdecimal()}
        count = services.mark_attendance(page, ids)
        messages.success(request, _("Attendance saved: %(count)d attended.") % {"count": count})
        return redirect(request.path)
    return TemplateResponse(
        request,
        "wagtail_participation_events/admin/attendance.html",
        {
            "page": page,
            "registered": [
                (registration, registration.readable_answers(labels))
                for registration in registrations.registered().order_by("name", "pk")
            ],
            "waiting": registrations.waiting(),
        },
    )
