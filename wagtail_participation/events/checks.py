"""System checks of the events app's settings."""

from django.core import checks

from .conf import settings


@checks.register()
def check_event_settings(app_configs, **kwargs):
    errors = []
    hours = settings.EVENT_REMINDER_HOURS
    if not isinstance(hours, int) or isinstance(hours, bool) or hours < 0:
        errors.append(
            checks.Error(
                "WAGTAIL_PARTICIPATION_EVENT_REMINDER_HOURS must be a whole number of hours, "
                "0 or more.",
                id="wagtail_participation_events.E001",
            )
        )
    days = settings.EVENT_ANONYMISE_AFTER_DAYS
    if days is not None and (not isinstance(days, int) or isinstance(days, bool) or days < 0):
        errors.append(
            checks.Error(
                "WAGTAIL_PARTICIPATION_EVENT_ANONYMISE_AFTER_DAYS must be None or a whole "
                "number of days, 0 or more.",
                id="wagtail_participation_events.E002",
            )
        )
    try:
        import icalendar  # noqa: F401
    except ImportError:
        errors.append(
            checks.Error(
                "Events need the icalendar package for their calendar files.",
                hint='pip install "wagtail-participation[events]"',
                id="wagtail_participation_events.E003",
            )
        )
    return errors
