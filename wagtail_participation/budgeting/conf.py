"""Settings of participatory budgets, with their defaults.

Read them as ``from wagtail_participation.budgeting.conf import settings`` then
``settings.BUDGET_CURRENCY``; the Django setting is the name prefixed with
``WAGTAIL_PARTICIPATION_`` (``WAGTAIL_PARTICIPATION_BUDGET_CURRENCY``). Checked in ``checks.py``.
"""

from wagtail_participation.core.conf import PREFIX, AppSettings

DEFAULTS = {
    # The currency a new budget page starts with (an ISO 4217 code, such as "GBP" or "EUR");
    # editors may change it per page.
    "BUDGET_CURRENCY": "GBP",
    # The longest title and description of a resident's proposal, in characters.
    "BUDGET_PROPOSAL_TITLE_MAX_LENGTH": 120,
    "BUDGET_PROPOSAL_DESCRIPTION_MAX_LENGTH": 3000,
    # The largest photo a resident may attach to a proposal, in bytes.
    "BUDGET_PHOTO_MAX_BYTES": 5 * 1024 * 1024,
    # How many proposals one resident may make on one budget (None: no limit).
    "BUDGET_PROPOSALS_PER_RESIDENT": 10,
    # Seconds the public results of a closed vote are kept in the cache (0: counted each time).
    # A ballot entered after closing (a paper ballot) clears them at once.
    "BUDGET_RESULTS_CACHE_SECONDS": 600,
    # Email residents a receipt of their ballot (through core's outbox).
    "BUDGET_BALLOT_RECEIPT_EMAIL": True,
    # The country written in the .pb download's META (pabulib requires one), such as
    # "United Kingdom".
    "BUDGET_PB_COUNTRY": "United Kingdom",
}

settings = AppSettings(PREFIX, DEFAULTS)
