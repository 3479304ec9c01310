"""What residents do with an event: read it, register, cancel, add it to a calendar.

Plain functions called from ``EventPageMixin``'s and ``EventIndexPage``'s routes with the
page, so a site's own event page type gets them unchanged. Thin: parse, ask ``core.policy``,
call one service, redirect.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime

from django.contrib import messages
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail_participation.core.antispam import rate_limited
from wagtail_participation.core.cache_control import mark_private
from wagtail_participation.core.caches import cache_get, cache_set
from wagtail_participation.core.conf import settings as core_settings
from wagtail_participation.core.participants import get_participant
from wagtail_participation.core.policy import Reason, decide, refuse
from wagtail_participation.core.redirects import sign_in_redirect

from . import services
from .calendars import calendar_for
from .conf import settings
from .forms import CancelForm, RegistrationForm
from .models import REGISTER, EventPage, Registration

TEMPLATES = "wagtail_participation_events/"


def _render(request, page, template, context, status=200):
    context = {"page": page, "self": page, "participant": get_participant(request), **context}
    return TemplateResponse(request, TEMPLATES + template, context, status=status)


def _registration_form(page, participant, data=None):
    initial = {"name": participant.display_name} if participant else {}
    return RegistrationForm(data, initial=initial, page=page)


def event_page(request, page, form=None, status=200):
    participant = get_participant(request)
    mine = (
        Registration.objects.on_event(page).active().of(participant).first()
        if participant is not None
        else None
    )
    decision = decide(participant, REGISTER, page, request=request)
    may_register = decision.allowed and mine is None
    response = _render(
        request,
        page,
        "event_page.html",
        {
            "registration": mine,
            "decision": decision,
            "may_register": may_register,
            # The form (and its anti-spam token) only for a resident who may register.
            "form": form or (_registration_form(page, participant) if may_register else None),
            "places_left": page.places_left(),
            "cancel_form": CancelForm() if mine else None,
        },
        status=status,
    )
    if mine is not None or participant is not None:
        mark_private(response)  # the resident's own registration and online link
    return response


@rate_limited("event_register")
def register(request, page):
    if request.method != "POST":
        return redirect(page.url)
    participant = get_participant(request)
    decision = decide(participant, REGISTER, page, request=request)
    if not decision:
        if decision.reason in (Reason.SIGN_IN_REQUIRED, Reason.VERIFIED_EMAIL_REQUIRED):
            return sign_in_redirect(page.url)
        return refuse(request, decision, page=page)
    form = _registration_form(page, participant, request.POST)
    if not form.is_valid():
        return event_page(request, page, form=form, status=400)
    try:
        registration, created = services.register(
            page,
            participant,
            guests=form.cleaned_data.get("guests") or 0,
            name=form.cleaned_data["name"],
            answers=form.answers,
        )
    except services.RegistrationRefused as refused:
        form.add_error("guests" if "guests" in form.fields else None, refused.message)
        return event_page(request, page, form=form, status=400)
    if not created:
        messages.info(request, _("You have already registered for this event."))
    elif registration.is_registered:
        messages.success(
            request, _("You are registered. We have emailed you the details and a cancel link.")
        )
    else:
        messages.success(
            request,
            _(
                "The event is full, so you are on the waiting list. We will email you if a "
                "place becomes free."
            ),
        )
    return redirect(page.url)


def _registration_for_key(page, key):
    registration = Registration.objects.on_event(page).filter(key=key).first()
    if registration is None:
        raise Http404
    return registration


@rate_limited("event_cancel")
def cancel(request, page, key):
    """The cancel link of every email (no sign-in needed: the key is the resident's)."""
    registration = _registration_for_key(page, key)
    if request.method == "POST":
        form = CancelForm(request.POST)
        if form.is_valid():
            services.cancel(registration)
            messages.success(
                request, _("Your registration is cancelled. Thank you for telling us.")
            )
            return redirect(page.url)
    else:
        form = CancelForm()
    response = _render(request, page, "cancel.html", {"registration": registration, "form": form})
    return mark_private(response)


def event_ics(request, page):
    response = HttpResponse(calendar_for([page], request=request), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{page.slug}.ics"'
    return response


def _events_below(index):
    return EventPage.objects.live().public().descendant_of(index).order_by("starts_at", "pk")


def _filters(request, index):
    """The topic and area chosen in the listing's filter form (None: all), and the choices."""
    from wagtail_participation.projects.models import Area, Topic

    topics = list(Topic.objects.filter(locale=index.locale))
    areas = list(Area.objects.filter(locale=index.locale))
    topic = next((t for t in topics if t.slug == request.GET.get("topic")), None)
    area = next((a for a in areas if a.slug == request.GET.get("area")), None)
    return topics, areas, topic, area


def event_index(request, index):
    now = timezone.now()
    events = _events_below(index)
    topics, areas, topic, area = _filters(request, index)
    if topic is not None:
        events = events.filter(topics=topic)
    if area is not None:
        events = events.filter(areas=area)
    today = timezone.localdate()
    return TemplateResponse(
        request,
        TEMPLATES + "event_index_page.html",
        {
            "page": index,
            "self": index,
            "upcoming": events.filter(starts_at__gte=now)[:50],
            "past": events.filter(starts_at__lt=now).order_by("-starts_at")[:20],
            "month_url": index.url + index.reverse_subpage("month", args=[today.year, today.month]),
            "topics": topics,
            "areas": areas,
            "selected_topic": topic,
            "selected_area": area,
            "filtered": topic is not None or area is not None,
        },
    )


def month(request, index, year, month):
    if not (1 <= month <= 12 and 1900 <= year <= 9999):
        raise Http404
    first = datetime.date(year, month, 1)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    end = datetime.datetime.combine(following, datetime.time.min, tzinfo=tz)
    events = list(_events_below(index).filter(starts_at__gte=start, starts_at__lt=end))
    by_day: dict[int, list] = {}
    for event in events:
        by_day.setdefault(timezone.localtime(event.starts_at).day, []).append(event)
    weeks = [
        [(day, by_day.get(day, [])) if day else (None, []) for day in week]
        for week in month_calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
    ]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    return TemplateResponse(
        request,
        TEMPLATES + "month.html",
        {
            "page": index,
            "self": index,
            "month": first,
            "weeks": weeks,
            "events": events,
            "previous_url": index.url
            + index.reverse_subpage("month", args=[previous.year, previous.month]),
            "next_url": index.url
            + index.reverse_subpage("month", args=[following.year, following.month]),
            "weekdays": [datetime.date(2024, 1, day) for day in range(1, 8)],  # Monday first
        },
    )


def feed(request, index):
    """The index's events as a calendar feed, cached until an event below it changes."""
    events = _events_below(index)
    state = events.aggregate(count=Count("pk"), changed=Max("last_published_at"))
    key = f"wp-events-feed:{index.pk}:{translation.get_language()}:{state['count']}:" + (
        state["changed"].isoformat() if state["changed"] else ""
    )
    content = cache_get(core_settings.CACHE, key, then="the feed is made afresh")
    if content is None:
        latest = events.order_by("-starts_at")[: settings.EVENT_FEED_LIMIT]
        content = calendar_for(latest, name=index.title, request=request)
        cache_set(core_settings.CACHE, key, content, settings.EVENT_FEED_CACHE_SECONDS)
    response = HttpResponse(content, content_type="text/calendar")
    response["Content-Disposition"] = f'inline; filename="{index.slug}.ics"'
    return response
