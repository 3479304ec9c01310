"""What residents do with petitions: browse, read, sign, confirm, start one, support one.

Page views are called from the page routes with the page, so a site's own petition page
type gets them unchanged; the confirmation link, the supporters' link and the count
endpoint have URLs of their own (``wagtail_participation.petitions.urls``).
"""

from django.conf import settings as django_settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from wagtail_participation.core.antispam import client_ip, rate_limited
from wagtail_participation.core.cache_control import has_messages
from wagtail_participation.core.conf import settings as core_settings
from wagtail_participation.core.links import absolute_url
from wagtail_participation.core.page_privacy import page_is_viewable
from wagtail_participation.core.participants import get_participant
from wagtail_participation.core.phases import Phase
from wagtail_participation.core.policy import Action, decide, refuse
from wagtail_participation.core.preview import preview_context
from wagtail_participation.core.redirects import sign_in_redirect
from wagtail_participation.core.search import search, search_terms, similar
from wagtail_participation.core.translations import (
    activate_page_language,
    canonical_page_id,
    in_language,
)

from . import caches
from .caches import public_petition
from .conf import settings
from .counts import count_payload, public_count
from .forms import SignatureForm, StartPetitionForm
from .lifecycle import sponsor_path
from .lifecycle import start_petition as start_resident_petition
from .models import (
    PetitionState,
    PetitionTally,
    PublicStatus,
    get_petition,
    petition_by_sponsor_key,
)
from .signing import (
    ALREADY_SIGNED,
    InvalidConfirmation,
    confirm_signature,
    confirmation_refusal,
    proven_mailbox,
    sign_petition,
    sign_proven,
    signature_for_token,
    signs_as,
)


def _render(request, page, template, context, status=200):
    context = {"page": page, "self": page, "participant": get_participant(request), **context}
    return TemplateResponse(request, template, context, status=status)


