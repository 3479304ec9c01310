"""Settings of events and meetings, with their defaults.

Read them as ``from wagtail_participation.events.conf import settings`` then
``settings.EVENT_REMINDER_HOURS``; the Django setting is the name prefixed with
``WAGTAIL_PARTICIPATION_`` (``WAGTAIL_PARTICIPATION_EVENT_REMINDER_HOURS``). Checked in
``checks.py``.
"""

from wagtail_participation.core.conf import PREFIX, AppSettings

DEFAULTS = {
    # How many hours before an event its registered attendees get a reminder (0: none).
    "EVENT_REMINDER_HOURS": 24,
    # Days after an event its registrations keep the attendees' names and addresses; then
    # they are anonymised (the counts stay). None keeps them.
    "EVENT_ANONYMISE_AFTER_DAYS": 90,
    # The most events one calendar feed (a project's or the site's) lists.
    "EVENT_FEED_LIMIT": 1000,
    # Seconds a calendar feed is kept in the cache; any event published, unpublished or
    # deleted below its index makes a new one at once.
    "EVENT_FEED_CACHE_SECONDS": 3600,
}

settings = AppSettings(PREFIX, DEFAULTS)
