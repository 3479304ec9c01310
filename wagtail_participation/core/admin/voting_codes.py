"""Admin: generate voting codes for a page and print them as letters or download a CSV.

Only editors who may publish a page generate its codes (``can_publish``). The plain codes
exist only in the response to the generating POST (the letters or the CSV): the database keeps
their hashes (``core.voting_codes``). URLs in the ``wagtail_participation_voting_codes``
namespace under ``participation/voting-codes/``; the "Voting codes" item joins the
Participation menu (``register_participation_menu_item``).
"""

from __future__ import annotations

import csv

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter, log
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .. import converters  # noqa: F401  (registers <wp_id:...>)
from ..conf import settings
from ..eligibility import EligibilityPageMixin, code_entry_url
from ..exports import neutralise
from ..links import absolute_url
from ..models import VotingCode, VotingCodeBatch
from ..page_types import page_models
from ..participants import site_name
from ..voting_codes import QRCodeUnavailable, generate_codes, qr_available, qr_svg

app_name = "wagtail_participation_voting_codes"
LOG_GENERATED = "wagtail_participation.voting_codes_generated"
LOG_WITHDRAWN = "wagtail_participation.voting_codes_withdrawn"
MENU_ORDER = 350


def code_pages(user) -> list[EligibilityPageMixin]:
    """The pages taking voting codes that ``user`` may publish (whose codes they generate)."""
    models = page_models(EligibilityPageMixin)
    if not models or not user.is_active:
        return []
    types = ContentType.objects.get_for_models(*models).values()
    pages = (
        PagePermissionPolicy()
        .instances_user_has_permission_for(user, "publish")
        .filter(content_type__in=list(types))
        .specific()
    )
    return [page for page in pages if page.eligibility_voting_codes]


def _page_for(request, page_id) -> EligibilityPageMixin:
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, EligibilityPageMixin):
        raise Http404
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return page


