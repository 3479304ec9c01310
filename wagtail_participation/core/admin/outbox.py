"""The outbox in the Participation menu: the emails waiting, sent and failed, with a retry button.

Every email of the package is a row of ``OutgoingEmail`` (``core.tasks``). Staff with the
"Can view outgoing email" permission (and superusers) list them, filtered by status; those
with "Can change outgoing email" may send a failed or waiting email again at once. The list
shows to whom, the subject and what happened; never the body, which may hold a sign-in or
confirmation link meant only for its recipient.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..conf import settings
from ..models import OutgoingEmail
from ..redirects import local_url
from .listing import ListingIndexView, ParticipationListing, ReadOnlyPermissionHelper

WAITING, SENT, FAILED = "waiting", "sent", "failed"


def status_query(status: str) -> Q:
    """The rows of one status: sent; failed (given up after the last attempt); waiting."""
    unsent = Q(sent_at__isnull=True)
    given_up = Q(attempts__gte=settings.EMAIL_MAX_ATTEMPTS)
    return {
        SENT: Q(sent_at__isnull=False),
        FAILED: unsent & given_up,
        WAITING: unsent & ~given_up,
    }[status]


def status_of(email: OutgoingEmail) -> str:
    if email.sent_at is not None:
        return SENT
    return FAILED if email.attempts >= settings.EMAIL_MAX_ATTEMPTS else WAITING


def may_view_outbox(user: Any) -> bool:
    return bool(
        user.is_active
        and (user.is_superuser or user.has_perm("wagtail_participation.view_outgoingemail"))
    )


def may_retry(user: Any) -> bool:
    return bool(
        user.is_active
        and (user.is_superuser or user.has_perm("wagtail_participation.change_outgoingemail"))
    )


class OutboxStatusFilter(admin.SimpleListFilter):
    title = _("Status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            (WAITING, _("Waiting to be sent")),
            (SENT, _("Sent")),
            (FAILED, _("Failed (given up)")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value:
            return queryset
        if value not in (WAITING, SENT, FAILED):
            raise IncorrectLookupParameters(f"unknown status: {value!r}")  # 400, not a 500
        return queryset.filter(status_query(value))


class OutboxPermissionHelper(ReadOnlyPermissionHelper):
    def user_can_list(self, user: Any) -> bool:
        return may_view_outbox(user)

    def user_can_inspect_obj(self, user: Any, obj: Any) -> bool:
        return False


STATUS_LABELS = {
    WAITING: _("Waiting"),
    SENT: _("Sent"),
    FAILED: _("Failed"),
}


class OutboxIndexView(ListingIndexView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            may_retry=may_retry(self.request.user),
            retry_url=reverse("wagtail_participation_admin:outbox_retry"),
            current_url=self.request.get_full_path(),
        )
        return context


class OutboxListing(ParticipationListing):
    model = OutgoingEmail
    index_view_class = OutboxIndexView
    menu_label = _("Outbox")
    menu_icon = "mail"
    menu_order = 900
    permission_helper_class = OutboxPermissionHelper
    group_permissions = ("view", "change")  # list the outbox; send an email again
    index_template_name = "wagtail_participation/admin/outbox.html"
    list_display = (
        "recipient",
        "subject_text",
        "status_label",
        "attempts",
        "created_at",
        "sent_or_due",
        "error",
        "retry_button",
    )
    list_filter = (OutboxStatusFilter,)
    search_fields = ("to", "subject")
    ordering = ("-created_at",)

    def get_list_display(self, request: HttpRequest) -> tuple[str, ...]:
        """The retry buttons only for those who may send an email again."""
        shown = tuple(super().get_list_display(request))
        return shown if may_retry(request.user) else shown[:-1]

    def recipient(self, obj: OutgoingEmail) -> str:
        return obj.to

    recipient.short_description = _("To")  # type: ignore[attr-defined]

    def subject_text(self, obj: OutgoingEmail) -> str:
        return Truncator(obj.subject).chars(80)

    subject_text.short_description = _("Subject")  # type: ignore[attr-defined]

    def status_label(self, obj: OutgoingEmail) -> str:
        return str(STATUS_LABELS[status_of(obj)])

    status_label.short_description = _("Status")  # type: ignore[attr-defined]

    def sent_or_due(self, obj: OutgoingEmail) -> Any:
        return obj.sent_at or (obj.due_at if status_of(obj) == WAITING else "")

    sent_or_due.short_description = _("Sent, or next attempt")  # type: ignore[attr-defined]

    def error(self, obj: OutgoingEmail) -> str:
        return Truncator(obj.last_error).chars(120) if obj.sent_at is None else ""

    error.short_description = _("Last error")  # type: ignore[attr-defined]

    def retry_button(self, obj: OutgoingEmail) -> str:
        if obj.sent_at is not None or not obj.attempts:
            return ""  # sent, or not tried yet: nothing to retry
        return format_html(
            '<button type="submit" form="wp-outbox-retry" name="email" value="{}" '
            'class="button button-small button-secondary">{}</button>',
            obj.pk,
            gettext("Send again"),
        )

    retry_button.short_description = ""  # type: ignore[attr-defined]


def outbox_url() -> str:
    return reverse("wagtail_participation_outgoingemail_modeladmin_index")


@require_POST
def retry(request: HttpRequest) -> HttpResponse:
    """Send one unsent email again now: its attempts start over and a sender is queued."""
    if not may_retry(request.user):
        raise PermissionDenied
    from ..forms import parse_id
    from ..tasks import _queue_sending

    back = local_url(request, request.POST.get("next", ""), outbox_url())
    pk = parse_id(request.POST.get("email", ""))
    if pk is None:
        messages.error(request, gettext("Choose an email to send again."))
        return redirect(back)
    email = get_object_or_404(OutgoingEmail, pk=pk)
    with transaction.atomic():
        retried = OutgoingEmail.objects.filter(pk=email.pk, sent_at__isnull=True).update(
            attempts=0, due_at=timezone.now(), claimed_until=None
        )
        if retried:
            transaction.on_commit(lambda: _queue_sending([email.pk]))
    if retried:
        messages.success(
            request, gettext("The email to %(to)s is being sent again.") % {"to": email.to}
        )
    else:
        messages.info(request, gettext("This email was sent already."))
    return redirect(back)
