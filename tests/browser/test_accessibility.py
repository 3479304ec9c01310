"""axe-core finds no WCAG 2.x A/AA violations on the foundation's public pages."""

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


def assert_accessible(page):
    violations = axe_violations(page)
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]
    assert not violations, f"{page.url}\n" + "\n".join(summary)


@pytest.fixture
def demo(live_server):
    call_command("load_demo_content", stdout=io.StringIO())
    return live_server


def test_participation_index_and_project(demo, new_page):
    from wagtail_participation.projects.models import (
        ParticipationIndexPage,
        ParticipationProjectPage,
    )

    page = new_page()
    page.goto(demo.url + ParticipationIndexPage.objects.live().first().url)
    assert_accessible(page)
    page.goto(demo.url + ParticipationIndexPage.objects.live().first().url + "?status=closed")
    assert_accessible(page)
    for project in ParticipationProjectPage.objects.live():
        page.goto(demo.url + project.url)
        assert_accessible(page)


def test_sign_in_pages(demo, new_page):
    page = new_page()
    page.goto(demo.url + "/participation/sign-in/")
    assert_accessible(page)
    # The form with an error next to the field.
    page.get_by_label(re.compile("email", re.I)).first.fill("resident@invalid")
    page.get_by_role("button", name=re.compile("sign-in link|send", re.I)).click()
    assert_accessible(page)
    page.get_by_label(re.compile("email", re.I)).first.fill("resident@example.org")
    page.get_by_role("button", name=re.compile("sign-in link|send", re.I)).click()
    assert_accessible(page)  # "check your email"
    link = re.search(r"https?://\S+/participation/sign-in/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert_accessible(page)  # confirm button
    page.goto(demo.url + "/participation/sign-in/forged-token/")
    assert_accessible(page)  # invalid link page


def test_signed_in_pages(demo, new_page):
    """A signed-in resident's pages: comment form, an error, a report, their data."""
    from wagtail_participation.core.models import Comment
    from wagtail_participation.projects.models import ParticipationProjectPage

    project = ParticipationProjectPage.objects.get(slug="riverside-park-renewal")
    page = new_page()  # axe-core runs as JavaScript in the page
    page.set_default_timeout(15000)
    page.goto(demo.url + "/participation/sign-in/?next=" + project.url)
    page.get_by_label(re.compile("email", re.I)).first.fill("axe@example.org")
    page.get_by_role("button", name=re.compile("sign-in link", re.I)).click()
    page.goto(re.search(r"https?://\S+/participation/sign-in/\S+", mail.outbox[-1].body).group(0))
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    assert_accessible(page)  # the project with the comment form and reply forms
    page.get_by_role("button", name="Post comment").click()  # empty: an error page
    assert_accessible(page)
    comment = Comment.objects.filter(page=project).first()
    page.goto(f"{demo.url}/participation/contributions/{comment.pk}/report/")
    assert_accessible(page)
    page.goto(demo.url + "/participation/my-data/")
    assert_accessible(page)
    page.goto(demo.url + "/participation/my-data/forget/")
    assert_accessible(page)
