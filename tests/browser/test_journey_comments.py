"""Issue 2's journey: sign in by email link, comment, report to auto-hide, restore in the admin."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from wagtail_participation.core import moderation
from wagtail_participation.core.models import Comment, ModerationState, ReportReason
from wagtail_participation.core.participants import get_or_create_participant_for_email

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LINK = re.compile(r"https?://\S+/participation/sign-in/\S+")


def sign_in_by_email(page, live_server, email, name, next_url):
    page.goto(f"{live_server.url}/participation/sign-in/?next={next_url}")
    page.get_by_label(re.compile("email", re.I)).first.fill(email)
    name_field = page.get_by_label(re.compile("name", re.I))
    if name_field.count():
        name_field.first.fill(name)
    page.get_by_role("button", name=re.compile("sign-in link|send", re.I)).click()
    message = next(m for m in reversed(mail.outbox) if email in m.to)
    link = LINK.search(message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()


def test_comment_report_autohide_restore(live_server, new_page, django_user_model):
    call_command("load_demo_content", stdout=io.StringIO())
    from wagtail_participation.projects.models import ParticipationProjectPage

    project = ParticipationProjectPage.objects.get(slug="riverside-park-renewal")
    project_path = project.url

    # Resident A signs in by email link and comments on the project.
    alice = new_page()
    sign_in_by_email(alice, live_server, "alice@example.org", "Alice", project_path)
    assert alice.url.endswith(project_path)
    alice.get_by_label("Your comment", exact=True).fill(
        "Please keep the old oak trees by the pond."
    )
    alice.get_by_role("button", name=re.compile("post comment", re.I)).click()
    alice.get_by_text("Please keep the old oak trees by the pond.").wait_for()
    comment = Comment.objects.get(body="Please keep the old oak trees by the pond.")
    assert comment.moderation_state == ModerationState.PUBLISHED

    # Two residents reported it already; resident B's report reaches the threshold of 3.
    for email in ("carol@example.org", "dan@example.org"):
        moderation.report(
            comment, get_or_create_participant_for_email(email), ReportReason.OFF_TOPIC
        )
    bob = new_page()
    sign_in_by_email(bob, live_server, "bob@example.org", "Bob", project_path)
    bob.goto(f"{live_server.url}/participation/contributions/{comment.pk}/report/")
    bob.get_by_label(re.compile("off topic", re.I)).check()
    bob.get_by_role("button", name=re.compile("report", re.I)).click()
    bob.get_by_text(re.compile("thank", re.I)).first.wait_for()
    comment.refresh_from_db()
    assert comment.moderation_state == ModerationState.HIDDEN

    # The public no longer sees it.
    visitor = new_page()
    visitor.goto(f"{live_server.url}{project_path}")
    assert visitor.get_by_text("Please keep the old oak trees by the pond.").count() == 0

    # A moderator restores it from the moderation queue in the Wagtail admin.
    django_user_model.objects.create_superuser("moderator", "mod@example.org", "pw-for-tests")
    admin = new_page()
    admin.goto(f"{live_server.url}/admin/login/")
    admin.fill("#id_username", "moderator")
    admin.fill("#id_password", "pw-for-tests")
    admin.get_by_role("button", name=re.compile("sign in", re.I)).click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    admin.goto(f"{live_server.url}/admin/")
    admin.get_by_role("button", name=re.compile("participation", re.I)).first.click()
    admin.get_by_role("link", name=re.compile("moderation queue", re.I)).first.click()
    # The dashboard lists waiting items too: read the title in the queue, not on the dashboard.
    admin.wait_for_url(re.compile(r"/admin/wagtail_participation/contribution/"))
    admin.get_by_role("link", name=re.compile("Please keep the old oak trees", re.I)).first.click()
    admin.get_by_role("button", name=re.compile("publish", re.I)).first.click()
    comment.refresh_from_db()
    assert comment.moderation_state == ModerationState.PUBLISHED

    visitor.reload()
    visitor.get_by_text("Please keep the old oak trees by the pond.").wait_for()
