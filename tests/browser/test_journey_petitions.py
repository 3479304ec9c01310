"""Issue 4's journey: a resident's petition from supporters through the workflow to the council's answer.

"A resident starts a petition, two sponsors support it, a moderator approves it in the
workflow, three residents sign and confirm by email links, the count shows 3 plus paper
signatures, staff publish a response and each opted-in signer gets exactly one email."
"""

import datetime
import re

import pytest
from django.core import mail

from tests.petitions.test_lifecycle import ensure_workflow

from .test_journey_comments import sign_in_by_email
from .test_journey_ideas import admin_login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REQUEST = "Light the towpath between the two bridges"
CONFIRM_LINK = re.compile(r"https?://\S+/petitions/confirm/\S+/")
PAPER = 10


def confirm_link(email):
    """The newest confirmation link emailed to ``email``."""
    for message in reversed(mail.outbox):
        if email in message.to and CONFIRM_LINK.search(message.body):
            return CONFIRM_LINK.search(message.body).group(0)
    raise AssertionError(f"no confirmation link emailed to {email}")


def fill_signature(page, name, email, postcode, wants_updates=True):
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your email address").fill(email)
    page.get_by_label("Your postcode").fill(postcode)
    updates = page.get_by_label(re.compile("email me when the council responds", re.I))
    updates.check() if wants_updates else updates.uncheck()


def confirm_by_email(page, email, button):
    """Follow the link from the email and press the confirm button, as the email asks."""
    page.goto(confirm_link(email))
    page.get_by_role("button", name=button).click()
    page.get_by_role("heading", name=re.compile("^Thank you for", re.I)).wait_for()


def wait_for_count(page, live_server, petition, expected):
    """The count is a task's tally, cached: poll the JSON endpoint until it catches up."""
    url = f"{live_server.url}/participation/petitions/{petition.pk}/count.json"
    data = None
    for _attempt in range(50):
        data = page.request.get(url, headers={"Cache-Control": "no-cache"}).json()
        if data["count"] == expected:
            return data
        page.wait_for_timeout(100)
    raise AssertionError(f"count.json still says {data}, expected {expected}")


