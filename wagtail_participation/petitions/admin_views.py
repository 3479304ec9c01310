"""Staff tools for one petition: signatures (the signatures listing, filtered to it), export,
areas, trending sources, invalidation, rejection. Each view checks that the user may publish
the petition's page (Wagtail's page permissions), so a moderator of one project never sees
another's signers. Changes go through ``lifecycle``."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from wagtail_participation.core.admin.breadcrumbs import page_breadcrumbs, participation_breadcrumbs
from wagtail_participation.core.permissions import can_moderate_anything, can_moderate_page

from .admin import PetitionFilter, SignatureListing
from .conf import settings
from .forms import InvalidateForm, RejectForm
from .lifecycle import (
    creator_address,
    invalidations,
    reject_petition,
    release_held,
    undo_invalidation,
    undo_rejection,
)
from .lifecycle import invalidate as invalidate_signatures
from .models import (
    PetitionState,
    PetitionTally,
    Signature,
    SignatureValidity,
    get_petition,
    petition_querysets,
)
from .panels import tool_urls


def _petition(request, page_id):
    petition = get_petition(pk=page_id)  # a petition of any page type
    if petition is None:
        raise Http404
    if not can_moderate_page(request.user, petition):
        raise PermissionDenied
    return petition


#: The staff tools' headings, by template: the page's title is the header's subtitle.
HEADINGS = {
    "areas.html": gettext_lazy("Signatures per area"),
    "trending.html": gettext_lazy("Trending sources in the last hour"),
    "invalidate.html": gettext_lazy("Invalidate signatures"),
    "reject.html": gettext_lazy("Reject a petition"),
    "unreject.html": gettext_lazy("Undo the rejection"),
}


def _render(request, template, petition, context):
    heading = HEADINGS.get(template, "")
    return TemplateResponse(
        request,
        f"wagtail_participation_petitions/admin/{template}",
        {
            "petition": petition,
            "heading": heading,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[petition.pk]),
            "breadcrumbs_items": page_breadcrumbs(
                petition,
                (gettext_lazy("Petitions"), reverse("wagtail_participation_petitions_admin:index")),
                (heading, None),
            ),
            **context,
        },
    )


#: Petitions per page of the overview.
PER_PAGE = 50


def moderated_petitions(user):
    """The petitions (of every petition page type) ``user`` may moderate, newest first: a
    queryset when the site has one petition page type (paginated in the database), else a
    list of the newest ``MAX_MIXED`` of each type."""
    pages = (
        None
        if user.is_superuser
        else PagePermissionPolicy().instances_user_has_any_permission_for(user, ["publish"])
    )
    querysets = []
    for queryset in petition_querysets():
        if pages is not None:
            queryset = queryset.filter(pk__in=pages.values("pk"))
        querysets.append(queryset.order_by("-pk"))
    if len(querysets) == 1:
        return querysets[0]
    mixed = [petition for queryset in querysets for petition in queryset[:MAX_MIXED]]
    return sorted(mixed, key=lambda petition: -petition.pk)


#: With several petition page types, the newest petitions of each type the overview lists.
MAX_MIXED = 1000


def index(request):
    """The Participation menu's "Petitions": each petition the user may moderate, with its
    state, its count and its staff tools (also on the petition's editor panel)."""
    if not can_moderate_anything(request.user):
        raise PermissionDenied
    page = Paginator(moderated_petitions(request.user), PER_PAGE).get_page(request.GET.get("p"))
    counts = PetitionTally.objects.signatures_of([petition.pk for petition in page])
    rows = [
        {
            "petition": petition,
            "counted": counts.get(petition.pk, 0),
            "urls": tool_urls(petition.pk),
            "rejected": petition.state in (PetitionState.REJECTED, PetitionState.HIDDEN),
        }
        for petition in page
    ]
    title = gettext_lazy("Petitions")
    return TemplateResponse(
        request,
        "wagtail_participation_petitions/admin/index.html",
        {
            "rows": rows,
            "page_obj": page,
            "heading": title,
            "breadcrumbs_items": participation_breadcrumbs((title, None)),
        },
    )


class PetitionsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate_anything(request.user)


def menu_item():
    """For ``register_participation_menu_item``: "Petitions" and their staff tools."""
    return PetitionsMenuItem(
        gettext_lazy("Petitions"),
        reverse("wagtail_participation_petitions_admin:index"),
        name="petitions",
        icon_name="doc-full",
        order=155,
    )


#: The signatures listing, for the per-petition addresses below (registered in wagtail_hooks).
SIGNATURES = SignatureListing()


def _for_petition(request, petition, **extra):
    """The listing's own parameters in the request (nothing else: the address must never fail
    on a parameter the listing does not read) with its petition filter set to ``petition``."""
    params = SIGNATURES.own_parameters(request)
    params.setlist(PetitionFilter.parameter_name, [str(petition.pk)])
    for name, value in extra.items():
        params[name] = value
    return params


def _changed(request, petition, changed, message):
    """After a bulk change of signatures: say how many changed (``message``, an
    ``ngettext_lazy`` counting ``count``), back to the signatures."""
    messages.success(request, message % {"count": changed})
    return redirect(reverse("wagtail_participation_petitions_admin:signatures", args=[petition.pk]))


def signatures(request, page_id):
    """The signatures listing filtered to one petition, at the petition's own address (the
    editor panel's link): its filters, search, pages (``p``) and export are the listing's."""
    petition = _petition(request, page_id)
    request.GET = _for_petition(request, petition)
    return SIGNATURES.index_view(request)


def export(request, page_id):
    """The petition's signatures as CSV: the listing's export, with the listing's filters."""
    petition = _petition(request, page_id)
    request.GET = _for_petition(request, petition)
    return SIGNATURES.export_view("csv")(request)


def areas(request, page_id):
    petition = _petition(request, page_id)
    rows = list(Signature.objects.counted().of_petition(petition.pk).by_area())
    if settings.PETITION_AREA == "postcode":  # by district ("RB1"), not one row per street
        districts = {}
        for area, n in rows:
            district = area.split()[0] if area else ""
            districts[district] = districts.get(district, 0) + n
        rows = sorted(districts.items(), key=lambda pair: (-pair[1], pair[0]))
    top = rows[0][1] if rows else 0
    table = [
        {"area": area or _("Not given"), "count": n, "percent": int(n * 100 / top) if top else 0}
        for area, n in rows
    ]
    return _render(
        request, "areas.html", petition, {"rows": table, "total": sum(n for _a, n in rows)}
    )


def trending(request, page_id):
    petition = _petition(request, page_id)
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = Signature.objects.of_petition(petition.pk).filter(created_at__gte=since)
    ips = list(recent.exclude(ip_address=None).top("ip_address"))
    domains = list(recent.top("email_domain"))
    return _render(
        request,
        "trending.html",
        petition,
        {
            "ips": ips,
            "domains": domains,
            "since": since,
            "total": recent.count(),
            "invalidate_url": reverse(
                "wagtail_participation_petitions_admin:invalidate", args=[petition.pk]
            ),
        },
    )


def invalidate(request, page_id):
    petition = _petition(request, page_id)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = InvalidateForm(data)
    matching = None
    held = 0
    if form.is_bound and form.is_valid():
        selected = form.filter(Signature.objects.of_petition(petition.pk)).exclude(
            validity=SignatureValidity.INVALIDATED
        )
        if (
            request.method == "POST"
            and request.POST.get("action") == "release"
            and form.is_confirmed()
        ):
            return _changed(
                request,
                petition,
                release_held(
                    petition, selected, user=request.user, conditions=form.describe_for_history()
                ),
                ngettext_lazy(
                    "%(count)s held signature now counts.",
                    "%(count)s held signatures now count.",
                    "count",
                ),
            )
        if request.method == "POST" and form.is_confirmed():
            return _changed(
                request,
                petition,
                invalidate_signatures(
                    petition, selected, user=request.user, conditions=form.describe_for_history()
                ),
                ngettext_lazy(
                    "%(count)s signature invalidated; the count is corrected.",
                    "%(count)s signatures invalidated; the count is corrected.",
                    "count",
                ),
            )
        if form.cleaned_data.get("confirm"):
            messages.warning(
                request, _("The conditions changed since the count: check the new count first.")
            )
        matching = selected.count()
        held = selected.filter(validity=SignatureValidity.HELD).count() if matching else 0
    return _render(
        request,
        "invalidate.html",
        petition,
        {
            "form": form,
            "matching": matching,
            "held": held,
            "fingerprint": form.fingerprint() if matching is not None else "",
            "invalidations": invalidations(petition),
        },
    )


def reject(request, page_id):
    petition = _petition(request, page_id)
    if petition.state in (PetitionState.REJECTED, PetitionState.HIDDEN):
        messages.info(request, _("This petition is already rejected."))
        return redirect(reverse("wagtailadmin_pages:edit", args=[petition.pk]))
    if request.method == "POST":
        form = RejectForm(request.POST)
        if form.is_valid():
            state = reject_petition(
                petition,
                form.cleaned_data["reason"],
                form.cleaned_data["details"],
                user=request.user,
            )
            messages.success(request, _rejected_message(state, creator_address(petition)))
            return redirect(reverse("wagtailadmin_pages:edit", args=[petition.pk]))
    else:
        form = RejectForm()
    return _render(request, "reject.html", petition, {"form": form})


def _rejected_message(state, address):
    """What the moderator is told after a rejection: the creator was emailed only if an email
    went (a petition staff started, or whose creator was forgotten, has nobody to email)."""
    if state == PetitionState.HIDDEN:
        if address:
            return _("Petition rejected and hidden. The creator was emailed the reason.")
        return _("Petition rejected and hidden. It has no creator to email.")
    if address:
        return _(
            "Petition rejected; it shows as rejected with the reason. The creator was emailed."
        )
    return _("Petition rejected; it shows as rejected with the reason. It has no creator to email.")


def unreject(request, page_id):
    """Undo a rejection: a confirmation (GET), then the petition returns to its state before."""
    petition = _petition(request, page_id)
    if petition.state not in (PetitionState.REJECTED, PetitionState.HIDDEN):
        messages.info(request, _("This petition is not rejected."))
        return redirect(reverse("wagtailadmin_pages:edit", args=[petition.pk]))
    if request.method == "POST":
        undo_rejection(petition, user=request.user)
        messages.success(
            request,
            _("The rejection is undone: the petition is %(state)s again.")
            % {"state": petition.get_state_display().lower()},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[petition.pk]))
    return _render(request, "unreject.html", petition, {})


@require_POST
def undo_invalidate(request, page_id, entry_id):
    """Undo one invalidation listed on the invalidation page: its signatures count again."""
    petition = _petition(request, page_id)
    restored = undo_invalidation(petition, entry_id, user=request.user)
    if not restored:
        messages.error(request, _("Nothing to undo: those signatures are not invalidated."))
        return redirect(
            reverse("wagtail_participation_petitions_admin:invalidate", args=[petition.pk])
        )
    return _changed(
        request,
        petition,
        restored,
        ngettext_lazy(
            "The invalidation is undone: %(count)s signature is restored.",
            "The invalidation is undone: %(count)s signatures are restored.",
            "count",
        ),
    )
