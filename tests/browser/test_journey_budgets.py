"""Issue 16's journey, with JavaScript and without: a resident signed in by email and one with a
voting code from a letter (no email) each vote within the budget, go over it and are told what
was kept, change their ballot; staff enter a paper ballot; after closing the public results
appear. axe-core checks each page on the way, the voting-code entry (also with an error)
included."""

import datetime
import re

import pytest
from django.utils import timezone

from .conftest import axe_violations
from .test_journey_comments import sign_in_by_email
from .test_journey_ideas import admin_login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def no_violations(page, javascript, what):
    if javascript:  # axe-core runs as JavaScript in the page
        violations = axe_violations(page)
        assert not violations, (what, [(v["id"], v["nodes"][0]["html"]) for v in violations])


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_budget_journey(live_server, new_page, django_user_model, javascript):
    from tests.budgeting.factories import make_budget, make_projects
    from tests.factories import make_index, make_project
    from wagtail_participation.budgeting.models import Ballot, BallotSource
    from wagtail_participation.core.eligibility import CodeMode
    from wagtail_participation.core.voting_codes import generate_codes

    project = make_project(make_index())
    budget = make_budget(
        parent=project,
        title="Community budget",
        slug="community-budget",
        eligibility_voting_codes=CodeMode.ACCEPTED,
    )
    _batch, (code,) = generate_codes(budget, 1)
    a, b, c, d = make_projects(budget, [40_000, 30_000, 50_000, 20_000])
    base = live_server.url

    # The proposals list and one proposal, for anyone.
    visitor = new_page(javascript=True)
    visitor.goto(base + budget.proposals_url)
    visitor.get_by_role("heading", name="Proposals").wait_for()
    no_violations(visitor, True, "proposals list")
    visitor.get_by_role("link", name="Project A").click()
    visitor.get_by_role("heading", name="Project A").wait_for()
    no_violations(visitor, True, "a proposal")

    # 1. A resident signs in by email link and opens the city-wide ballot.
    resident = new_page(javascript=javascript)
    vote_url = budget.scope(None).vote_url
    sign_in_by_email(resident, live_server, "rosa@example.org", "Rosa", vote_url)
    resident.get_by_role("heading", name=re.compile("Vote: City-wide")).wait_for()
    no_violations(resident, javascript, "the ballot")

    # 2. Over the budget: a clear message with what was kept; nothing is stored.
    for project_ in ("Project A", "Project B", "Project C"):
        resident.get_by_label(re.compile(project_)).check()
    if javascript:  # the running total and remaining amount, live
        assert resident.locator("[data-wp-spent]").inner_text() == "120,000"
        assert resident.locator("[data-wp-over]").is_visible()
    else:  # without JavaScript: "Check my total" shows them
        resident.get_by_role("button", name="Check my total").click()
        assert resident.locator("[data-wp-spent]").inner_text() == "120,000"
        for project_ in ("Project A", "Project B", "Project C"):
            assert resident.get_by_label(re.compile(project_)).is_checked()
    resident.get_by_role("button", name="Send your ballot").click()
    alert = resident.get_by_role("alert")
    alert.wait_for()
    assert "We kept Project A, Project B (70,000 GBP) and took off Project C" in alert.inner_text()
    assert not Ballot.objects.exists()
    no_violations(resident, javascript, "the ballot with an error")
    assert resident.get_by_label(re.compile("Project A")).is_checked()
    assert not resident.get_by_label(re.compile("Project C")).is_checked()

    # 3. Within the budget: counted, and the confirmation lists the ballot.
    resident.get_by_label(re.compile("Project D")).check()
    resident.get_by_role("button", name="Send your ballot").click()
    resident.get_by_role("heading", name="Your ballots").wait_for()
    assert "Thank you. Your ballot has been counted." in resident.content()
    assert "Total: 90,000 GBP" in resident.content()
    no_violations(resident, javascript, "the confirmation")

    # 4. The resident changes their ballot.
    resident.get_by_role("link", name="Change this ballot").click()
    resident.get_by_label(re.compile("Project A")).uncheck()
    resident.get_by_label(re.compile("Project B")).uncheck()
    resident.get_by_label(re.compile("Project C")).check()
    resident.get_by_role("button", name="Change your ballot").click()
    resident.get_by_role("heading", name="Your ballots").wait_for()
    assert "Your ballot has been changed." in resident.content()
    ballot = Ballot.objects.get(participant__isnull=False)
    assert set(ballot.choices.values_list("proposal_id", flat=True)) == {c.pk, d.pk}

    # 5. A resident without email votes with the code on their letter.
    holder = new_page(javascript=javascript)
    holder.goto(base + budget.url)
    holder.get_by_role("link", name="Enter your voting code").click()
    holder.get_by_role("heading", name="Enter your voting code").wait_for()
    no_violations(holder, javascript, "the voting-code entry")
    holder.get_by_label("Your voting code").fill("ABCD-EFGH-JKMN")  # a mistyped code
    holder.get_by_role("button", name="Continue").click()
    holder.get_by_text("This voting code is not valid here.").first.wait_for()
    no_violations(holder, javascript, "the voting-code entry with an error")
    holder.get_by_label("Your voting code").fill(code.lower())
    holder.get_by_role("button", name="Continue").click()
    holder.get_by_text("Your voting code is accepted.").wait_for()
    holder.get_by_role("link", name="Vote: City-wide").click()
    holder.get_by_role("heading", name=re.compile("Vote: City-wide")).wait_for()
    for project_ in ("Project A", "Project B", "Project C"):
        holder.get_by_label(re.compile(project_)).check()
    holder.get_by_role("button", name="Send your ballot").click()
    alert = holder.get_by_role("alert")
    alert.wait_for()
    assert "We kept Project A, Project B (70,000 GBP) and took off Project C" in alert.inner_text()
    assert Ballot.objects.count() == 1
    holder.get_by_label(re.compile("Project D")).check()
    holder.get_by_role("button", name="Send your ballot").click()
    holder.get_by_role("heading", name="Your ballots").wait_for()
    assert "Thank you. Your ballot has been counted." in holder.content()
    assert "Total: 90,000 GBP" in holder.content()
    holder.get_by_role("link", name="Change this ballot").click()
    holder.get_by_label(re.compile("Project A")).uncheck()
    holder.get_by_role("button", name="Change your ballot").click()
    holder.get_by_role("heading", name="Your ballots").wait_for()
    assert "Your ballot has been changed." in holder.content()
    by_code = Ballot.objects.get(voting_code__isnull=False)
    assert by_code.participant_id is None
    assert set(by_code.choices.values_list("proposal_id", flat=True)) == {b.pk, d.pk}

    # 6. Staff enter a paper ballot through the same form.
    staff = new_page(javascript=javascript)
    admin_login(staff, live_server, django_user_model)
    staff.goto(f"{base}/admin/participation/budgets/{budget.pk}/paper/")
    staff.get_by_label(re.compile("Project A")).check()
    staff.get_by_label(re.compile("Project B")).check()
    staff.get_by_label("Paper ballot number (optional)").fill("P-001")
    staff.get_by_role("button", name="Record the paper ballot").click()
    staff.get_by_text("The paper ballot is recorded.").wait_for()
    paper = Ballot.objects.get(source=BallotSource.PAPER)
    assert paper.paper_reference == "P-001" and paper.participant is None

    # 7. Voting closes; the public results appear.
    budget.voting_closes_at = timezone.now() - datetime.timedelta(seconds=1)
    budget.save()
    public = new_page(javascript=javascript)
    public.goto(base + budget.url)
    no_violations(public, javascript, "the budget page")
    public.get_by_role("link", name="See the results").click()
    public.get_by_role("heading", name="Results: Community budget").wait_for()
    table = public.get_by_role("table").inner_text()
    assert "Project C" in table and "Project D" in table
    # B: 2 votes, D: 2, A: 1, C: 1 -> greedy: D, B, A (90,000); C no longer fits
    assert "3 ballots" in public.content() and "(of which 1 on paper)" in public.content()
    no_violations(public, javascript, "the results")
