"""Wagtail's "Copy" works on every page type of the package, subpages included, and a copy
starts afresh: no contributions, signatures, responses, counts or keys of the original."""

import pytest
from wagtail.models import Page

from tests.core.factories import make_superuser
from tests.factories import CommentFactory, make_index, make_project
from tests.ideas.factories import IdeaFactory, make_board
from tests.petitions.factories import add_signatures, make_petition, make_petition_index
from tests.surveys.factories import make_survey, question
from wagtail_participation.core.models import Comment, Contribution
from wagtail_participation.ideas.models import Idea
from wagtail_participation.petitions.models import PetitionPage, PetitionState, Signature
from wagtail_participation.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db


def copy(client, page, **extra):
    response = client.post(
        f"/admin/pages/{page.pk}/copy/",
        {
            "new_title": f"{page.title} (copy)",
            "new_slug": f"{page.slug}-copy",
            "new_parent_page": page.get_parent().pk,
            "publish_copies": "on",
            **extra,
        },
    )
    assert response.status_code == 302, response.content[:500]
    return Page.objects.get(slug=f"{page.slug}-copy").specific


@pytest.fixture
def staff(client):
    client.force_login(make_superuser())
    return client


def test_a_project_copies_with_its_subpages_and_none_of_their_contributions(staff):
    project = make_project(make_index())
    board = make_board(parent=project)
    IdeaFactory.create_batch(3, page=board)
    CommentFactory(page=project)
    survey = make_survey([question("short_text", "Your street")], parent=project)
    SurveyResponse.objects.create(page=survey, answers={})
    copied = copy(staff, project, copy_subpages="on")
    children = copied.get_children().specific()
    assert sorted(type(child).__name__ for child in children) == ["IdeaBoardPage", "SurveyPage"]
    for child in children:
        assert not Contribution.objects.filter(page=child).exists()
        assert not SurveyResponse.objects.filter(page=child).exists()
    assert not Comment.objects.filter(page=copied).exists()
    assert Idea.objects.filter(page=board).count() == 3  # the original keeps its own


def test_an_index_of_petitions_copies_with_its_petitions(staff):
    index = make_petition_index()
    petition = make_petition(index)
    add_signatures(petition, 3)
    copied = copy(staff, index, copy_subpages="on")
    (petition_copy,) = copied.get_children().specific()
    assert petition_copy.sponsor_key != petition.sponsor_key
    assert petition_copy.count() == 0


def test_a_petition_copy_starts_as_a_new_petition(staff):
    petition = make_petition(
        response="<p>We will.</p>",
        paper_signatures=40,
        rejection_details="An earlier note.",
    )
    add_signatures(petition, 3)
    copied = copy(staff, petition)
    assert isinstance(copied, PetitionPage)
    assert copied.sponsor_key != petition.sponsor_key
    assert (copied.response, copied.paper_signatures, copied.creator) == ("", 0, None)
    assert copied.state == PetitionState.OPEN
    assert copied.count() == 0
    assert Signature.objects.filter(petition_id=copied.pk).count() == 0
    assert Signature.objects.filter(petition_id=petition.pk).count() == 3
    # Its latest revision does not bring the original's key back on the next publish.
    copied.get_latest_revision().publish()
    assert PetitionPage.objects.get(pk=copied.pk).sponsor_key == copied.sponsor_key
    assert staff.get(copied.url).status_code == 200


@pytest.mark.parametrize("kind", ["index", "board", "survey"])
def test_every_other_page_type_copies(staff, kind):
    if kind == "index":
        page = make_index()
    elif kind == "board":
        page = make_board()
        IdeaFactory(page=page)
    else:
        page = make_survey([question("short_text", "Your street")])
    copied = copy(staff, page)
    assert type(copied) is type(page)
    assert staff.get(copied.url).status_code == 200
