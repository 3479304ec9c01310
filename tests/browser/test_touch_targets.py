"""Issue 14, point 3 in Chromium: radio buttons and checkboxes residents can use with a thumb.

On a phone-sized screen, every radio button and checkbox of the survey, poll, petition and idea
forms (and the report form's reasons) is a target of at least 24 by 24 CSS pixels (WCAG 2.2
"Target size (minimum)", as the GOV.UK Design System draws them), has a label that is part of
the target (clicking it ticks the box), and radio buttons and groups of checkboxes sit in a
fieldset with a legend. axe-core stays clean on each page.
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
MINIMUM = 24  # CSS pixels
PHONE = {"width": 375, "height": 740}

READ_TARGETS = """() => {
  const inputs = [...document.querySelectorAll('input[type=radio], input[type=checkbox]')]
    .filter(i => !i.closest('[hidden], [aria-hidden="true"]') && i.getClientRects().length);
  const names = {};
  inputs.forEach(i => { names[i.name] = (names[i.name] || 0) + 1; });
  return inputs.map(i => {
    const box = i.getBoundingClientRect();
    const label = i.id ? document.querySelector(`label[for="${CSS.escape(i.id)}"]`) : null;
    const fieldset = i.closest('fieldset');
    return {
      id: i.id, type: i.type, name: i.name, width: box.width, height: box.height,
      label: label ? label.textContent.trim() : null,
      grouped: i.type === 'radio' || names[i.name] > 1,
      legend: !!(fieldset && fieldset.querySelector(':scope > legend')),
    };
  });
}"""


@pytest.fixture
def demo(live_server):
    call_command("load_demo_content", stdout=io.StringIO())
    return live_server


def assert_thumb_sized(page, at_least=1):
    """Every visible radio button and checkbox on the page: size, label, fieldset."""
    targets = page.evaluate(READ_TARGETS)
    assert len(targets) >= at_least, (page.url, targets)
    for target in targets:
        where = (page.url, target)
        assert target["width"] >= MINIMUM and target["height"] >= MINIMUM, where
        assert target["label"], where  # a label (for=id): part of the target, and its name
        if target["grouped"]:
            assert target["legend"], where
    return targets


def assert_label_ticks(page, target):
    """Clicking the label (not the box) selects the choice (or, a ticked checkbox, unticks it)."""
    box = page.locator(f"#{target['id']}")
    before = box.is_checked()
    page.locator(f"label[for='{target['id']}']").click()
    assert box.is_checked() != before, (page.url, target)


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n" + "\n".join(
        f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )


def test_survey_choices_are_thumb_sized(demo, new_page):
    from wagtail_participation.surveys.models import SurveyPage

    survey = SurveyPage.objects.get(slug="visitor-survey")
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto(demo.url + survey.url)
    targets = assert_thumb_sized(page, at_least=4)
    assert {"radio", "checkbox"} <= {t["type"] for t in targets}
    assert_label_ticks(page, next(t for t in targets if t["type"] == "radio"))
    assert_label_ticks(page, next(t for t in targets if t["label"] == "On foot"))
    assert_accessible(page)
    page.get_by_label("How often do you visit Riverside Park?").select_option("Every week")
    page.wait_for_timeout(3100)  # the anti-spam minimum of the first step
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(re.compile(r"step=2"))
    assert_thumb_sized(page, at_least=4)  # a scale and a rating, side by side
    assert_accessible(page)
    page.get_by_role("radio", name="4").first.check()
    page.get_by_role("radio", name="3").nth(1).check()
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(re.compile(r"step=3"))
    assert_thumb_sized(page, at_least=9)  # the matrix: three rows of three
    assert_accessible(page)


def test_poll_and_petition_choices_are_thumb_sized(demo, new_page):
    from example_site.council.models import NewsArticlePage
    from wagtail_participation.petitions.models import PetitionPage

    page = new_page()
    page.set_viewport_size(PHONE)
    article = NewsArticlePage.objects.get(slug="have-your-say-on-riverside-park")
    page.goto(demo.url + article.url)
    targets = assert_thumb_sized(page, at_least=2)
    assert all(t["type"] == "radio" for t in targets)
    assert_label_ticks(page, targets[0])
    assert page.locator(".wp-survey-teaser").count() == 1  # the survey announced beside the poll
    assert_accessible(page)

    petition = PetitionPage.objects.live().filter(state="open").first()
    page.goto(demo.url + petition.sign_url)
    targets = assert_thumb_sized(page, at_least=1)
    assert_label_ticks(page, next(t for t in targets if t["type"] == "checkbox"))
    assert_accessible(page)


def test_idea_and_report_choices_are_thumb_sized_for_a_signed_in_resident(demo, new_page):
    from wagtail_participation.core.models import Comment
    from wagtail_participation.ideas.models import Idea, IdeaBoardPage
    from wagtail_participation.petitions.models import PetitionIndexPage
    from wagtail_participation.projects.models import ParticipationProjectPage

    page = new_page()
    page.set_viewport_size(PHONE)
    project = ParticipationProjectPage.objects.get(slug="riverside-park-renewal")
    page.goto(demo.url + "/participation/sign-in/?next=" + project.url)
    page.get_by_label(re.compile("email", re.I)).first.fill("thumb@example.org")
    page.wait_for_timeout(1100)
    page.get_by_role("button", name=re.compile("sign-in link", re.I)).click()
    page.goto(re.search(r"https?://\S+/participation/sign-in/\S+", mail.outbox[-1].body).group(0))
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(re.compile(re.escape(project.url)))

    board = IdeaBoardPage.objects.live().first()
    idea = Idea.objects.public().filter(page=board).first()
    comment = Comment.objects.public().filter(page=project).first()
    for url, at_least in [
        (board.submit_url, 0),  # whatever choices the board asks for
        (idea.get_absolute_url(), 1),  # the vote form's "email me when the council answers"
        (PetitionIndexPage.objects.live().first().start_url, 0),
        (f"/participation/contributions/{comment.pk}/report/", 3),  # the reasons
    ]:
        page.goto(demo.url + url)
        assert_thumb_sized(page, at_least=at_least)
        assert_accessible(page)
