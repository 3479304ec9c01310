"""Settings of the one-question pages, with their defaults.

Read them as ``from .conf import settings`` then ``settings.ONEQUESTION_MAX_ANSWER_LENGTH``;
the Django setting is the name prefixed with ``WAGTAIL_PARTICIPATION_``
(``WAGTAIL_PARTICIPATION_ONEQUESTION_MAX_ANSWER_LENGTH``). Checked in ``checks.py``.
"""

from wagtail_participation.core.conf import PREFIX, AppSettings

DEFAULTS = {
    # The longest answer a resident may give, in characters (1 to 5000).
    "ONEQUESTION_MAX_ANSWER_LENGTH": 500,
    # Email residents a copy of their answer (through core's outbox) when they give one.
    "ONEQUESTION_CONFIRMATION_EMAIL": True,
    # Days an answer keeps the neighbourhood its author gave; the daily participation_retention
    # command clears older ones (the answer stays).
    "ONEQUESTION_NEIGHBOURHOOD_KEEP_DAYS": 365,
}

settings = AppSettings(PREFIX, DEFAULTS)
