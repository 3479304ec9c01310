"""Issue 14.4: the petition staff tools and each survey's results are reachable from the
Participation menu, and every admin view is headed with Wagtail's own header (an h1 with the
view's name and the page's title) under Wagtail's breadcrumbs."""

import re

import pytest
from django.test import Client

from tests.core.test_admin import moderator_of
from tests.factories import CommentFactory, UserFactory
from tests.ideas.factories import IdeaFactory
from tests.petitions.factories import make_petition
from tests.surveys.factories import make_survey, question

pytestmark = pytest.mark.django_db


def header(html):
    """The text of Wagtail's header h1 (tags and spacing removed)."""
    found = re.search(r'<h1 class="w-header__title"[^>]*>(.*?)</h1>', html, re.S)
    assert found, "no Wagtail header h1"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def breadcrumbs(html):
    found = re.search(r'<nav[^>]*aria-label="Breadcrumb"[^>]*>(.*?)</nav>', html, re.S)
    assert found, "no breadcrumbs"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_petition_tools_are_headed_with_the_tool_and_the_petitions_title(admin_client):
    petition = make_petition(title="Save the old oak")
    base = f"/admin/participation/petitions/{petition.pk}"
    for path, heading in (
        ("areas/", "Signatures per area"),
        ("trending/", "Trending sources in the last hour"),
        ("invalidate/", "Invalidate signatures"),
        ("reject/", "Reject a petition"),
    ):
        html = admin_client.get(f"{base}/{path}").content.decode()
        assert header(html) == f"{heading} Save the old oak", path
        assert re.search(rf"<title>{heading}: Save the old oak", html), path
        trail = breadcrumbs(html)
        assert "Participation" in trail and "Petitions" in trail and "Save the old oak" in trail


def test_survey_results_are_headed_and_reachable_from_the_menu(admin_client):
    survey = make_survey([question("text", "Your view?")], title="Parking survey")
    html = admin_client.get(f"/admin/participation/surveys/{survey.pk}/results/").content.decode()
    assert header(html) == "Survey results Parking survey"
    assert "Surveys" in breadcrumbs(html)
    overview = admin_client.get("/admin/participation/surveys/").content.decode()
    assert header(overview) == "Surveys" and "Parking survey" in overview
    assert f"/admin/participation/surveys/{survey.pk}/results/" in overview


def test_the_participation_menu_links_the_overviews(admin_client):
    make_petition(title="Save the old oak")
    dashboard = admin_client.get("/admin/").content.decode()
    for url in (
        "/admin/participation/petitions/",
        "/admin/participation/surveys/",
        "/admin/wagtail_participation/outgoingemail/",
    ):
        assert url in dashboard, url
    overview = admin_client.get("/admin/participation/petitions/").content.decode()
    assert header(overview) == "Petitions" and "Save the old oak" in overview
    for tool in ("signatures", "areas", "trending", "invalidate", "reject"):
        assert re.search(rf"/admin/participation/petitions/\d+/{tool}/", overview), tool


def test_overviews_show_only_what_the_user_may_see():
    mine, _theirs = make_petition(title="Mine"), make_petition(title="Theirs")
    client = moderator_of(mine.get_parent(), "petition-moderator")
    html = client.get("/admin/participation/petitions/").content.decode()
    assert "Mine" in html and "Theirs" not in html
    assert client.get("/admin/participation/petitions/?p=9999").status_code == 200
    assert client.get("/admin/participation/petitions/?p=x").status_code == 200
    plain = UserFactory()
    from django.contrib.auth.models import Permission

    plain.user_permissions.add(Permission.objects.get(codename="access_admin"))
    other = Client()
    other.force_login(plain)
    for url in ("/admin/participation/petitions/", "/admin/participation/surveys/"):
        assert other.get(url).status_code in (302, 403), url
    assert "/admin/participation/petitions/" not in other.get("/admin/").content.decode()


def test_moderate_and_respond_views_are_headed(admin_client):
    comment = CommentFactory()
    html = admin_client.get(f"/admin/participation/moderate/{comment.pk}/").content.decode()
    assert header(html) == "Moderate a contribution comment"
    assert "Moderation queue" in breadcrumbs(html)
    idea = IdeaFactory(title="Benches")
    html = admin_client.get(f"/admin/participation/ideas/{idea.pk}/respond/").content.decode()
    assert header(html) == "Respond to an idea Benches"