class GenerateForm(forms.Form):
    area = forms.ChoiceField(label=gettext_lazy("Area"), required=False)
    count = forms.IntegerField(
        label=gettext_lazy("Number of codes"),
        min_value=1,
        help_text=gettext_lazy("One letter per resident."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For staff only, in the list of batches (“posted 4 May”)."),
    )
    letter_text = forms.CharField(
        label=gettext_lazy("Text of the letter"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Printed above the code: what residents vote on, and until when."),
    )
    output = forms.ChoiceField(
        label=gettext_lazy("Output"),
        choices=[
            ("letters", gettext_lazy("Letters to print (one A4 page each, with a QR code)")),
            ("csv", gettext_lazy("A CSV file (for a mail merge or a printing company)")),
        ],
        widget=forms.RadioSelect,
        initial="letters",
    )

    def __init__(self, *args, page: EligibilityPageMixin, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = page.voting_code_areas()
        limit = settings.VOTING_CODE_MAX_BATCH
        self.fields["count"].max_value = limit
        self.fields["count"].validators.append(MaxValueValidator(limit))
        self.fields["count"].widget.attrs["max"] = limit


@never_cache
def index(request):
    """The pages whose codes the user generates, with their batches and how many are used."""
    pages = code_pages(request.user)
    rows = []
    for page in pages:
        counts = VotingCode.objects.for_page(page).aggregate(
            total=Count("pk"), used=Count("pk", filter=Q(claimed_at__isnull=False))
        )
        batches = (
            VotingCodeBatch.objects.filter(page_id=page.pk)
            .annotate(
                remaining=Count("codes", filter=Q(codes__claimed_at__isnull=True)),
                used=Count("codes", filter=Q(codes__claimed_at__isnull=False)),
            )
            .order_by("-created_at")
        )
        rows.append({"page": page, "counts": counts, "batches": batches})
    return TemplateResponse(
        request,
        "wagtail_participation/admin/voting_codes/index.html",
        {"rows": rows, "qr_available": qr_available()},
    )


@never_cache
def generate(request, page_id):
    """The form; its POST answers with the letters (or the CSV): the codes' only showing."""
    page = _page_for(request, page_id)
    if not page.eligibility_voting_codes:
        messages.error(request, _("This page does not take voting codes: turn them on first."))
        return redirect(f"{app_name}:index")
    status = 200
    if request.method == "POST":
        form = GenerateForm(request.POST, page=page)
        if form.is_valid():
            return _generated(request, page, form.cleaned_data)
        status = 400
    else:
        form = GenerateForm(page=page)
    return TemplateResponse(
        request,
        "wagtail_participation/admin/voting_codes/generate.html",
        {"page": page, "form": form, "qr_available": qr_available()},
        status=status,
    )


def _generated(request, page, data):
    if data["output"] == "letters" and not qr_available():
        messages.error(request, str(QRCodeUnavailable.__doc__))
        return redirect(f"{app_name}:generate", page_id=page.pk)
    batch, codes = generate_codes(
        page, data["count"], area=data["area"], user=request.user, note=data["note"]
    )
    log(
        instance=page,
        action=LOG_GENERATED,
        user=request.user,
        data={"count": len(codes), "area": batch.area, "batch": batch.pk},
    )
    area_label = dict(page.voting_code_areas()).get(batch.area, batch.area)
    items = [(code, absolute_url(code_entry_url(page, code), request, page)) for code in codes]
    filename = f"voting-codes-{page.pk}-{batch.pk}"
    if data["output"] == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow([_("code"), _("area"), _("address")])
        for code, url in items:
            writer.writerow([neutralise(code), neutralise(str(area_label)), neutralise(url)])
    else:
        letters = [{"code": code, "url": url, "qr": qr_svg(url)} for code, url in items]
        response = TemplateResponse(
            request,
            "wagtail_participation/admin/voting_codes/letters.html",
            {
                "page": page,
                "batch": batch,
                "area_label": area_label,
                "letters": letters,
                "letter_text": data["letter_text"],
                "entry_url": absolute_url(code_entry_url(page), request, page),
                "site_name": site_name(request),
            },
        )
    response["Cache-Control"] = "no-store"  # the only copy of the codes
    return response


@require_POST
def withdraw(request, batch_id):
    """Withdraw a batch's unused codes (letters lost or sent wrongly); used ones stay."""
    batch = get_object_or_404(VotingCodeBatch, pk=batch_id)
    page = _page_for(request, batch.page_id)
    removed, _by_model = VotingCode.objects.filter(batch=batch, claimed_at__isnull=True).delete()
    log(
        instance=page,
        action=LOG_WITHDRAWN,
        user=request.user,
        data={"count": removed, "batch": batch.pk, "at": timezone.now().isoformat()},
    )
    messages.success(
        request,
        ngettext("%(count)d unused code withdrawn.", "%(count)d unused codes withdrawn.", removed)
        % {"count": removed},
    )
    return redirect(f"{app_name}:index")


urlpatterns = [
    path("", index, name="index"),
    path("<wp_id:page_id>/generate/", generate, name="generate"),
    path("batches/<wp_id:batch_id>/withdraw/", withdraw, name="withdraw"),
]


def admin_urls():
    """For Wagtail's ``register_admin_urls`` hook."""
    return [path("participation/voting-codes/", include((urlpatterns, app_name)))]


class VotingCodesMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return bool(code_pages(request.user))


def menu_item():
    """For ``register_participation_menu_item``: "Voting codes", to those who generate some."""
    return VotingCodesMenuItem(
        gettext_lazy("Voting codes"),
        reverse(f"{app_name}:index"),
        name="voting-codes",
        icon_name="key",
        order=MENU_ORDER,
    )


class GeneratedFormatter(LogFormatter):
    label = gettext_lazy("Voting codes generated")

    def format_message(self, log_entry):
        count = int((log_entry.data or {}).get("count") or 0)
        return ngettext(
            "Generated %(count)d voting code", "Generated %(count)d voting codes", count
        ) % {"count": count}


class WithdrawnFormatter(LogFormatter):
    label = gettext_lazy("Unused voting codes withdrawn")

    def format_message(self, log_entry):
        count = int((log_entry.data or {}).get("count") or 0)
        return ngettext(
            "Withdrew %(count)d unused voting code", "Withdrew %(count)d unused voting codes", count
        ) % {"count": count}


def register_log_actions(actions):
    """For Wagtail's ``register_log_actions`` hook."""
    actions.register_action(LOG_GENERATED)(GeneratedFormatter)
    actions.register_action(LOG_WITHDRAWN)(WithdrawnFormatter)
