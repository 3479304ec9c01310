"""Issue 23 in Chromium: what a screen reader reads on the resident forms.

- every input of the demo survey has an accessible name, and each matrix row its own row name;
- no honeypot is exposed on any public form (aria-hidden wrapper, out of the tab order);
- the "Other" box shows only while "Other" is chosen; errors take focus to the summary;
- axe-core finds no violations on the survey steps, with and without errors.

Names are read from Chromium's accessibility tree (the DevTools protocol), as assistive
technology gets them.
"""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from .conftest import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
FORM_ROLES = {"radio", "checkbox", "textbox", "combobox", "spinbutton", "searchbox", "ListBox"}


@pytest.fixture
def demo(live_server):
    call_command("load_demo_content", stdout=io.StringIO())
    return live_server


def exposed_fields(page):
    """(role, accessible name) of every form control a screen reader meets on the page."""
    session = page.context.new_cdp_session(page)
    tree = session.send("Accessibility.getFullAXTree")["nodes"]
    fields = []
    for node in tree:
        role = node.get("role", {}).get("value", "")
        if node.get("ignored") or role not in FORM_ROLES:
            continue
        fields.append((role, node.get("name", {}).get("value", "")))
    session.detach()
    return fields


def assert_no_honeypot_exposed(page):
    names = [name for _role, name in exposed_fields(page)]
    assert "Leave this field empty" not in names, page.url
    honeypots = page.locator('input[name="website"]')
    assert honeypots.count() >= 1, page.url
    for i in range(honeypots.count()):
        box = honeypots.nth(i)
        assert box.get_attribute("tabindex") == "-1"
        assert box.evaluate("e => e.closest('[aria-hidden=\"true\"]') !== null")


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n" + "\n".join(
        f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )


def survey_fields(page):
    return [f for f in exposed_fields(page) if f[1] != "Leave this field empty"]


def test_every_demo_survey_input_has_its_own_name(demo, new_page):
    from wagtail_participation.surveys.models import SurveyPage

    survey = SurveyPage.objects.get(slug="visitor-survey")
    page = new_page()
    page.goto(demo.url + survey.url)
    step1 = survey_fields(page)
    assert ("radio", "Riverside North") in step1
    assert ("combobox", "How often do you visit Riverside Park?") in step1
    assert ("checkbox", "By bike") in step1
    assert all(name.strip() for _role, name in step1), step1
    # "Other" is a choice; its box shows only once it is chosen, named for that case.
    other_box = page.get_by_label("If you chose “Other”, please say what")
    assert other_box.is_hidden()
    page.get_by_role("checkbox", name="Other").check()
    assert other_box.is_visible()
    page.get_by_role("checkbox", name="Other").uncheck()
    assert other_box.is_hidden()
    assert_no_honeypot_exposed(page)
    assert_accessible(page)

    page.get_by_role("radio", name="Riverside North").check()
    page.get_by_label("How often do you visit Riverside Park?").select_option("Every week")
    page.get_by_role("checkbox", name="On foot").check()
    page.wait_for_timeout(3100)  # the anti-spam minimum of the first step
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(re.compile(r"step=2"))
    assert all(name.strip() for _role, name in survey_fields(page))
    page.get_by_role("button", name="Next").click()  # required questions left out
    summary = page.locator(".wp-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('wp-error-summary')")
    assert page.locator(".wp-field--error").count() >= 2
    assert_accessible(page)
    page.get_by_role("radio", name="4").first.check()
    page.get_by_role("radio", name="3").nth(1).check()
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(re.compile(r"step=3"))

    step3 = survey_fields(page)
    matrix = [name for role, name in step3 if role == "radio"]
    assert matrix == [
        f"{row}: {column}"
        for row in ["Toilets", "Café", "Lighting"]
        for column in ["Poor", "OK", "Good"]
    ]
    assert not any(name.startswith("How good are these?") for _role, name in step3)
    assert all(name.strip() for _role, name in step3), step3
    assert page.locator("fieldset legend", has_text="How good are these?").count() == 1
    assert_accessible(page)


def test_no_honeypot_is_exposed_on_any_public_form(demo, new_page):
    from wagtail_participation.core.models import Comment
    from wagtail_participation.ideas.models import IdeaBoardPage
    from wagtail_participation.petitions.models import PetitionIndexPage, PetitionPage
    from wagtail_participation.projects.models import ParticipationProjectPage

    page = new_page()
    page.goto(demo.url + "/participation/sign-in/")
    assert_no_honeypot_exposed(page)
    petition = PetitionPage.objects.live().filter(state="open").first()
    page.goto(demo.url + petition.sign_url)
    assert_no_honeypot_exposed(page)
    # Signed in: comments and replies, an idea, a new petition, a report, "your name".
    project = ParticipationProjectPage.objects.get(slug="riverside-park-renewal")
    page.goto(demo.url + "/participation/sign-in/?next=" + project.url)
    page.get_by_label(re.compile("email", re.I)).first.fill("honeypot@example.org")
    page.wait_for_timeout(1100)
    page.get_by_role("button", name=re.compile("sign-in link", re.I)).click()
    page.goto(re.search(r"https?://\S+/participation/sign-in/\S+", mail.outbox[-1].body).group(0))
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(re.compile(re.escape(project.url)))
    assert_no_honeypot_exposed(page)
    for url in [
        IdeaBoardPage.objects.live().first().submit_url,
        PetitionIndexPage.objects.live().first().start_url,
        f"/participation/contributions/{Comment.objects.filter(page=project).first().pk}/report/",
        "/participation/my-data/",
    ]:
        page.goto(demo.url + url)
        assert_no_honeypot_exposed(page)


TYPED = 'It\'s <b>bold</b> & "quoted" < 3'


def test_moderators_read_resident_text_as_typed(live_server, new_page, django_user_model):
    """Issue 23, point 4: no ``&#x27;`` or ``&lt;`` on the moderation views, as a browser shows them."""
    from tests.factories import CommentFactory, make_method_page
    from tests.ideas.factories import IdeaFactory
    from wagtail_participation.core.models import Report, ReportReason

    comment = CommentFactory(page=make_method_page(title="P"), body=TYPED)
    idea = IdeaFactory(title=TYPED, description=TYPED, address=TYPED)
    Report.objects.create(contribution=comment, reason=ReportReason.choices[0][0], details=TYPED)
    django_user_model.objects.create_superuser("moderator", "mod@example.org", "pw-for-tests")
    page = new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "moderator")
    page.fill("#id_password", "pw-for-tests")
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(re.compile(r"/admin/$"))
    for url in [
        "/admin/wagtail_participation/contribution/",
        "/admin/wagtail_participation/report/",
        f"/admin/participation/moderate/{comment.pk}/",
        f"/admin/participation/moderate/{idea.pk}/",
        f"/admin/participation/ideas/{idea.pk}/respond/",
    ]:
        page.goto(live_server.url + url)
        text = page.locator("main").inner_text()
        assert "It's <b>bold</b>" in text, url
        for escaped in ("&#x27;", "&lt;", "&gt;", "&amp;", "&quot;"):
            assert escaped not in text, (url, escaped)
        # A browser tab's title too.
        assert "&#x27;" not in page.title() and "&lt;" not in page.title()
