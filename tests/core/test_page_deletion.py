"""Deleting any page type of the package, with contributions, through Wagtail's admin.

The tests commit (``transaction=True``) so the database checks its foreign keys and the work
queued after commit runs, as in production: nothing may fail or be left for a page that is gone.
"""

import pytest
from django.test import override_settings
from django_tasks import default_task_backend
from wagtail.models import Page

from tests.factories import (
    CommentFactory,
    ParticipantFactory,
    make_index,
    make_method_page,
    make_project,
)
from tests.ideas.factories import IdeaFactory, IdeaVoteFactory, make_board
from tests.petitions.factories import add_signatures, make_petition, make_petition_index
from tests.surveys.factories import make_survey, question
from wagtail_participation.core.models import Contribution, Report
from wagtail_participation.core.page_types import page_models
from wagtail_participation.ideas.models import Idea
from wagtail_participation.petitions.models import PetitionTally, Signature
from wagtail_participation.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _publish(page):
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


def _comment_and_report(page):
    comment = CommentFactory(page=page)
    Report.objects.create(contribution=comment, participant=ParticipantFactory(), reason="spam")
    return comment


def idea_board():
    board = _publish(make_board())
    idea = IdeaFactory(page=board)
    IdeaVoteFactory(idea=idea)
    CommentFactory(page=board, target_id=idea.pk)
    _comment_and_report(board)
    return board


def survey():
    page = make_survey([question("short_text", "Your name?", id="q1")])
    SurveyResponse.objects.create(page=page, answers={"q1": "Ann"})
    return page


def petition():
    page = _publish(make_petition())
    add_signatures(page, 3)
    _comment_and_report(page) if hasattr(page, "allow_comments") else None
    return page


def petition_index():
    index = _publish(make_petition_index())
    add_signatures(_publish(make_petition(index=index)), 2)
    return index


def project():
    page = _publish(make_project(make_index()))
    _comment_and_report(page)
    board = _publish(make_board(parent=page))
    IdeaFactory(page=board)
    return page


def index():
    page = _publish(make_index())
    _publish(make_project(page))
    return page


def method_page():
    page = _publish(make_method_page())
    _comment_and_report(page)
    return page


def budget():
    from tests.budgeting.factories import make_budget, make_proposal
    from wagtail_participation.budgeting.models import Ballot, BallotChoice

    page = _publish(make_budget())
    proposal = make_proposal(page)
    ballot = Ballot.objects.create(page=page, participant=ParticipantFactory())
    BallotChoice.objects.create(ballot=ballot, proposal=proposal, value=1)
    _comment_and_report(page) if hasattr(page, "allow_comments") else None
    return page


def event():
    from tests.events.factories import make_event, verified_resident
    from wagtail_participation.events import services

    page = _publish(make_event(capacity=1))
    services.register(page, verified_resident())
    services.register(page, verified_resident())
    return page


def event_index():
    from tests.events.factories import make_event, make_event_index, verified_resident
    from wagtail_participation.events import services

    index = _publish(make_event_index())
    services.register(_publish(make_event(index)), verified_resident())
    return index


#: What the delete confirmation names, and an export it offers, per page type.
EXPECTED = {
    "ideaboardpage": ["1 idea<", "2 comments", "1 idea vote", "1 report", "Export the ideas on"],
    "surveypage": ["1 survey response", "Export the responses to"],
    "petitionpage": ["3 signatures", "Export the signatures of"],
    "petitionindexpage": ["2 signatures", "Export the signatures of"],
    "participationprojectpage": ["1 idea<", "1 comment<", "Export the contributions on"],
    "participationindexpage": [],
    "methodpage": ["1 comment<", "1 report", "Export the contributions on"],
    "budgetpage": ["Export the contributions on"],
    "eventpage": ["2 event registrations", "Export the event registrations"],
    "eventindexpage": ["1 event registration<", "Export the event registrations"],
}

BUILDERS = {
    "ideaboardpage": idea_board,
    "surveypage": survey,
    "petitionpage": petition,
    "petitionindexpage": petition_index,
    "participationprojectpage": project,
    "participationindexpage": index,
    "methodpage": method_page,
    "budgetpage": budget,
    "eventpage": event,
    "eventindexpage": event_index,
}


def test_every_page_type_of_the_package_is_covered():
    from wagtail_participation.core.models import ParticipationPageMixin  # noqa: F401

    names = {
        model._meta.model_name
        for model in page_models(Page)
        if model._meta.app_config.name.startswith("wagtail_participation")
    }
    assert names <= set(BUILDERS), names - set(BUILDERS)


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_deleting_a_page_with_contributions(kind, admin_client):
    page = BUILDERS[kind]()
    url = f"/admin/pages/{page.pk}/delete/"
    confirm = admin_client.get(url)
    assert confirm.status_code == 200
    html = confirm.content.decode()
    for text in EXPECTED[kind]:
        assert text in html, text
    with override_settings(TASKS=DUMMY_TASKS):
        default_task_backend.clear()
        response = admin_client.post(url, {"confirm_site_name": "", "next": ""})
        assert response.status_code == 302, response.content[:2000]
        leftover = list(default_task_backend.results)
    assert not Page.objects.filter(pk=page.pk).exists()
    # Nothing was queued for the page that is gone.
    assert leftover == [], [(r.task.name, r.args, r.kwargs) for r in leftover]
    assert not Contribution.objects.filter(page_id=page.pk).exists()
    assert not Signature.objects.filter(petition_id=page.pk).exists()
    assert not PetitionTally.objects.filter(petition_id=page.pk).exists()
    assert not SurveyResponse.objects.filter(page_id=page.pk).exists()
    assert not Idea.objects.filter(page_id=page.pk).exists()
