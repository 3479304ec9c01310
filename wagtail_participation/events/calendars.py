"""Events as iCalendar (RFC 5545): one event's ``.ics`` file and the subscribable feeds.

Times are written in the site's time zone (``TIME_ZONE``) with its VTIMEZONE definition, so a
calendar shows 18:30 on the evening the council meant, on either side of a daylight-saving
change and in any other time zone. Needs the ``icalendar`` package (the ``events`` extra).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.conf import settings as django_settings
from django.utils import timezone
from django.utils.html import strip_tags

from wagtail_participation.core.links import base_url

PRODID = "-//wagtail-participation//events//EN"


def _local(value):
    return timezone.localtime(value, zoneinfo.ZoneInfo(django_settings.TIME_ZONE))


def _location(page: Any) -> str:
    if page.has_place and page.address:
        return " ".join(page.address.split())
    return ""


def calendar_for(pages: Iterable[Any], name: str = "", request: Any = None) -> bytes:
    """An iCalendar file of ``pages`` (event pages), ``name`` as the calendar's name."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    roots: dict[Any, str] = {}  # the site's address, looked up once per Wagtail Site
    for page in pages:
        event = icalendar.Event()
        event.add("uid", f"event-{page.translation_key}@wagtail-participation")
        event.add("summary", page.title)
        event.add("dtstart", _local(page.starts_at))
        event.add("dtend", _local(page.end))
        event.add("dtstamp", timezone.now())
        if page.last_published_at:
            event.add("last-modified", page.last_published_at)
        parts = page.get_url_parts(request)  # the request caches the sites' root paths
        if parts is not None and parts[2] is not None:
            if parts[0] not in roots:
                roots[parts[0]] = base_url(request, page)
            event.add("url", roots[parts[0]] + parts[2])
        location = _location(page)
        if location:
            event.add("location", location)
        description = " ".join(strip_tags(page.intro or "").split())
        if description:
            event.add("description", description)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
