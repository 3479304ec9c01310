"""The public pages: index filters and search, a petition's states, the block."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import add_page
from tests.petitions.factories import add_signatures, make_petition, make_petition_index
from wagtail_participation.petitions.blocks import PetitionBlock
from wagtail_participation.petitions.models import PetitionState

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    index = make_petition_index()
    make_petition(index, title="Sunday library opening", request="Open the library on Sundays.")
    make_petition(
        index,
        title="Closed bus petition",
        request="Run the number 7 bus at night.",
        closes_at=timezone.now() - datetime.timedelta(days=2),
    )
    make_petition(
        index,
        title="Answered tree petition",
        response="<p>Yes.</p>",
        response_date=datetime.date.today(),
    )
    make_petition(
        index,
        title="Rejected duplicate",
        state=PetitionState.REJECTED,
        rejection_reason="duplicate",
    )
    make_petition(
        index, title="Hidden advert", state=PetitionState.HIDDEN, rejection_reason="offensive"
    )
    make_petition(index, title="Waiting for supporters", state=PetitionState.SPONSORING)
    return index


def titles(response):
    return response.content.decode()


def test_index_lists_public_petitions_only(client, index):
    page = titles(client.get(index.url))
    for shown in ("Sunday library", "Closed bus", "Answered tree", "Rejected duplicate"):
        assert shown in page
    assert "Hidden advert" not in page and "Waiting for supporters" not in page
    assert "4 petitions" in page


@pytest.mark.parametrize(
    "status, shown, not_shown",
    [
        ("open", "Sunday library", "Closed bus"),
        ("closed", "Closed bus", "Sunday library"),
        ("responded", "Answered tree", "Sunday library"),
        ("rejected", "Rejected duplicate", "Answered tree"),
    ],
)
def test_index_filters(client, index, status, shown, not_shown):
    page = titles(client.get(index.url, {"status": status}))
    assert shown in page and not_shown not in page


def test_index_search_and_bad_input(client, index):
    page = titles(client.get(index.url, {"q": "bus"}))
    assert "Closed bus" in page and "Sunday library" not in page
    for params in (
        {"q": "<script>alert(1)</script>"},
        {"page": "x"},
        {"page": "999"},
        {"status": "bogus"},
        {"q": "\x00"},
    ):
        assert client.get(index.url, params).status_code == 200
    empty = titles(client.get(index.url, {"q": "nothingmatcheszzz"}))
    assert "No petitions match" in empty


def test_index_pagination(client, settings):
    settings.WAGTAIL_PARTICIPATION_PAGE_SIZE = 2
    index = make_petition_index()
    for n in range(5):
        make_petition(index, title=f"Petition {n}")
    first = titles(client.get(index.url))
    assert "Page 1 of 3" in first and 'rel="next"' in first


def test_hidden_petition_is_not_found(client, index):
    from wagtail_participation.petitions.models import PetitionPage

    hidden = PetitionPage.objects.get(title="Hidden advert")
    assert client.get(hidden.url).status_code == 404


def test_progress_towards_next_threshold(client):
    petition = make_petition(response_threshold=10, debate_threshold=20, paper_signatures=2)
    add_signatures(petition, 3)
    page = titles(client.get(petition.url))
    assert 'max="10" value="5"' in page and "for a council response" in page
    add_signatures(petition, 6)
    page = titles(client.get(petition.url))
    assert 'max="20" value="11"' in page and "for a debate" in page


def test_similar_petitions_endpoint(client, index):
    data = client.get(index.url + "similar/", {"q": "library sundays"}).json()
    assert [r["title"] for r in data["results"]][:1] == ["Sunday library opening"]
    assert client.get(index.url + "similar/", {"q": "ab"}).json() == {"results": []}


def test_petition_block_renders_count_and_sign_button():
    petition = make_petition(paper_signatures=1)
    add_signatures(petition, 2)
    block = PetitionBlock()
    html = block.render(block.to_python({"petition": petition.pk, "heading": "Sign our petition"}))
    assert "Sign our petition" in html and ">3</strong>" in html and petition.sign_url in html
    draft = make_petition(state=PetitionState.SPONSORING)
    assert block.render(block.to_python({"petition": draft.pk})).strip() == ""


def test_index_page_under_the_site_root_accepts_only_petitions():
    from wagtail_participation.petitions.models import PetitionIndexPage, PetitionPage

    assert PetitionPage.can_create_at(make_petition_index())
    assert not PetitionPage.can_create_at(
        add_page(PetitionIndexPage(title="x", slug="x")).get_parent()
    )


def test_anonymous_visitors_share_a_rendered_page_that_follows_the_count(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    petition = make_petition(paper_signatures=1)
    first = client.get(petition.url).content
    assert b">1</strong>" in first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(petition.url).content == first
    # Only Wagtail's routing (site, pages on the path, view restrictions) asks the database.
    assert not any(
        "petitiontally" in q["sql"]
        or 'petitions_signature"' in q["sql"]
        or 'wagtailcore_revision"' in q["sql"]
        for q in queries.captured_queries
    )
    add_signatures(petition, 2)
    assert b">3</strong>" in client.get(petition.url).content


def test_visitors_with_a_session_get_their_own_page(client):
    from tests.factories import ParticipantFactory, sign_in_client

    petition = make_petition()
    client.get(petition.url)  # cached for anonymous visitors
    sign_in_client(client, ParticipantFactory(display_name="Zed Resident"))
    page = client.get(petition.url)
    assert b"Signed in as Zed Resident" in page.content
    assert "public" not in page.get("Cache-Control", "")


def test_search_within_a_status(client, index):
    page = titles(client.get(index.url, {"status": "open", "q": "library"}))
    assert "Sunday library" in page and "No petitions match" not in page
    page = titles(client.get(index.url, {"status": "closed", "q": "library"}))
    assert "Sunday library" not in page