def _is_anonymous(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not (hasattr(request, "session") and request.session.get(core_settings.SESSION_KEY))


def progress(petition, count):
    """The figures a progress bar needs (``PetitionPageMixin.progress``)."""
    return petition.progress(count)


# Index


def petition_index(request, index):
    status = request.GET.get("status", "")
    if status not in PublicStatus.values:
        status = ""
    query = search_terms(request.GET.get("q"))
    petitions = index.petitions().with_status(status)
    if query:  # searched among all published petitions, then filtered (the status needs dates)
        ids = [p.pk for p in search(index.petitions(), query)]
        petitions = petitions.filter(pk__in=ids)
    paginator = Paginator(petitions, core_settings.PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    counted_as = {p.pk: canonical_page_id(p) for p in page_obj}  # translations share a count
    tallies = PetitionTally.objects.signatures_of(set(counted_as.values()))
    cards = [
        {"petition": p, **progress(p, tallies.get(counted_as[p.pk], 0) + p.paper_signatures)}
        for p in page_obj
    ]
    filter_query = urlencode({k: v for k, v in (("status", status), ("q", query)) if v})
    return _render(
        request,
        index,
        index.get_template(request),
        {
            "cards": cards,
            "page_obj": page_obj,
            "paginator": paginator,
            "status": status,
            "query": query,
            "statuses": PublicStatus.choices,
            "filter_query": filter_query,
        },
    )


def find_similar(index, text, limit=5):
    """Open petitions like ``text`` (the ones a resident could sign instead of starting another):
    words being typed match as prefixes, then any word; stop words left out (core.search)."""
    return similar(index.petitions().signable(), text, limit)


def similar_petitions(request, index):
    """JSON for the start form's script: petitions like the request being typed."""
    results = find_similar(index, request.GET.get("q", ""))
    return JsonResponse({"results": [{"title": p.title, "url": p.url} for p in results]})


# A petition


def _shared_page_key(request, petition, name, count=""):
    """Key of a page as every anonymous visitor sees it, or None when this visitor's page may differ.

    Visitors with a session or flash messages may see something of their own; everyone else
    sees the same HTML for the same revision, state, phase, language, host (and count).
    """
    if request.method != "GET" or request.GET or not _is_anonymous(request):
        return None
    if django_settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return None
    if has_messages(request):  # a message kept elsewhere (another storage) or added by this request
        return None
    return caches.shared_page_key(petition, name, count, request.get_host())


def _holds_form(response):
    """Does this render hold one of our forms? Its token is used once (core.antispam): a render with
    one (a site's template that puts the sign form on the page) is never shared between visitors,
    or only the first of them could send the form."""
    if not getattr(response, "is_rendered", True):
        response.render()
    return b'name="form_rendered"' in response.content


def _shared(request, petition, key, render):
    """``render()``'s response, or the HTML kept under ``key`` for PETITION_PAGE_CACHE_SECONDS
    (``caches.shared_page``)."""
    if not key:
        return render()
    response = None

    def render_html():
        nonlocal response
        response = render()
        response.render()
        if _holds_form(response) or has_messages(request):  # a form's token, or a visitor's message
            return None
        return response.content

    html = caches.shared_page(petition.pk, key, render_html)
    return response if response is not None else HttpResponse(html)


def petition_detail(request, petition):
    if petition.state == PetitionState.HIDDEN:
        raise Http404
    count = public_count(petition)
    response = _shared(
        request,
        petition,
        _shared_page_key(request, petition, "page", count),
        lambda: _render(
            request,
            petition,
            petition.get_template(request),
            {
                "count": count,
                "progress": progress(petition, count),
                "count_url": reverse(
                    "wagtail_participation_petitions:count", args=[canonical_page_id(petition)]
                ),
                "closed": not petition.is_signable,
                "upcoming": petition.phase == Phase.UPCOMING,
            },
        ),
    )
    if (
        _is_anonymous(request)
        and request.method == "GET"
        and settings.PETITION_PAGE_CACHE_SECONDS
        and not _holds_form(response)
        and not has_messages(request)
    ):
        # The page holds no form and nothing personal: a CDN or the browser may keep it a little.
        # A page showing a visitor's message ("You are signed out") is theirs alone.
        patch_cache_control(response, public=True, max_age=settings.PETITION_PAGE_CACHE_SECONDS)
    return response


@never_cache
@rate_limited("petition_sign", "PETITION_SIGN_RATE_LIMITS")
def sign(request, petition):
    """The sign form on the petition's page (it posts to ``sign_by_id``; a POST here works too)."""
    return _sign(request, petition)


def _sign(request, petition):
    # Signatures over PETITION_IP_LIMITS or PETITION_DOMAIN_LIMITS are held for review, not
    # refused (a school or office shares one address); only far beyond them is the form refused.
    decision = decide(None, Action.SIGN, petition)  # anyone may sign an open petition (core.policy)
    if not decision:
        # Anyone may sign an open petition, so signing in never helps: the page says the petition
        # is closed (or not open yet) and links to it.
        return _render(
            request,
            petition,
            "wagtail_participation_petitions/sign_closed.html",
            {"reason": decision.reason, "upcoming": petition.phase == Phase.UPCOMING},
            status=403,
        )
    status = 200
    participant = get_participant(request)
    proven = proven_mailbox(participant) is not None
    if request.method == "POST":
        form = SignatureForm(request.POST, antispam_target=petition.pk, signed_in=proven)
        if form.is_valid():
            if signs_as(participant, form.cleaned_data["email"]):
                # Their mailbox is proven (signed in): counted now, no email to confirm.
                outcome = sign_proven(petition, form.cleaned_data, client_ip(request))
                messages.success(request, _signed_message(outcome))
                return redirect(petition.url or petition.sign_url)
            sign_petition(request, petition, form.cleaned_data, client_ip(request))
            return redirect("wagtail_participation_petitions:signed", petition_id=petition.pk)
        status = 400
    else:
        form = SignatureForm(
            initial=_signer_initial(participant), antispam_target=petition.pk, signed_in=proven
        )
    return _render(
        request,
        petition,
        "wagtail_participation_petitions/sign.html",
        {"form": form, "signs_at_once": proven},
        status=status,
    )


def _signer_initial(participant):
    """The sign and support forms, filled in for a signed-in resident with an address."""
    if participant is None or not participant.email:
        return {}
    return {"email": participant.email, "name": participant.display_name}


def _signed_message(outcome):
    if outcome == ALREADY_SIGNED:
        return _("You have already signed this petition with this email address.")
    return _(
        "Thank you for signing. Your signature counts: the count on this page goes up within a "
        "few seconds."
    )


def sign_preview(request, petition):
    """The sign form as Wagtail's preview shows it: sending it shows it again, signs nothing."""
    context = preview_context(request, "sign")
    form = SignatureForm(antispam_target=petition.pk)
    return _render(
        request, petition, "wagtail_participation_petitions/sign.html", {**context, "form": form}
    )


def _public_petition(request, petition_id):
    """A published petition by id, for the URLs outside the page tree (as Wagtail would serve it).

    These URLs spare each signature Wagtail's page routing, the largest part of their cost.
    A petition behind a view restriction (password, login, groups) is only signed on its page.
    """
    found = public_petition(petition_id)
    if found is None:
        raise Http404
    petition, restricted = found
    if petition.state == PetitionState.HIDDEN:
        raise Http404
    if restricted and not page_is_viewable(petition, request):
        raise Http404
    activate_page_language(petition, request)  # as on its page (core.translations)
    return petition


@never_cache
@rate_limited("petition_sign", "PETITION_SIGN_RATE_LIMITS")
def sign_by_id(request, petition_id):
    """Where the sign form posts (GET goes to the form on the petition's page)."""
    petition = _public_petition(request, petition_id)
    if request.method != "POST":
        return redirect(petition.sign_url)
    return _sign(request, petition)


def signed_by_id(request, petition_id):
    return signed(request, _public_petition(request, petition_id))


def signed(request, petition):
    """The same screen for a first signature and a repeat: nobody learns who signed (and, being
    the same for every anonymous signer, it is rendered once and shared)."""
    return _shared(
        request,
        petition,
        _shared_page_key(request, petition, "signed"),
        lambda: _render(
            request,
            petition,
            "wagtail_participation_petitions/signed.html",
            {
                "hours": settings.PETITION_CONFIRM_LINK_MAX_AGE // 3600,
                "link_max_age": settings.PETITION_CONFIRM_LINK_MAX_AGE,
            },
        ),
    )


def _confirm_invalid(request, petition, reason, status=None):
    """The page for a confirmation link that confirms nothing: a ``LinkError`` (with its
    status) or the refusal of a petition that takes no more signatures (410)."""
    return _render(
        request,
        petition,
        "wagtail_participation_petitions/confirm_invalid.html",
        {"reason": reason, "petition": petition},
        status=status or reason.status_code,
    )


@never_cache
def confirm(request, token):
    try:
        signature = signature_for_token(token)
    except InvalidConfirmation as error:
        petition = get_petition(pk=error.signature.petition_id) if error.signature else None
        return _confirm_invalid(request, petition, error.reason)
    found = public_petition(signature.petition_id)  # a supporter's petition is not live yet
    petition = found[0] if found else get_petition(pk=signature.petition_id)
    if petition is None:
        raise Http404
    # The petition as the signer read it: its translation in the language they signed in.
    petition = in_language(petition, signature.language)
    activate_page_language(petition, request)
    reason = confirmation_refusal(signature, petition)
    if reason:
        return _confirm_invalid(request, petition, reason, status=410)
    if request.method == "POST":
        try:
            confirm_signature(signature)
        except InvalidConfirmation as error:  # confirmed meanwhile (a second click): used
            return _confirm_invalid(request, petition, error.reason)
        return _render(
            request,
            petition,
            "wagtail_participation_petitions/confirmed.html",
            {
                "petition": petition,
                "signature": signature,
                "sponsor_url": _sponsor_url(petition) if signature.sponsor else "",
            },
        )
    return _render(
        request,
        petition,
        "wagtail_participation_petitions/confirm.html",
        {"petition": petition, "signature": signature},
    )


def count(request, petition_id):
    """The light count endpoint: cached, no session, no template."""
    payload = count_payload(petition_id)
    if payload is None or not payload["public"]:
        raise Http404
    response = JsonResponse(
        {
            "count": payload["signatures"] + payload["paper"],
            "signatures": payload["signatures"],
            "paper": payload["paper"],
        }
    )
    patch_cache_control(response, public=True, max_age=min(5, settings.PETITION_PAGE_CACHE_SECONDS))
    return response


# Residents' own petitions


_sponsor_url = sponsor_path


@never_cache  # the form carries the resident's name (issue 14: private, no-store)
@rate_limited("petition_start")
def start_petition(request, index):
    if not index.allow_resident_petitions:
        raise Http404
    participant = get_participant(request)
    decision = decide(participant, Action.CONTRIBUTE, index)  # a verified mailbox (core.policy)
    if not decision and decision.sign_in_helps:
        messages.info(
            request, _("Please confirm your email address first: we send you a link to sign in.")
        )
        return sign_in_redirect(index.start_url)
    if not decision:
        # A site user whose address the site has not verified (USER_EMAIL_VERIFIED): signing in by
        # email link would not change who they are here.
        return refuse(request, decision, page=index)
    status = 200
    similar = []
    if request.method == "POST":
        form = StartPetitionForm(request.POST, antispam_target=index.pk)
        if form.is_valid():
            petition = start_resident_petition(
                index, participant, form.cleaned_data, client_ip(request), request=request
            )
            return redirect(_sponsor_url(petition))
        status = 400
        similar = find_similar(index, form.data.get("request", ""))
    else:
        form = StartPetitionForm(
            initial={"name": participant.display_name}, antispam_target=index.pk
        )
    return _render(
        request,
        index,
        "wagtail_participation_petitions/start.html",
        {
            "form": form,
            "similar": similar,
            "similar_url": index.url + index.reverse_subpage("similar"),
            "sponsors_required": settings.PETITION_SPONSORS_REQUIRED,
        },
        status=status,
    )


@never_cache
@rate_limited("petition_sign", "PETITION_SIGN_RATE_LIMITS")
def sponsor(request, key):
    petition = petition_by_sponsor_key(key)
    if petition is None or petition.state == PetitionState.HIDDEN:
        raise Http404
    participant = get_participant(request)
    is_creator = participant is not None and participant.pk == petition.creator_id
    needed = settings.PETITION_SPONSORS_REQUIRED
    sponsors = PetitionTally.objects.sponsors_of(canonical_page_id(petition))
    context = {
        "petition": petition,
        "is_creator": is_creator,
        "needed": needed,
        "sponsors": min(sponsors, needed),
        "link": absolute_url(_sponsor_url(petition), request, page=petition),
        "collecting": petition.state == PetitionState.SPONSORING,
    }
    status = 200
    form = None
    proven = proven_mailbox(participant) is not None
    context["signs_at_once"] = proven
    if context["collecting"] and not is_creator:
        if request.method == "POST":
            form = SignatureForm(
                request.POST, antispam_target=f"support:{petition.pk}", signed_in=proven
            )
            if form.is_valid():
                if signs_as(participant, form.cleaned_data["email"]):
                    outcome = sign_proven(
                        petition, form.cleaned_data, client_ip(request), sponsor=True
                    )
                    return _render(
                        request,
                        petition,
                        "wagtail_participation_petitions/confirmed.html",
                        {
                            "petition": petition,
                            "signature": {"sponsor": True},
                            "already": outcome == ALREADY_SIGNED,
                        },
                    )
                sign_petition(
                    request, petition, form.cleaned_data, client_ip(request), sponsor=True
                )
                return _render(
                    request,
                    petition,
                    "wagtail_participation_petitions/signed.html",
                    {
                        "hours": settings.PETITION_CONFIRM_LINK_MAX_AGE // 3600,
                        "link_max_age": settings.PETITION_CONFIRM_LINK_MAX_AGE,
                        "sponsor": True,
                    },
                )
            status = 400
        else:
            form = SignatureForm(
                initial=_signer_initial(participant),
                antispam_target=f"support:{petition.pk}",
                signed_in=proven,
            )
    context["form"] = form
    return _render(
        request, petition, "wagtail_participation_petitions/sponsor.html", context, status=status
    )
