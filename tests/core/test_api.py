"""Issue 24.7: Wagtail's API (v2) shows the package's pages with their ``api_fields``: the
public content of each page type, never residents' personal data or what waits for moderation.

The API runs in a test urlconf (``tests/api_urls.py``), as on a site that enables it.
"""

import json

import pytest
from django.apps import apps
from wagtail.models import Page

from tests.budgeting.factories import make_budget
from tests.factories import ParticipantFactory, make_index, make_project
from tests.ideas.factories import IdeaFactory, make_board
from tests.petitions.factories import add_signatures, make_petition, make_petition_index
from wagtail_participation.core.models import ModerationState
from wagtail_participation.petitions.models import PetitionState
from wagtail_participation.projects.models import Topic
from wagtail_participation.surveys.models import SurveyPage, SurveyResponse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api_urls")]

CREATOR_EMAIL = "creator.person@example.org"
CREATOR_NAME = "Creator Personname"
AUTHOR_EMAIL = "idea.author@example.org"
AUTHOR_NAME = "Author Personname"
PENDING = "Pending idea nobody has approved"
PENDING_PETITION = "Unpublished resident petition"


def package_page_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model.__module__.startswith("wagtail_participation.")
    ]


@pytest.fixture
def pages():
    index = make_index()
    project = make_project(index, body=[("paragraph", "<p>Our plans.</p>")])
    project.topics.add(Topic.objects.create(name="Parks", slug="parks"))
    project.save_revision().publish()
    board = make_board(parent=project)
    author = ParticipantFactory(email=AUTHOR_EMAIL, display_name=AUTHOR_NAME)
    IdeaFactory(page=board, author=author, title="A published idea")
    IdeaFactory(page=board, author=author, title=PENDING, moderation_state=ModerationState.PENDING)
    survey = project.add_child(
        instance=SurveyPage(
            title="Parks survey",
            slug="parks-survey",
            questions=[("short_text", {"label": "What would you change?", "max_length": 255})],
        )
    )
    SurveyResponse.objects.create(page=survey, answers={"x": "my private answer"})
    creator = ParticipantFactory(email=CREATOR_EMAIL, display_name=CREATOR_NAME)
    petition_index = make_petition_index()
    petition = make_petition(petition_index, creator=creator, creator_name=CREATOR_NAME)
    add_signatures(petition, 3, name="Signer Personname")
    pending = make_petition(
        petition_index, title=PENDING_PETITION, creator=creator, state=PetitionState.MODERATION
    )
    pending.unpublish()
    budget = make_budget(parent=project)
    from tests.events.factories import make_event, make_event_index

    events = make_event_index(parent=project)
    event = make_event(events, online_url="https://meet.example.org/private-link")
    from wagtail_participation.events import services as event_services

    event_services.register(event, author, name=AUTHOR_NAME)
    return {
        "index": index,
        "project": project,
        "board": board,
        "survey": survey,
        "petition_index": petition_index,
        "petition": petition,
        "budget": budget,
        "events": events,
        "event": event,
    }


def get(client, url):
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, (url, response.content[:500])
    return response


def assert_nothing_private(text, petition):
    for private in (
        CREATOR_EMAIL,
        CREATOR_NAME,
        AUTHOR_EMAIL,
        AUTHOR_NAME,
        "Signer Personname",
        "my private answer",
        PENDING,
        PENDING_PETITION,
        str(petition.sponsor_key),
        "private-link",
        "@example.org",
    ):
        assert private not in text, private


def test_every_page_type_lists_its_api_fields(client, pages):
    models = package_page_models()
    by_model = {type(page.specific): page for page in pages.values()}
    assert set(models) <= set(by_model), "a package page type without a page in this test"
    for model in models:
        assert model.api_fields, model
        label = f"{model._meta.app_label}.{model.__name__}"
        listing = get(client, f"/api/v2/pages/?type={label}&fields=*").json()
        assert listing["meta"]["total_count"] >= 1, label
        item = listing["items"][0]
        for field in model.api_fields:
            assert field.name in item, (label, field.name)
        detail = get(client, f"/api/v2/pages/{by_model[model].pk}/")
        for field in model.api_fields:
            assert field.name in detail.json(), (label, field.name)
        assert_nothing_private(detail.content.decode(), pages["petition"])


def test_values_are_public_content(client, pages):
    petition = get(client, f"/api/v2/pages/{pages['petition'].pk}/").json()
    assert petition["request"] == "Open the central library on Sundays."
    assert petition["signature_count"] == 3 and petition["response_threshold"] > 0
    assert petition["public_status"] == "open" and petition["phase"] == "open"
    project = get(client, f"/api/v2/pages/{pages['project'].pk}/").json()
    assert project["topics"] == ["Parks"]
    survey = get(client, f"/api/v2/pages/{pages['survey'].pk}/").json()
    assert survey["questions"][0]["value"]["label"] == "What would you change?"


def test_listing_everything_shows_nothing_private(client, pages):
    text = get(client, "/api/v2/pages/?fields=*&limit=20").content.decode()
    assert PENDING_PETITION not in text  # an unpublished page is not in the API at all
    assert_nothing_private(text, pages["petition"])
    assert json.loads(text)["meta"]["total_count"] >= 7
