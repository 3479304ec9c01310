"""A site's own idea board page type (``SiteIdeaBoardPage``, built from ``IdeaBoardPageMixin`` in
tests/testapp) gets every view, block, feed, export and staff tool of the package's own board."""

import io

import pytest
from django.core import mail
from django.test import Client
from openpyxl import load_workbook
from wagtail.models import PageLogEntry

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.ideas.factories import IdeaFactory, make_board
from tests.ideas.test_admin import LISTING, contentstate, moderator_of
from tests.testapp.models import SiteIdeaBoardPage
from wagtail_participation.core.models import (
    Comment,
    ModerationMode,
    ModerationState,
    Report,
)
from wagtail_participation.ideas.blocks import IdeaBoardTeaserBlock
from wagtail_participation.ideas.models import Idea, IdeaVote, VotingMode

pytestmark = pytest.mark.django_db


def route(board, name, *args):
    return board.url + board.reverse_subpage(name, args=list(args) or None)


def respond_url(idea):
    return f"/admin/participation/ideas/{idea.pk}/respond/"


def export_url(fmt, query=""):
    return f"/admin/participation/ideas/export.{fmt}{query}"


@pytest.fixture
def board():
    return make_board(model=SiteIdeaBoardPage, voting_mode=VotingMode.UP_DOWN)


@pytest.fixture
def resident(client):
    participant = ParticipantFactory(email="resident@example.org")
    sign_in_client(client, participant)
    return participant


@pytest.fixture
def admin_client(django_user_model):
    client = Client()
    client.force_login(
        django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    )
    return client


def test_the_board_is_the_sites_own_page_type(board):
    assert type(board) is SiteIdeaBoardPage
    assert board.template == "testapp/site_idea_board_page.html"