def test_petition_journey(live_server, new_page, django_user_model, settings):
    from wagtail.models import WorkflowState

    from tests.petitions.factories import make_petition_index
    from wagtail_participation.petitions.models import PetitionPage, PetitionState, Signature

    settings.WAGTAIL_PARTICIPATION_PETITION_SPONSORS_REQUIRED = 2
    # Wagtail's editor autosaves every 500 ms; on a busy test machine two autosaves overlap, the
    # second finds the first's revision newer and pauses autosave, and Publish then asks for
    # confirmation. Staff publishing is what this journey tests: switch autosave off.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    ensure_workflow()  # a transactional test's flush may have removed Wagtail's default workflow
    index = make_petition_index(title="Petitions", slug="petitions")

    # 1. A resident signs in by email link, starts a petition and gets the supporters' link.
    creator = new_page()
    sign_in_by_email(creator, live_server, "ann@example.org", "Ann", index.url)
    assert creator.url.endswith(index.url)
    creator.get_by_role("link", name="Start a petition").click()
    creator.get_by_label("What do you want the council to do?").fill(REQUEST)
    creator.get_by_label("Why?").fill(
        "It is pitch dark after five in winter and people walk home there."
    )
    creator.get_by_label("Your name").fill("Ann Starter")
    creator.get_by_label("Your postcode").fill("rb1 1aa")
    creator.get_by_role("button", name="Create my petition").click()
    creator.get_by_role("heading", name="Your petition").wait_for()
    petition = PetitionPage.objects.get(request=REQUEST)
    assert petition.state == PetitionState.SPONSORING and not petition.live
    creator.get_by_text("0 of 2 supporters so far.").wait_for()
    sponsor_link = creator.get_by_label("Link for supporters").input_value()
    assert str(petition.sponsor_key) in sponsor_link
    assert new_page().goto(live_server.url + (petition.url or "/petitions/nothing/")).status == 404

    # 2. Two supporters open the link, fill in the form and confirm by the links emailed to them.
    for n, wants_updates in ((1, True), (2, False)):
        sponsor = new_page()
        sponsor.goto(sponsor_link)
        sponsor.get_by_role("heading", name="Support this petition").wait_for()
        fill_signature(
            sponsor, f"Sponsor {n}", f"sponsor{n}@example.org", f"RB1 {n}AB", wants_updates
        )
        sponsor.get_by_role("button", name="Support", exact=True).click()
        sponsor.get_by_role("heading", name="Check your email").wait_for()
        confirm_by_email(sponsor, f"sponsor{n}@example.org", "Confirm my support")
    petition.refresh_from_db()
    assert petition.state == PetitionState.MODERATION and not petition.live
    workflow_state = WorkflowState.objects.get(object_id=str(petition.pk))
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    creator.reload()
    creator.get_by_text(re.compile("has enough supporters", re.I)).wait_for()

    # 3. A moderator approves it in Wagtail's workflow, from the dashboard's review list.
    moderator = new_page()
    admin_login(moderator, live_server, django_user_model)
    moderator.goto(f"{live_server.url}/admin/")
    awaiting = moderator.get_by_role("region", name="Awaiting your review")
    awaiting.get_by_role("link", name=REQUEST).click()
    moderator.wait_for_url(re.compile(rf"/admin/pages/{petition.pk}/edit/"))
    footer_action(moderator, "Approve and Publish")
    moderator.get_by_text(re.compile(rf"{REQUEST}' has been updated")).wait_for()
    petition.refresh_from_db()
    assert petition.live and petition.state == PetitionState.OPEN
    assert WorkflowState.objects.get(pk=workflow_state.pk).status == WorkflowState.STATUS_APPROVED
    assert any("is published" in m.subject for m in mail.outbox if "ann@example.org" in m.to)

    # 4. Three residents sign on the public page and confirm by email: two ask for updates,
    # one does not; one of them has JavaScript off (a plain form post and redirect).
    for n, wants_updates, javascript in ((1, True, True), (2, True, False), (3, False, True)):
        resident = new_page(javascript=javascript)
        resident.goto(live_server.url + petition.url)
        resident.get_by_role("link", name="Sign this petition").click()
        resident.get_by_role("heading", name="Sign this petition").wait_for()
        fill_signature(
            resident, f"Resident {n}", f"resident{n}@example.org", f"RB2 {n}CD", wants_updates
        )
        resident.get_by_role("button", name="Sign", exact=True).click()
        resident.get_by_role("heading", name="Check your email").wait_for()
        confirm_by_email(resident, f"resident{n}@example.org", "Confirm my signature")
        assert resident.get_by_text("We will email you when the council responds.").count() == int(
            wants_updates
        )

    # 5. The count: the creator signed when starting it and each confirmed supporter's support
    # is a signature, so 3 are counted before anyone signs on the public page; the three new
    # signatures come on top of them (6), and the paper signatures staff add on top of that.
    assert Signature.objects.counted().filter(petition_id=petition.pk).count() == 6
    wait_for_count(moderator, live_server, petition, 6)
    moderator.goto(f"{live_server.url}/admin/pages/{petition.pk}/edit/")
    fill_field(moderator, "Paper signatures", str(PAPER))
    publish(moderator)
    assert wait_for_count(moderator, live_server, petition, 3 + 3 + PAPER) == {
        "count": 3 + 3 + PAPER,
        "signatures": 6,
        "paper": PAPER,
    }
    visitor = new_page()
    visitor.goto(live_server.url + petition.url)
    assert visitor.locator("[data-wp-petition-count]").inner_text() == str(3 + 3 + PAPER)
    visitor.get_by_text(f"Including {PAPER} signatures on paper.").wait_for()

    # 6. Staff publish the council's response: each signer who asked for updates gets one email.
    mail.outbox.clear()
    moderator.goto(f"{live_server.url}/admin/pages/{petition.pk}/edit/")
    fill_field(moderator, "Response date", datetime.date.today().isoformat())
    write_rich_text(
        moderator, "response", "We will put up solar lamps along the towpath this autumn."
    )
    publish(moderator)
    petition.refresh_from_db()
    assert "solar lamps" in petition.response and petition.response_date == datetime.date.today()
    responded = [m for m in mail.outbox if "has responded" in m.subject]
    # One email each to the creator, the supporter and the two residents who asked for updates;
    # none to the supporter and the resident who did not.
    assert sorted(address for m in responded for address in m.to) == [
        "ann@example.org",
        "resident1@example.org",
        "resident2@example.org",
        "sponsor1@example.org",
    ]
    # The link to the petition starts with the configured address (here the live server's).
    assert all(
        "solar lamps" in m.body and live_server.url + petition.url in m.body for m in responded
    )

    # Publishing again (or anything else staff save) sends nobody a second email.
    moderator.goto(f"{live_server.url}/admin/pages/{petition.pk}/edit/")
    publish(moderator)
    assert len([m for m in mail.outbox if "has responded" in m.subject]) == 4
    visitor = new_page()
    visitor.goto(live_server.url + petition.url)
    visitor.get_by_role("heading", name="The council's response").wait_for()
    visitor.get_by_text("We will put up solar lamps along the towpath this autumn.").wait_for()


def publish(page):
    footer_action(page, "Publish")
    page.get_by_text(f"'{REQUEST}' has been published").wait_for()


def footer_action(page, name):
    """Press an action of the page editor's footer (Publish, Approve...), opening its menu if needed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    button = page.get_by_role("button", name=name, exact=True)
    toggle = page.locator(
        "footer [data-w-dropdown-target=toggle], .footer [data-w-dropdown-target=toggle]"
    ).first
    for _attempt in range(3):  # the menu opens once the editor's scripts are ready
        if button.is_visible():
            break
        toggle.click()
        try:
            button.wait_for(state="visible", timeout=3000)
        except PlaywrightTimeout:
            continue
    button.click()


def show_field(page, locator):
    """Open the editor's tab that holds ``locator``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for tab in [None, *page.get_by_role("tab").all()]:
        if tab is not None:
            tab.click()
        try:
            locator.wait_for(state="visible", timeout=1000)
            return locator
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"no tab of the page editor shows {locator}")


def fill_field(page, label, value):
    show_field(page, page.locator("input").and_(page.get_by_label(label))).fill(value)
    page.keyboard.press("Escape")  # close a date picker


def write_rich_text(page, name, text):
    """Type into the Draftail editor of the field ``name`` and leave it, so it writes to the form."""
    editor = page.locator(f"[data-field-input]:has([name={name}]) [contenteditable=true]").first
    show_field(page, editor).click()
    page.keyboard.type(text)
    page.keyboard.press("Tab")
    page.wait_for_function(
        f"() => (document.querySelector('[name={name}]') || {{}}).value.includes({text[:20]!r})"
    )
