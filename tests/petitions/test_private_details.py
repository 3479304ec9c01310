"""Issue 14, point 5: forms filled in with a signed-in resident's details are never kept by a
shared cache (``Cache-Control: private, no-store``), on a site with the package's cache
middleware and on one without it (the views say so themselves)."""

import pytest

from tests.core.cache_headers import is_private
from tests.factories import ParticipantFactory, sign_in_client
from tests.petitions.factories import make_petition, make_petition_index

pytestmark = pytest.mark.django_db
MIDDLEWARE = "wagtail_participation.core.cache_control.PrivateCacheControlMiddleware"


@pytest.fixture(params=["with the middleware", "without the middleware"])
def site(request, settings):
    if request.param == "without the middleware":
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != MIDDLEWARE]
        settings.SILENCED_SYSTEM_CHECKS = [
            *settings.SILENCED_SYSTEM_CHECKS,
            "wagtail_participation.W006",
        ]
    return request.param


@pytest.fixture
def resident(client):
    participant = ParticipantFactory(email="zqpat@example.org", display_name="Zq Pat Resident")
    sign_in_client(client, participant)
    return participant


def test_the_sign_form_with_the_residents_details_is_private(client, site, resident):
    petition = make_petition()
    response = client.get(petition.sign_url)
    assert response.status_code == 200
    assert b"zqpat@example.org" in response.content
    assert is_private(response), (site, response.get("Cache-Control"))


def test_the_start_form_with_the_residents_name_is_private(client, site, resident):
    index = make_petition_index(allow_resident_petitions=True)
    response = client.get(index.start_url)
    assert response.status_code == 200
    assert b"Zq Pat Resident" in response.content
    assert is_private(response), (site, response.get("Cache-Control"))


def test_your_data_is_private(client, site, resident):
    response = client.get("/participation/my-data/")
    assert response.status_code == 200 and b"zqpat@example.org" in response.content
    assert is_private(response), (site, response.get("Cache-Control"))


def test_a_residents_own_idea_in_its_edit_form_is_private(client, site, resident):
    from tests.ideas.factories import IdeaFactory

    idea = IdeaFactory(author=resident, description="zqmy own idea text")
    board = idea.page.specific
    response = client.get(board.url + board.reverse_subpage("edit", args=[idea.pk]))
    assert response.status_code == 200 and b"zqmy own idea text" in response.content
    assert is_private(response), (site, response.get("Cache-Control"))