def test_board_renders_with_its_template_and_public_ideas(client, board):
    IdeaFactory(page=board, title="Benches by the pond")
    IdeaFactory(page=board, title="Secret pending idea", moderation_state=ModerationState.PENDING)
    response = client.get(board.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This site's own idea board." in html  # its own template, extending the package's
    assert "Benches by the pond" in html and "Secret pending idea" not in html
    for sort in ("newest", "supported", "discussed", "trending"):
        assert client.get(board.url + f"?sort={sort}&q=benches").status_code == 200


def test_resident_posts_supports_comments_and_reports(client, board, resident):
    assert client.get(route(board, "submit")).status_code == 200
    response = post_form(
        client, route(board, "submit"), {"title": "Pond fountain", "description": "A fountain."}
    )
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == route(board, "idea", idea.pk)
    assert idea.page_id == board.pk and idea.author == resident and idea.is_published

    other = IdeaFactory(page=board, title="More trees")
    assert client.post(route(board, "vote", other.pk), {"action": "support"}).status_code == 302
    data = client.post(
        route(board, "vote", other.pk), {"action": "oppose"}, HTTP_ACCEPT="application/json"
    ).json()
    assert (data["support_count"], data["oppose_count"], data["my_vote"]) == (0, 1, -1)
    assert IdeaVote.objects.get().value == IdeaVote.OPPOSE

    response = post_form(
        client, f"/participation/comments/contribution/{other.pk}/", {"body": "Good idea"}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.comment_count == 1 and Comment.objects.get().target_id == other.pk

    response = post_form(
        client,
        f"/participation/contributions/{other.pk}/report/",
        {"reason": "spam", "details": "Looks like spam"},
    )
    assert response.status_code == 302 and Report.objects.get().contribution_id == other.pk


def test_idea_page_and_its_routes(client, board, resident):
    idea = IdeaFactory(page=board, title="Trees on Mill Lane", response="<p>We will plant ten.</p>")
    html = client.get(route(board, "idea", idea.pk)).content.decode()
    assert "Trees on Mill Lane" in html and "We will plant ten." in html
    assert idea.get_absolute_url() == route(board, "idea", idea.pk)
    results = client.get(route(board, "similar") + "?title=Trees Mill").json()["results"]
    assert results == [{"title": "Trees on Mill Lane", "url": idea.get_absolute_url()}]

    mine = IdeaFactory(page=board, author=resident, moderation_state=ModerationState.PENDING)
    response = post_form(
        client, route(board, "edit", mine.pk), {"title": "Better title", "description": "Better"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.title == "Better title"
    assert client.get(route(board, "withdraw", mine.pk)).status_code == 200
    assert client.post(route(board, "withdraw", mine.pk)).status_code == 302
    mine.refresh_from_db()
    assert mine.withdrawn_at is not None

    assert client.get(route(board, "idea", IdeaFactory().pk)).status_code == 404  # another board


def test_moderator_moderates_and_responds(client, django_capture_on_commit_callbacks):
    board = make_board(model=SiteIdeaBoardPage, moderation_mode=ModerationMode.PRE)
    author = ParticipantFactory(email="author@example.org")
    sign_in_client(client, author)
    post_form(client, route(board, "submit"), {"title": "Pond fountain", "description": "Yes."})
    idea = Idea.objects.get()
    assert idea.moderation_state == ModerationState.PENDING
    assert "Pond fountain" not in Client().get(board.url).content.decode()

    staff = Client()
    staff.force_login(moderator_of(board))
    assert staff.get(f"/admin/participation/moderate/{idea.pk}/").status_code == 200
    staff.post(f"/admin/participation/moderate/{idea.pk}/", {"action": "publish"})
    idea.refresh_from_db()
    assert idea.moderation_state == ModerationState.PUBLISHED
    assert "Pond fountain" in Client().get(board.url).content.decode()

    assert staff.get(respond_url(idea)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            respond_url(idea),
            {
                "status": "accepted",
                "response": contentstate("We will build it."),
                "responder_name": "Parks team",
                "notify": "on",
            },
        )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == "accepted" and "We will build it." in idea.response
    assert [m.to for m in mail.outbox] == [["author@example.org"]]
    assert route(board, "idea", idea.pk) in mail.outbox[0].body
    entry = PageLogEntry.objects.get(action="wagtail_participation.idea_status")
    assert entry.page_id == board.pk
    assert "We will build it." in Client().get(idea.get_absolute_url()).content.decode()


def test_admin_listing_and_exports_include_the_board(admin_client, board):
    IdeaFactory(page=board, title="Site board idea", status="accepted")
    IdeaFactory(page=make_board(), title="Package board idea")
    html = admin_client.get(LISTING).content.decode()
    assert "Site board idea" in html and "Package board idea" in html
    assert f'href="?board={board.pk}"' in html  # the board filter offers it
    html = admin_client.get(LISTING + f"?board={board.pk}").content.decode()
    assert "Site board idea" in html and "Package board idea" not in html

    response = admin_client.get(export_url("csv", f"?board={board.pk}"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Site board idea" in text and "Package board idea" not in text
    assert board.title in text and route(board, "idea", Idea.objects.get(page=board).pk) in text
    # The listing's own export follows its filters, with the columns it always had.
    response = admin_client.get(LISTING + f"?board={board.pk}&export=csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "ID,Board,Title,Description,Category,Status,Moderation state,Supporters,Opponents,"
        "Comments,Author,Created,Response date,Address,Address on the site"
    )
    assert len(lines) == 2 and "Site board idea" in lines[1]
    response = admin_client.get(export_url("xlsx"))
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert {row[2] for row in rows[1:]} == {"Site board idea", "Package board idea"}


def test_feed_and_teaser_block(client, board):
    IdeaFactory(page=board, title="Few", score=1)
    IdeaFactory(page=board, title="Many", score=9)
    IdeaFactory(page=board, title="Hidden", score=99, moderation_state=ModerationState.HIDDEN)
    body = client.get(route(board, "feed")).content.decode()
    assert "Many" in body and "Few" in body and "Hidden" not in body

    block = IdeaBoardTeaserBlock()
    assert SiteIdeaBoardPage in block.child_blocks["board"].target_models
    html = block.render(
        block.to_python({"board": board.pk, "heading": "", "show": "supported", "count": 1})
    )
    assert board.question in html and "Many" in html and "Few" not in html
    assert route(board, "submit") in html
