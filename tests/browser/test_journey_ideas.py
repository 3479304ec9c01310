"""Issue 3's journey: an idea with an image on a pre-moderated board, approved, supported, answered."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from PIL import Image

from wagtail_participation.core.models import ModerationMode, ModerationState

from .test_journey_comments import sign_in_by_email

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "A drinking fountain by the playground"


def photo(path):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (1200, 900), (30, 120, 60)).save(path, format="JPEG", exif=exif.tobytes())
    return str(path)


def admin_login(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("moderator", "mod@example.org", "pw-for-tests")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "moderator")
    page.fill("#id_password", "pw-for-tests")
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_idea_journey(live_server, new_page, django_user_model, tmp_path):
    call_command("load_demo_content", stdout=io.StringIO())
    from wagtail_participation.ideas.models import Idea, IdeaBoardPage, IdeaVote
    from wagtail_participation.projects.models import ParticipationProjectPage

    project = ParticipationProjectPage.objects.get(slug="riverside-park-renewal")
    board = IdeaBoardPage(
        title="Playground ideas",
        slug="playground-ideas",
        question="What should the new playground have?",
        moderation_mode=ModerationMode.PRE,
        allow_images=True,
        allow_comments=True,
    )
    project.add_child(instance=board)
    board.save_revision().publish()
    submit_path = board.url + board.reverse_subpage("submit")

    # 1. Resident A signs in by email link and posts an idea with a photo.
    alice = new_page()
    sign_in_by_email(alice, live_server, "alice@example.org", "Alice", submit_path)
    assert alice.url.endswith(submit_path)
    alice.get_by_label("Title of your idea").fill(TITLE)
    alice.get_by_label("Describe your idea").fill(
        "Children get thirsty. A fountain would help on hot days."
    )
    alice.get_by_label(re.compile("photo or picture", re.I)).set_input_files(
        photo(tmp_path / "fountain.jpg")
    )
    alice.get_by_label(re.compile("describe the picture", re.I)).fill("A green drinking fountain")
    alice.get_by_role("button", name=re.compile("post your idea", re.I)).click()
    alice.get_by_text(re.compile("once a moderator has checked it", re.I)).wait_for()
    idea = Idea.objects.get(title=TITLE)
    assert idea.moderation_state == ModerationState.PENDING
    with idea.image.open() as stored, Image.open(stored) as image:
        assert not image.getexif()  # the phone's details are gone
    assert alice.locator("img.wp-idea__image").count() == 1

    # 2. Nobody else sees it until a moderator approves it.
    visitor = new_page()
    visitor.goto(live_server.url + board.url)
    assert visitor.get_by_text(TITLE).count() == 0
    assert visitor.goto(live_server.url + idea.get_absolute_url()).status == 404

    moderator = new_page()
    admin_login(moderator, live_server, django_user_model)
    moderator.get_by_role("button", name=re.compile("participation", re.I)).first.click()
    moderator.get_by_role("link", name=re.compile("moderation queue", re.I)).first.click()
    # The dashboard lists waiting items too: read the title in the queue, not on the dashboard.
    moderator.wait_for_url(re.compile(r"/admin/wagtail_participation/contribution/"))
    moderator.get_by_role("link", name=re.compile(TITLE, re.I)).first.click()
    moderator.get_by_role("button", name=re.compile("publish", re.I)).first.click()
    idea.refresh_from_db()
    assert idea.moderation_state == ModerationState.PUBLISHED
    visitor.goto(live_server.url + board.url)
    visitor.get_by_role("link", name=TITLE).wait_for()

    # 3. Resident B supports it with JavaScript: no page load, the count changes in place.
    bob = new_page()
    sign_in_by_email(bob, live_server, "bob@example.org", "Bob", idea.get_absolute_url())
    bob.evaluate("window.__sameDocument = true")
    bob.get_by_label(re.compile("email me when the council answers", re.I)).check()
    bob.get_by_role("button", name=re.compile("^Support", re.I)).click()
    bob.get_by_text("You support this idea.", exact=True).wait_for()
    assert bob.evaluate("window.__sameDocument") is True
    assert bob.get_by_text("1 supporter", exact=True).count() == 1

    # 4. Resident C supports it without JavaScript (a plain form post and redirect).
    carol = new_page(javascript=False)
    sign_in_by_email(carol, live_server, "carol@example.org", "Carol", idea.get_absolute_url())
    carol.get_by_label(re.compile("email me when the council answers", re.I)).check()
    carol.get_by_role("button", name=re.compile("^Support", re.I)).click()
    carol.get_by_text("You support this idea.", exact=True).wait_for()
    assert carol.get_by_text("2 supporters", exact=True).count() == 1
    idea.refresh_from_db()
    assert idea.support_count == 2 == IdeaVote.objects.filter(idea=idea).count()
    assert set(
        IdeaVote.objects.filter(idea=idea, wants_updates=True).values_list(
            "participant__email", flat=True
        )
    ) == {"bob@example.org", "carol@example.org"}

    # 5. The moderator accepts it with a response; the author and both supporters get one email each.
    mail.outbox.clear()
    respond_to_idea(moderator, live_server, idea)
    idea.refresh_from_db()
    assert idea.status == "accepted" and "We will install one" in idea.response
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["alice@example.org", "bob@example.org", "carol@example.org"]
    assert all(TITLE in message.body for message in mail.outbox)
    visitor.goto(live_server.url + idea.get_absolute_url())
    visitor.get_by_text("We will install one", exact=False).first.wait_for()


def respond_to_idea(page, live_server, idea):
    """Set the status and write the response in the admin (the ideas listing's respond form)."""
    from django.urls import reverse

    page.goto(
        live_server.url + reverse("wagtail_participation_ideas_admin:respond", args=[idea.pk])
    )
    page.get_by_label(re.compile("^status", re.I)).select_option("accepted")
    editor = page.locator(".DraftEditor-editorContainer [contenteditable=true]").first
    editor.wait_for()
    editor.click()
    page.keyboard.type("We will install one next to the new swings in May.")
    page.get_by_text("We will install one next to the new swings in May.").first.wait_for()
    page.keyboard.press("Tab")  # leave the editor, so it writes its content to the form
    page.wait_for_function(
        "() => (document.querySelector('input[name=response]') || {}).value.includes('swings')"
    )
    page.get_by_role("button", name=re.compile("save|send", re.I)).first.click()
    page.wait_for_load_state()
