"""Issue 22, item 12: idea images cleared, replaced, rejected, deleted or forgotten leave storage.

Each path: the file exists before and is gone after the transaction commits; when the
transaction rolls back, the file stays. A file another idea still refers to is never deleted.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.core import moderation
from wagtail_participation.core.models import Contribution, ModerationMode, ModerationState
from wagtail_participation.core.privacy import anonymise_participant
from wagtail_participation.ideas.image_files import delete_unused_files
from wagtail_participation.ideas.models import Idea

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def jpeg(colour="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def storage():
    return Idea._meta.get_field("image").storage


def idea_with_image(**fields):
    idea = IdeaFactory(**fields)
    idea.image.save("photo.jpg", ContentFile(jpeg()), save=False)
    idea.image_alt = "The pond"
    idea.save()
    assert storage().exists(idea.image.name)
    return idea


def edit_url(idea):
    board = idea.page.specific
    return board.url + board.reverse_subpage("edit", args=[idea.pk])


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """The test's transaction never commits: run what would run on commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def author(client):
    participant = ParticipantFactory()
    sign_in_client(client, participant)
    return participant


def pending_idea(author):
    board = make_board(moderation_mode=ModerationMode.PRE, allow_images=True)
    return idea_with_image(page=board, author=author, moderation_state=ModerationState.PENDING)


# A resident replaces or clears the image of their pending idea


def test_replacing_an_image_deletes_the_old_file(client, author, commit):
    idea = pending_idea(author)
    old = idea.image.name
    with commit():
        response = post_form(
            client,
            edit_url(idea),
            {
                "title": idea.title,
                "description": idea.description,
                "image": SimpleUploadedFile("new.jpg", jpeg("blue"), content_type="image/jpeg"),
            },
        )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.image.name != old and storage().exists(idea.image.name)
    assert not storage().exists(old)


def test_clearing_an_image_deletes_its_file(client, author, commit):
    idea = pending_idea(author)
    old = idea.image.name
    form = client.get(edit_url(idea)).content.decode()
    assert 'name="image-clear"' in form  # the edit form offers to remove the picture
    with commit():
        response = post_form(
            client,
            edit_url(idea),
            {
                "title": idea.title,
                "description": idea.description,
                "image-clear": "on",
                "image_alt": "The pond",
            },
        )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert not idea.image and idea.image_alt == "" and not storage().exists(old)


def test_an_edit_without_a_new_image_keeps_the_file(client, author, commit):
    idea = pending_idea(author)
    old = idea.image.name
    with commit():
        post_form(
            client, edit_url(idea), {"title": "Better title", "description": idea.description}
        )
    idea.refresh_from_db()
    assert idea.title == "Better title" and idea.image.name == old and storage().exists(old)


def test_clearing_and_choosing_a_file_at_once_is_refused(client, author):
    idea = pending_idea(author)
    response = post_form(
        client,
        edit_url(idea),
        {
            "title": idea.title,
            "description": idea.description,
            "image-clear": "on",
            "image": SimpleUploadedFile("new.jpg", jpeg("blue"), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 400
    idea.refresh_from_db()
    assert storage().exists(idea.image.name)


def test_a_replacement_rolled_back_keeps_the_old_file(commit):
    idea = idea_with_image()
    old = idea.image.name
    with commit(), pytest.raises(Rollback), transaction.atomic():
        idea.image = ContentFile(jpeg("blue"), name="new.jpg")
        idea.save()
        raise Rollback
    assert storage().exists(old)
    assert Idea.objects.get(pk=idea.pk).image.name == old


# A moderator rejects the idea


def test_rejecting_an_idea_deletes_its_image(admin_client, commit):
    idea = idea_with_image(title="Keep this text")
    name = idea.image.name
    with commit():
        response = admin_client.post(
            reverse("wagtail_participation_admin:moderate", args=[idea.pk]), {"action": "reject"}
        )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.moderation_state == ModerationState.REJECTED
    assert not idea.image and idea.image_alt == "" and idea.title == "Keep this text"
    assert not storage().exists(name)


def test_a_rejection_rolled_back_keeps_the_image(admin_user, commit):
    idea = idea_with_image()
    name = idea.image.name
    with commit(), pytest.raises(Rollback), transaction.atomic():
        moderation.set_state(
            Contribution.objects.get(pk=idea.pk), ModerationState.REJECTED, user=admin_user
        )
        raise Rollback
    idea.refresh_from_db()
    assert idea.image.name == name and storage().exists(name)


def test_hiding_an_idea_keeps_its_image(admin_user, commit):
    """Hidden (by reports or a moderator) is a review pending, not a refusal."""
    idea = idea_with_image()
    with commit():
        moderation.set_state(
            Contribution.objects.get(pk=idea.pk), ModerationState.HIDDEN, user=admin_user
        )
    idea.refresh_from_db()
    assert idea.image and storage().exists(idea.image.name)


# The idea is deleted


def test_deleting_an_idea_deletes_its_image(commit):
    idea = idea_with_image()
    name = idea.image.name
    with commit():
        idea.delete()
    assert not storage().exists(name)


def test_deleting_the_board_deletes_its_ideas_images(commit):
    idea = idea_with_image()
    name = idea.image.name
    with commit():
        idea.page.delete()  # cascades to the contribution rows
    assert not Idea.objects.filter(pk=idea.pk).exists()
    assert not storage().exists(name)


def test_a_deletion_rolled_back_keeps_the_image(commit):
    idea = idea_with_image()
    name = idea.image.name
    with commit(), pytest.raises(Rollback), transaction.atomic():
        Contribution.objects.filter(pk=idea.pk).delete()
        raise Rollback
    assert Idea.objects.filter(pk=idea.pk).exists() and storage().exists(name)


# The author asks to be forgotten


def test_forget_me_deletes_the_images_of_the_authors_ideas(client, author, commit):
    idea = idea_with_image(
        author=author, title="A bench by the pond", description="Text that stays"
    )
    other = idea_with_image()  # another resident's idea keeps its image
    name = idea.image.name
    with commit():
        assert client.post("/participation/my-data/forget/").status_code == 302
    idea.refresh_from_db()
    assert not idea.image and idea.image_alt == ""
    assert (idea.title, idea.description) == ("A bench by the pond", "Text that stays")
    assert not storage().exists(name)
    other.refresh_from_db()
    assert other.image and storage().exists(other.image.name)


def test_a_forget_me_rolled_back_keeps_the_images(commit):
    idea = idea_with_image()
    name = idea.image.name
    with commit(), pytest.raises(Rollback), transaction.atomic():
        anonymise_participant(idea.author)
        raise Rollback
    idea.refresh_from_db()
    assert idea.image.name == name and storage().exists(name)


# A file still referenced is never deleted


def test_a_file_another_idea_refers_to_is_kept(commit):
    idea = idea_with_image()
    name = idea.image.name
    twin = IdeaFactory(image=name)  # e.g. an idea copied by a site's own code
    with commit():
        idea.delete()
    assert storage().exists(name)
    assert delete_unused_files([name]) == 0
    with commit():
        twin.delete()
    assert not storage().exists(name)
