"""Open, upcoming and closed, decided by dates: the one place phases are worked out.

``phase_for`` takes two moments (a method page's ``opens_at`` and ``closes_at``: closed from
the closing moment on); ``phase_for_dates`` two calendar days (a project's start and end
dates, or one milestone's day: open all of its last day). Either end may be missing.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


def phase_for(
    opens_at: datetime.datetime | None,
    closes_at: datetime.datetime | None,
    now: datetime.datetime | None = None,
) -> Phase:
    """Return the Phase for an activity running from ``opens_at`` to ``closes_at``.

    Either date may be None: no opening date means open since ever, no closing
    date means open for good.
    """
    now = now or timezone.now()
    if opens_at and now < opens_at:
        return Phase.UPCOMING
    if closes_at and now >= closes_at:
        return Phase.CLOSED
    return Phase.OPEN


def phase_for_dates(
    start: datetime.date | None, end: datetime.date | None, today: datetime.date | None = None
) -> Phase:
    """The Phase of something running from day ``start`` to day ``end``, both included.

    ``today`` defaults to the current date in the active time zone. Either day may be None.
    One day (a milestone) is ``phase_for_dates(day, day)``.
    """
    today = today or timezone.localdate()
    if start and today < start:
        return Phase.UPCOMING
    if end and today > end:
        return Phase.CLOSED
    return Phase.OPEN
