"""The method's listing joins core's Participation menu through the hook, with core unchanged."""

import pytest
from django.test import Client, RequestFactory

from tests.factories import ParticipantFactory, UserFactory
from tests.testapp.onequestion.models import Answer
from wagtail_participation.core.admin.menu import participation_menu_item
from wagtail_participation.core.models import ModerationState

from .factories import make_question_page, staff_with

pytestmark = pytest.mark.django_db

LISTING = "/admin/testapp_onequestion/answer/"


def shown_items(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    items = participation_menu_item().menu.menu_items_for_request(request)
    return [(str(i.label), i.url) for i in sorted(items, key=lambda i: i.order)]


def test_the_answers_appear_in_the_participation_menu_in_their_order():
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert shown_items(superuser) == [
        ("Moderation queue", "/admin/wagtail_participation/contribution/"),
        ("Ideas", "/admin/wagtail_participation_ideas/idea/"),
        ("Petitions", "/admin/participation/petitions/"),
        ("Signatures", "/admin/wagtail_participation_petitions/signature/"),
        ("Budget proposals", "/admin/wagtail_participation_budgeting/budgetproposal/"),
        ("Ballots", "/admin/wagtail_participation_budgeting/ballot/"),
        ("Event registrations", "/admin/wagtail_participation_events/registration/"),
        ("Answers", LISTING),
        ("Surveys", "/admin/participation/surveys/"),
        ("Survey responses", "/admin/wagtail_participation_surveys/surveyresponse/"),
        ("Reported contributions", "/admin/wagtail_participation/report/"),
        ("Participants", "/admin/wagtail_participation/participant/"),
        ("Outbox", "/admin/wagtail_participation/outgoingemail/"),
    ]


def test_the_item_shows_to_moderators_only():
    editor_page = make_question_page()
    editor = staff_with(editor_page, "add_page", "change_page")
    assert ("Answers", LISTING) not in shown_items(editor)
    moderator = staff_with(editor_page, "change_page", "publish_page")
    assert ("Answers", LISTING) in shown_items(moderator)


def test_the_listing_shows_the_answers_a_moderator_may_moderate():
    mine, other = make_question_page(), make_question_page()
    author = ParticipantFactory()
    Answer.objects.create(page=mine, author=author, body="zqmine: River Square")
    Answer.objects.create(
        page=other, author=author, body="zqother", moderation_state=ModerationState.PENDING
    )
    moderator = staff_with(mine, "change_page", "publish_page")
    client = Client()
    client.force_login(moderator)
    html = client.get(LISTING).content.decode()
    assert "zqmine: River Square" in html and "zqother" not in html
    assert client.get(LISTING + "?q=River").status_code == 200
    assert client.get(LISTING + "?page__owner__password__startswith=md5").status_code == 400
    resident_client = Client()
    resident_client.force_login(UserFactory())
    assert resident_client.get(LISTING).status_code == 302  # no admin access


def test_the_listing_exports_what_it_shows():
    mine, other = make_question_page(), make_question_page()
    author = ParticipantFactory()
    Answer.objects.create(page=mine, author=author, body="=HYPERLINK(zqformula)")
    Answer.objects.create(page=mine, author=author, body="zqhidden", moderation_state="hidden")
    Answer.objects.create(page=other, author=author, body="zqother")
    client = Client()
    client.force_login(staff_with(mine, "change_page", "publish_page"))
    html = client.get(LISTING).content.decode()
    assert f"{LISTING}?export=csv" in html and f"{LISTING}?export=xlsx" in html
    response = client.get(LISTING + "?moderation_state__exact=published&export=csv")
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert csv.splitlines()[0] == "ID,Page,Answer,State,Created"
    assert "'=HYPERLINK(zqformula)" in csv  # formula-safe
    assert "zqhidden" not in csv and "zqother" not in csv
