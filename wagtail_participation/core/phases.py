"""Open, upcoming and closed, decided by a page's dates."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


def phase_for(opens_at, closes_at, now=None):
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
