"""Issue 24.9: the back office's listings are readable in the installed Wagtail (8 or 7): each
page is titled as its menu item, with breadcrumbs, filters an editor understands, and columns
wide enough for their words (no heading or word cut or overflowing its cell)."""

import io
import os
import re

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LISTINGS = {
    "/admin/wagtail_participation/contribution/": "Moderation queue",
    "/admin/wagtail_participation/report/": "Reported contributions",
    "/admin/wagtail_participation/participant/": "Participants",
    "/admin/wagtail_participation_ideas/idea/": "Ideas",
    "/admin/wagtail_participation/outgoingemail/": "Outbox",
    "/admin/participation/petitions/": "Petitions",
    "/admin/participation/surveys/": "Surveys",
}

#: Filter headings that name a database field rather than what an editor looks for.
FIELD_NAMES = ("verified at", "resolved at", "is paper", "By waiting", "moderation state")

#: Cells whose content is wider than the cell (a word overflowing or cut), by listing.
OVERFLOWING = """() => [...document.querySelectorAll('table.listing th, table.listing td')]
    .filter(cell => cell.offsetParent !== null)
    .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
    .map(cell => cell.textContent.trim().slice(0, 40))"""

#: Cells whose words a narrow column would break anywhere ("budg/et propo/sal"): a word may
#: only wrap at its edges (or, longer than the table, overflow-wrap it).
BREAKING = """() => [...document.querySelectorAll('table.listing th, table.listing td')]
    .filter(cell => cell.offsetParent !== null)
    .filter(cell => ['break-all', 'break-word'].includes(getComputedStyle(cell).wordBreak)
        || getComputedStyle(cell).overflowWrap === 'anywhere')
    .map(cell => cell.textContent.trim().slice(0, 40))"""


@pytest.fixture
def staff(live_server, new_page, django_user_model):
    call_command("load_demo_content", stdout=io.StringIO())
    django_user_model.objects.create_superuser("boss", "boss@example.org", "pw-for-tests")
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "pw-for-tests")
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def test_listings_are_readable(staff, live_server):
    shots = os.environ.get("WP_SCREENSHOTS")
    for path, title in LISTINGS.items():
        staff.goto(live_server.url + path)
        if shots:
            staff.screenshot(
                path=f"{shots}/{path.strip('/').replace('/', '_')}.png", full_page=True
            )
        assert staff.title().startswith(title), path
        assert staff.locator("h1").first.text_content().strip().startswith(title), path
        assert staff.evaluate(OVERFLOWING) == [], path
        assert staff.evaluate(BREAKING) == [], path
        breadcrumbs = staff.get_by_role("navigation", name="Breadcrumb")
        assert breadcrumbs.count() == 1, path
        assert "Participation" in breadcrumbs.text_content(), path
        filters = " ".join(staff.locator(".changelist-filter").all_text_contents())
        assert not [name for name in FIELD_NAMES if name in filters], (path, filters)
