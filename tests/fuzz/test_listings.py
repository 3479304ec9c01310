"""Generated query strings against every public page that reads one: listings, search,
filters, similar-title suggestions, feeds, results, and sign-in's ``next``."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import (
    CommentFactory,
    ParticipantFactory,
    make_index,
    make_project,
    sign_in_client,
)
from tests.ideas.factories import IdeaFactory, make_board
from tests.petitions.factories import make_petition, make_petition_index
from tests.surveys.factories import three_step_survey
from wagtail_participation.projects.models import Area, Topic
from wagtail_participation.surveys.models import ResultsVisibility

from .checks import assert_no_server_error
from .helpers import send
from .strategies import query_string

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    topic = Topic.objects.create(name="Parks", slug="parks")
    Area.objects.create(name="North", slug="north")
    index = make_index()
    project = make_project(index)
    board = make_board(parent=project, categories=[topic])
    for n in range(3):
        IdeaFactory(page=board, title=f"Benches by the pond {n}")
    CommentFactory(page=project)
    petitions = make_petition_index(allow_resident_petitions=True)
    petition = make_petition(petitions)
    survey = three_step_survey(results_visibility=ResultsVisibility.LIVE)
    return [
        index.url,
        project.url,
        board.url,
        board.url + board.reverse_subpage("similar"),
        board.url + board.reverse_subpage("feed"),
        petitions.url,
        petitions.url + petitions.reverse_subpage("similar"),
        petition.url,
        survey.url,
        survey.url + survey.reverse_subpage("results"),
        "/participation/sign-in/",
        "/participation/my-data/",
        "/participation/sign-in/sent/",
    ]


@given(
    query=query_string(),
    which=st.integers(min_value=0),
    signed_in=st.booleans(),
    accept=st.sampled_from(
        [{}, {"HTTP_ACCEPT": "application/json"}, {"HTTP_ACCEPT_LANGUAGE": "de;q=x, nl"}]
    ),
)
def test_query_strings(client, pages, fuzz_cases, query, which, signed_in, accept):
    fuzz_cases()
    if signed_in:
        sign_in_client(client, ParticipantFactory())
    else:
        client.logout()
    path = pages[which % len(pages)]
    response = send(client, "get", f"{path}?{query}", **accept)
    assert_no_server_error(response)
