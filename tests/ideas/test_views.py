"""Residents on an idea board: listing, an idea, posting, editing, withdrawing, voting."""

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.core.models import ModerationMode, ModerationState
from wagtail_participation.ideas.models import Idea, IdeaVote, VotingMode
from wagtail_participation.projects.models import Topic

pytestmark = pytest.mark.django_db


def idea_url(idea, name="idea"):
    board = idea.page.specific
    return board.url + board.reverse_subpage(name, args=[idea.pk])


def submit_url(board):
    return board.url + board.reverse_subpage("submit")


def png_bytes(size=(40, 30), mode="RGB", fmt="PNG", **save):
    buffer = io.BytesIO()
    Image.new(mode, size, "red").save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(name, content, content_type="image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def board():
    return make_board()


@pytest.fixture
def resident(client):
    participant = ParticipantFactory()
    sign_in_client(client, participant)
    return participant


# Listing


def test_listing_shows_published_ideas_only(client, board):
    IdeaFactory(page=board, title="Benches by the pond")
    IdeaFactory(page=board, title="Secret pending idea", moderation_state=ModerationState.PENDING)
    IdeaFactory(page=board, title="Withdrawn idea", withdrawn_at=timezone.now())
    response = client.get(board.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Benches by the pond" in html
    assert "Secret pending idea" not in html
    assert "Withdrawn idea" not in html


def test_listing_sorts_and_filters(client, board):
    topic = Topic.objects.create(name="Parks", slug="parks")
    board.categories.set([topic])
    board.save_revision().publish()
    popular = IdeaFactory(page=board, title="Popular", score=10, support_count=10, category=topic)
    IdeaFactory(page=board, title="Quiet", status="accepted")
    html = client.get(board.url + "?sort=supported").content.decode()
    assert html.index("Popular") < html.index("Quiet")
    html = client.get(board.url + "?category=parks").content.decode()
    assert "Popular" in html and ">Quiet<" not in html
    html = client.get(board.url + "?status=accepted").content.decode()
    assert ">Quiet<" in html and ">Popular<" not in html
    for sort in ("newest", "discussed", "trending", "nonsense"):
        assert client.get(board.url + f"?sort={sort}").status_code == 200
    assert popular.pk


def test_listing_search(client, board):
    IdeaFactory(
        page=board, title="Solar panels on the library", description="Roofs can make power."
    )
    IdeaFactory(page=board, title="More benches", description="Places to rest.")
    html = client.get(board.url + "?q=solar").content.decode()
    assert "Solar panels on the library" in html
    assert "More benches" not in html


@pytest.mark.parametrize(
    "query", ["?page=999", "?page=abc", "?page=-1", "?q=" + "x" * 5000, "?q=%00", "?category=%27"]
)
def test_listing_bad_parameters_never_fail(client, board, query):
    IdeaFactory(page=board)
    assert client.get(board.url + query).status_code == 200


def test_listing_paginates(client, board, settings):
    settings.WAGTAIL_PARTICIPATION_PAGE_SIZE = 2
    for n in range(5):
        IdeaFactory(page=board, title=f"Idea {n}")
    response = client.get(board.url + "?page=2")
    assert response.context["ideas"].number == 2
    assert 'rel="next"' in response.content.decode()


def test_feed(client, board):
    IdeaFactory(
        page=board, title="<script>alert(1)</script> trees", description="<b>More</b> trees"
    )
    response = client.get(board.url + board.reverse_subpage("feed"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>" not in body and "&lt;script&gt;" not in body.replace(
        "&amp;lt;script&amp;gt;", ""
    )


# One idea


def test_idea_page(client, board):
    idea = IdeaFactory(
        page=board,
        title="Trees on Mill Lane",
        response="<p>We will plant ten.</p>",
        status="accepted",
        status_changed_at=timezone.now(),
    )
    response = client.get(idea_url(idea))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trees on Mill Lane" in html and "We will plant ten." in html and "Accepted" in html


def test_pending_idea_visible_to_its_author_only(client, board):
    author = ParticipantFactory()
    idea = IdeaFactory(page=board, author=author, moderation_state=ModerationState.PENDING)
    assert client.get(idea_url(idea)).status_code == 404
    sign_in_client(client, ParticipantFactory())
    assert client.get(idea_url(idea)).status_code == 404
    sign_in_client(client, author)
    assert client.get(idea_url(idea)).status_code == 200


def test_idea_of_another_board_is_not_found(client, board):
    idea = IdeaFactory(page=make_board())
    assert client.get(board.url + board.reverse_subpage("idea", args=[idea.pk])).status_code == 404


def test_map_tiles_when_configured(client, board, settings):
    settings.WAGTAIL_PARTICIPATION_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    idea = IdeaFactory(page=board, address="Mill Lane", latitude="51.500000", longitude="-0.120000")
    html = client.get(idea_url(idea)).content.decode()
    assert "https://tiles.example.org/16/" in html and "Mill Lane" in html


# Posting


def test_post_idea_needs_sign_in(client, board):
    response = client.get(submit_url(board))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_post_idea(client, board, resident):
    assert client.get(submit_url(board)).status_code == 200
    response = post_form(
        client, submit_url(board), {"title": "Pond fountain", "description": "A fountain."}
    )
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == idea_url(idea)
    assert idea.author == resident and idea.moderation_state == ModerationState.PUBLISHED
    assert idea.status == "submitted"


def test_pre_moderated_idea_is_pending(client, resident):
    board = make_board(moderation_mode=ModerationMode.PRE)
    post_form(client, submit_url(board), {"title": "Pond fountain", "description": "A fountain."})
    idea = Idea.objects.get()
    assert idea.moderation_state == ModerationState.PENDING
    assert "Pond fountain" not in client.get(board.url).content.decode()


def test_post_idea_errors_keep_what_was_typed(client, board, resident):
    response = post_form(client, submit_url(board), {"title": "", "description": "My long text"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "My long text" in html and "wp-error" in html
    assert not Idea.objects.exists()


def test_script_in_title_and_description_is_escaped(client, board, resident):
    post_form(
        client,
        submit_url(board),
        {
            "title": "<script>alert(1)</script>",
            "description": '<img src=x onerror="alert(2)"> hi',
        },
    )
    idea = Idea.objects.get()
    for url in (idea_url(idea), board.url):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "field,value", [("title", "x" * 121), ("description", "x" * 2001), ("title", "bad\x00null")]
)
def test_limits_and_control_characters(client, board, resident, field, value):
    data = {"title": "A title", "description": "Text", field: value}
    assert post_form(client, submit_url(board), data).status_code == 400
    assert not Idea.objects.exists()


def test_category_required_and_checked(client, resident):
    topic = Topic.objects.create(name="Parks", slug="parks")
    other = Topic.objects.create(name="Roads", slug="roads")
    board = make_board(categories=[topic])
    data = {"title": "Idea", "description": "Text"}
    assert post_form(client, submit_url(board), data).status_code == 400
    assert post_form(client, submit_url(board), {**data, "category": other.pk}).status_code == 400
    assert post_form(client, submit_url(board), {**data, "category": "1 OR 1=1"}).status_code == 400
    assert post_form(client, submit_url(board), {**data, "category": topic.pk}).status_code == 302
    assert Idea.objects.get().category == topic


def test_location(client, resident):
    board = make_board(ask_location=True)
    data = {"title": "Idea", "description": "Text", "address": "Mill Lane", "latitude": "51.5"}
    assert post_form(client, submit_url(board), data).status_code == 400  # longitude missing
    assert post_form(client, submit_url(board), {**data, "longitude": "999"}).status_code == 400
    assert post_form(client, submit_url(board), {**data, "longitude": "-0.12"}).status_code == 302
    idea = Idea.objects.get()
    assert idea.address == "Mill Lane" and idea.has_location


def test_image_is_reencoded_without_exif(client, resident):
    board = make_board(allow_images=True)
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    jpeg = png_bytes(size=(3000, 2000), fmt="JPEG", exif=exif.tobytes())
    response = post_form(
        client,
        submit_url(board),
        {
            "title": "Idea",
            "description": "Text",
            "image": upload("photo.jpg", jpeg, "image/jpeg"),
            "image_alt": "A red square",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    idea = Idea.objects.get()
    with idea.image.open() as stored, Image.open(stored) as image:
        assert max(image.size) == 1600
        assert not image.getexif()
    assert idea.image.name.endswith(".jpg") and "photo" not in idea.image.name


@pytest.mark.parametrize(
    "name,content",
    [
        ("fake.png", b"<?php echo 'not an image'; ?>"),
        ("script.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("anim.gif", None),
        ("truncated.png", "truncated"),
    ],
)
def test_fake_images_are_refused(client, resident, name, content):
    board = make_board(allow_images=True)
    if content is None:
        content = png_bytes(fmt="GIF")
    elif content == "truncated":
        content = png_bytes(size=(200, 200))[:60]
    response = post_form(
        client,
        submit_url(board),
        {
            "title": "Idea",
            "description": "Text",
            "image": upload(name, content),
        },
    )
    assert response.status_code == 400
    assert "not an image we can use" in response.content.decode()
    assert not Idea.objects.exists()


def test_oversized_image_is_refused(client, resident, settings):
    settings.WAGTAIL_PARTICIPATION_IDEA_IMAGE_MAX_BYTES = 1000
    board = make_board(allow_images=True)
    response = post_form(
        client,
        submit_url(board),
        {
            "title": "Idea",
            "description": "Text",
            "image": upload("big.png", png_bytes(size=(400, 400), mode="RGB") + b"0" * 2000),
        },
    )
    assert response.status_code == 400
    assert "too large" in response.content.decode()


def test_images_ignored_when_board_does_not_allow_them(client, board, resident):
    post_form(
        client,
        submit_url(board),
        {
            "title": "Idea",
            "description": "Text",
            "image": upload("p.png", png_bytes()),
        },
    )
    assert not Idea.objects.get().image


def test_closed_board_refuses_ideas(client, resident):
    board = make_board(closes_at=timezone.now() - datetime.timedelta(days=1))
    response = post_form(client, submit_url(board), {"title": "Idea", "description": "Text"})
    assert response.status_code == 403
    assert not Idea.objects.exists()


def test_login_required_board(client, resident):
    board = make_board(contribution_requirement="login")
    assert (
        post_form(client, submit_url(board), {"title": "Idea", "description": "Text"}).status_code
        == 403
    )


def test_ideas_per_resident_limit(client, resident):
    board = make_board(max_ideas_per_participant=1)
    assert (
        post_form(client, submit_url(board), {"title": "One", "description": "Text"}).status_code
        == 302
    )
    response = post_form(client, submit_url(board), {"title": "Two", "description": "Text"})
    assert response.status_code == 403
    assert Idea.objects.count() == 1


def test_similar_ideas(client, board):
    IdeaFactory(page=board, title="Benches in the park")
    IdeaFactory(page=board, title="Hidden benches", moderation_state=ModerationState.HIDDEN)
    data = client.get(board.url + board.reverse_subpage("similar") + "?title=benches").json()
    assert [r["title"] for r in data["results"]] == ["Benches in the park"]
    assert client.get(board.url + board.reverse_subpage("similar") + "?title=x").json() == {
        "results": []
    }


# Editing and withdrawing


def test_author_edits_pending_idea(client, resident):
    board = make_board(moderation_mode=ModerationMode.PRE)
    idea = IdeaFactory(page=board, author=resident, moderation_state=ModerationState.PENDING)
    assert client.get(idea_url(idea, "edit")).status_code == 200
    response = post_form(
        client, idea_url(idea, "edit"), {"title": "Better title", "description": "Better"}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Better title"


def test_published_idea_cannot_be_edited_without_a_time_for_changes(
    client, board, resident, settings
):
    settings.WAGTAIL_PARTICIPATION_IDEA_EDIT_PUBLISHED_MINUTES = 0  # see test_editing_published
    idea = IdeaFactory(page=board, author=resident)
    assert (
        post_form(client, idea_url(idea, "edit"), {"title": "x", "description": "y"}).status_code
        == 403
    )


def test_another_residents_edit_url_is_not_found(client, board, resident):
    idea = IdeaFactory(page=board, moderation_state=ModerationState.PENDING)
    assert client.get(idea_url(idea, "edit")).status_code == 404
    assert (
        post_form(
            client, idea_url(idea, "edit"), {"title": "Hijack", "description": "y"}
        ).status_code
        == 404
    )
    assert client.post(idea_url(idea, "withdraw")).status_code == 404
    idea.refresh_from_db()
    assert idea.title != "Hijack" and idea.withdrawn_at is None


def test_withdraw(client, board, resident):
    idea = IdeaFactory(page=board, author=resident)
    assert client.get(idea_url(idea, "withdraw")).status_code == 200
    assert client.post(idea_url(idea, "withdraw")).status_code == 302
    idea.refresh_from_db()
    assert idea.withdrawn_at is not None
    assert idea.title not in client.get(board.url).content.decode()


# Voting


def vote(client, idea, action="support", json=False, **extra):
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(idea_url(idea, "vote"), {"action": action, **extra}, **headers)


def test_vote_and_unvote(client, board, resident):
    idea = IdeaFactory(page=board)
    assert vote(client, idea).status_code == 302
    assert vote(client, idea).status_code == 302  # a repeat changes nothing
    idea.refresh_from_db()
    assert idea.support_count == 1 == IdeaVote.objects.count()
    data = vote(client, idea, "remove", json=True).json()
    assert data["support_count"] == 0 and data["my_vote"] == 0
    assert not IdeaVote.objects.exists()


def test_vote_with_json_and_updates(client, board, resident):
    idea = IdeaFactory(page=board)
    data = vote(client, idea, json=True, wants_updates="1").json()
    assert data == {
        "support_count": 1,
        "oppose_count": 0,
        "score": 1,
        "my_vote": 1,
        "message": data["message"],
    }
    assert IdeaVote.objects.get().wants_updates


def test_oppose_only_when_board_allows(client, resident):
    idea = IdeaFactory(page=make_board())
    assert vote(client, idea, "oppose").status_code == 400
    idea = IdeaFactory(page=make_board(voting_mode=VotingMode.UP_DOWN))
    vote(client, idea, "support")
    vote(client, idea, "oppose")
    idea.refresh_from_db()
    assert (idea.support_count, idea.oppose_count, idea.score) == (0, 1, -1)


@pytest.mark.parametrize(
    "case", ["closed", "hidden", "pending", "withdrawn", "no_voting", "bad_action"]
)
def test_votes_refused(client, resident, case):
    board = make_board(
        closes_at=timezone.now() - datetime.timedelta(days=1) if case == "closed" else None,
        voting_mode=VotingMode.NONE if case == "no_voting" else VotingMode.SUPPORT,
    )
    idea = IdeaFactory(
        page=board,
        moderation_state={"hidden": ModerationState.HIDDEN, "pending": ModerationState.PENDING}.get(
            case, ModerationState.PUBLISHED
        ),
        withdrawn_at=timezone.now() if case == "withdrawn" else None,
    )
    response = vote(client, idea, "explode" if case == "bad_action" else "support")
    assert 400 <= response.status_code < 500
    assert not IdeaVote.objects.exists()
    response = vote(client, idea, "explode" if case == "bad_action" else "support", json=True)
    assert 400 <= response.status_code < 500 and "error" in response.json()


def test_vote_needs_sign_in(client, board):
    idea = IdeaFactory(page=board)
    response = vote(client, idea)
    assert response.status_code == 302 and "sign-in" in response["Location"]
    assert vote(client, idea, json=True).status_code == 401


def test_vote_get_redirects_to_idea(client, board):
    idea = IdeaFactory(page=board)
    assert client.get(idea_url(idea, "vote")).status_code == 302


def test_vote_next_url_must_stay_on_board(client, board, resident):
    idea = IdeaFactory(page=board)
    response = vote(client, idea, next="https://evil.example/")
    assert response["Location"] == idea_url(idea)
    response = vote(client, IdeaFactory(page=board), next=board.url + "?sort=supported")
    assert response["Location"] == board.url + "?sort=supported"


def test_comment_count_follows_comments_and_moderation(client, board, resident):
    from wagtail_participation.core import moderation
    from wagtail_participation.core.models import Comment

    idea = IdeaFactory(page=board)
    response = post_form(
        client, f"/participation/comments/contribution/{idea.pk}/", {"body": "Nice"}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.comment_count == 1
    moderation.set_state(Comment.objects.get(), ModerationState.HIDDEN)
    idea.refresh_from_db()
    assert idea.comment_count == 0


def test_submit_form_shows_the_fields_the_board_asks_for(client, resident):
    topic = Topic.objects.create(name="Parks", slug="parks")
    board = make_board(categories=[topic], ask_location=True, allow_images=True)
    html = client.get(submit_url(board)).content.decode()
    for name in (
        "title",
        "description",
        "category",
        "address",
        "latitude",
        "longitude",
        "image",
        "image_alt",
    ):
        assert f'name="{name}"' in html, name
    assert 'enctype="multipart/form-data"' in html
    assert html.index('name="image_alt"') < html.index('name="website"')  # honeypot last


def test_personal_data_and_forget_me_cover_ideas_and_votes(board):
    from wagtail_participation.core.privacy import anonymise_participant, export_participant_data
    from wagtail_participation.ideas.counts import cast_vote

    resident = ParticipantFactory()
    IdeaFactory(page=board, author=resident, title="My idea", description="All of my text " * 30)
    other = IdeaFactory(page=board, title="Their idea")
    cast_vote(other, resident, IdeaVote.SUPPORT, wants_updates=True)
    data = export_participant_data(resident)
    assert data["contributions"][0]["text"].rstrip().endswith("All of my text")
    assert data["idea_votes"][0]["idea"] == "Their idea" and data["idea_votes"][0]["wants_updates"]
    anonymise_participant(resident)
    assert not IdeaVote.objects.get().wants_updates
    other.refresh_from_db()
    assert other.support_count == 1


@pytest.mark.parametrize("name", ["idea", "edit", "withdraw", "vote"])
def test_huge_idea_ids_are_not_found(client, board, resident, name):
    url = board.url + board.reverse_subpage(name, args=[10**30])
    response = client.post(url) if name == "vote" else client.get(url)
    assert response.status_code in (302, 404)
    assert client.post(url, {"action": "support"}).status_code in (302, 404)


def test_a_photos_description_is_read_once(client, resident):
    """The description is the picture's text alternative; no caption repeats it."""
    board = make_board(allow_images=True)
    post_form(
        client,
        submit_url(board),
        {
            "title": "Idea",
            "description": "Text",
            "image": upload("photo.png", png_bytes(size=(40, 30))),
            "image_alt": "A bench under the old willow",
        },
    )
    idea = Idea.objects.get()
    html = client.get(idea.get_absolute_url()).content.decode()
    assert html.count("A bench under the old willow") == 1
    assert 'alt="A bench under the old willow"' in html
