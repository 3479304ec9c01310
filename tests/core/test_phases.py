"""Phases, worked out in one place (core.phases)."""

import datetime

from django.utils import timezone

from wagtail_participation.core.phases import Phase, phase_for, phase_for_dates

DAY = datetime.date(2030, 5, 10)


def test_phase_for_dates_includes_both_days():
    assert (
        phase_for_dates(
            DAY, DAY + datetime.timedelta(days=2), today=DAY - datetime.timedelta(days=1)
        )
        == Phase.UPCOMING
    )
    assert phase_for_dates(DAY, DAY + datetime.timedelta(days=2), today=DAY) == Phase.OPEN
    assert (
        phase_for_dates(
            DAY, DAY + datetime.timedelta(days=2), today=DAY + datetime.timedelta(days=2)
        )
        == Phase.OPEN
    )
    assert (
        phase_for_dates(
            DAY, DAY + datetime.timedelta(days=2), today=DAY + datetime.timedelta(days=3)
        )
        == Phase.CLOSED
    )
    assert phase_for_dates(None, None, today=DAY) == Phase.OPEN


def test_one_day_is_open_on_that_day_only():
    assert [
        phase_for_dates(DAY, DAY, today=DAY + datetime.timedelta(days=n)) for n in (-1, 0, 1)
    ] == [Phase.UPCOMING, Phase.OPEN, Phase.CLOSED]


def test_phase_for_moments_closes_at_the_closing_moment():
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    assert phase_for(now + hour, None, now=now) == Phase.UPCOMING
    assert phase_for(None, now, now=now) == Phase.CLOSED
    assert phase_for(now - hour, now + hour, now=now) == Phase.OPEN
    assert phase_for(None, None) == Phase.OPEN
    assert phase_for_dates(timezone.localdate(), None) == Phase.OPEN
