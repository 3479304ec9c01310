""" "Your data" shows on the page what the download holds, each item linked to where it is."""

import json

import pytest

from tests.factories import ParticipantFactory, sign_in_client
from tests.ideas.factories import IdeaFactory, make_board
from tests.petitions.factories import add_signature, make_petition
from tests.surveys.factories import make_survey, question
from wagtail_participation.core import moderation
from wagtail_participation.core.models import ModerationState
from wagtail_participation.ideas import services as idea_services
from wagtail_participation.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db

STREET = "d0000000-0000-4000-8000-000000000001"


@pytest.fixture
def resident(client):
    participant = ParticipantFactory(email="eve@example.org")
    sign_in_client(client, participant)
    return participant


def test_every_section_of_the_download_is_on_the_page_with_links(client, resident):
    board = make_board()
    own = IdeaFactory(page=board, author=resident, title="Benches by the river")
    supported = IdeaFactory(page=board, title="More trees on Mill Lane")
    idea_services.vote(supported, resident, "support")
    reported = IdeaFactory(page=board, title="Buy my bikes")
    moderation.report(reported, resident, "spam")
    survey = make_survey([question("short_text", "Your street", id=STREET)])
    SurveyResponse.objects.create(page=survey, participant=resident, answers={STREET: "Mill Lane"})
    petition = make_petition(title="Open the pool on Sundays")
    add_signature(petition, email="eve@example.org")

    html = client.get("/participation/my-data/").content.decode()
    download = json.loads(client.get("/participation/my-data/download/").content)

    for key in (
        "contributions",
        "reports",
        "idea_votes",
        "survey_responses",
        "petition_signatures",
    ):
        assert download[key], key
    assert f'<a href="{own.get_absolute_url()}">Benches by the river' in html
    assert f'<a href="{supported.get_absolute_url()}">More trees on Mill Lane</a>' in html
    assert "What you reported" in html and f'<a href="{reported.get_absolute_url()}">' in html
    assert f'<a href="{survey.url}">{survey.title}</a>' in html
    assert "Your street: Mill Lane" in html  # answers with their question's text
    assert f'<a href="{petition.url}">Open the pool on Sundays</a>' in html
    for link in (own, supported, reported):
        assert client.get(link.get_absolute_url()).status_code == 200
    assert client.get(survey.url).status_code == 200
    assert client.get(petition.url).status_code == 200


def test_what_the_public_cannot_see_is_listed_without_a_link(client, resident):
    board = make_board()
    gone = IdeaFactory(page=board, title="Hidden one")
    idea_services.vote(gone, resident, "support")
    gone.moderation_state = ModerationState.HIDDEN
    gone.save()
    html = client.get("/participation/my-data/").content.decode()
    assert "Hidden one" in html
    assert f'href="{gone.get_absolute_url()}"' not in html


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    _last_queries[:] = [q["sql"][:150] for q in queries]
    return len(queries)


_last_queries: list = []


@pytest.mark.parametrize("url", ["/participation/my-data/", "/participation/my-data/download/"])
def test_your_data_costs_the_same_queries_for_many_contributions(client, resident, url):
    """Each contribution's own type and page are fetched once for all of them, not per row."""
    board = make_board()
    IdeaFactory(page=board, author=resident)
    moderation.report(IdeaFactory(page=board), resident, "spam")
    few = _queries(client, url)
    for _ in range(8):
        IdeaFactory(page=board, author=resident)
        moderation.report(IdeaFactory(page=board), resident, "spam")
    more = _queries(client, url)
    assert more <= few, "\n".join(_last_queries)
