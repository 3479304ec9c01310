"""Issue 23, points 4, 5, 6 and 11 on core's forms and admin.

- honeypots are hidden from screen readers too (``aria-hidden`` wrapper, out of the tab order);
- a field in error is marked (class, message, ``aria-invalid``) and the error summary takes focus;
- a form refused as "too quick" comes back with what was typed and may be sent again at once;
  the sign-in form has its own, shorter minimum;
- moderators read resident text as typed: escaped once, never twice.
"""

import html
import re
import time

import pytest
from django.test import override_settings

from tests.factories import CommentFactory, ParticipantFactory, make_method_page, sign_in_client
from tests.ideas.factories import IdeaFactory
from wagtail_participation.core.antispam import issue_token, read_token
from wagtail_participation.core.forms import SignInForm

pytestmark = pytest.mark.django_db
SIGN_IN = "/participation/sign-in/"
TOKEN = re.compile(r'name="form_rendered" value="([^"]+)"')


def honeypots(page_html):
    """Each honeypot input with the opening tag of its wrapper."""
    return re.findall(
        r'(<div[^>]*class="[^"]*wp-honeypot[^"]*"[^>]*>).*?(<input[^>]*name="website"[^>]*>)',
        page_html,
        re.S,
    )


def test_honeypots_are_hidden_from_screen_readers_and_the_tab_order(client):
    page = make_method_page()
    CommentFactory(page=page)
    sign_in_client(client, ParticipantFactory())
    found = honeypots(client.get(SIGN_IN).content.decode())
    found += honeypots(client.get(page.url).content.decode())  # the comment form and a reply form
    assert len(found) == 3
    for wrapper, field in found:
        assert 'aria-hidden="true"' in wrapper
        assert 'tabindex="-1"' in field and 'autocomplete="off"' in field


def test_a_field_in_error_is_marked_and_the_summary_takes_focus(client):
    response = client.post(SIGN_IN, {"email": "not an address", "form_rendered": issue_token("x")})
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(r'<div class="wp-error-summary"[^>]*tabindex="-1" autofocus>', page)
    field = re.search(
        r'<div class="wp-field wp-field--error" id="div_id_email">(.*?)</div>', page, re.S
    )
    assert field and 'class="wp-error-message" id="id_email_error"' in field.group(1)
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_email"', field.group(1))


@override_settings(WAGTAIL_PARTICIPATION_MIN_FILL_SECONDS=3)
def test_a_form_sent_too_fast_keeps_the_text_and_may_be_sent_again_at_once(client):
    page = make_method_page()
    sign_in_client(client, ParticipantFactory())
    url = f"/participation/comments/page/{page.pk}/"
    token = TOKEN.search(client.get(page.url).content.decode()).group(1)
    token = html.unescape(token)
    first = read_token(token)[0]
    refused = client.post(url, {"body": "Autofilled and sent at once", "form_rendered": token})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "quicker than we expected" in body and "Autofilled and sent at once" in body
    fresh = html.unescape(TOKEN.search(body).group(1))
    assert read_token(fresh)[0] == pytest.approx(first)  # the time counts from the first render
    # A moment later the resident sends the same form again, and it is accepted.
    later = time.time() + 3.1
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("wagtail_participation.core.antispam.time.time", lambda: later)
        sent = client.post(url, {"body": "Autofilled and sent at once", "form_rendered": fresh})
    assert sent.status_code == 302


@override_settings(
    WAGTAIL_PARTICIPATION_MIN_FILL_SECONDS=3, WAGTAIL_PARTICIPATION_SIGN_IN_MIN_FILL_SECONDS=1
)
def test_the_sign_in_form_has_a_shorter_minimum():
    form_id = read_token(SignInForm().initial["form_rendered"])[2]
    two_seconds = issue_token(form_id, time.time() - 2)
    assert SignInForm({"email": "ann@example.org", "form_rendered": two_seconds}).is_valid()
    half = issue_token(form_id, time.time() - 0.5)
    form = SignInForm({"email": "ann@example.org", "form_rendered": half})
    assert not form.is_valid() and "quicker than we expected" in str(form.non_field_errors())


def test_the_sign_in_minimum_is_checked():
    from wagtail_participation.core.checks import check_settings

    with override_settings(WAGTAIL_PARTICIPATION_SIGN_IN_MIN_FILL_SECONDS=-1):
        messages = [str(e.msg) for e in check_settings(None)]
    assert any("SIGN_IN_MIN_FILL_SECONDS" in m for m in messages)


TYPED = "It's <b>bold</b> & \"quoted\" < > 'single'"


def shown_text(page_html):
    """The page's text as a browser shows it (tags dropped, entities decoded once)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page_html))


def test_moderators_read_resident_text_as_typed(admin_client):
    page = make_method_page(title="P")
    comment = CommentFactory(page=page, body=TYPED)
    idea = IdeaFactory(title=TYPED, description=TYPED, address=TYPED)
    from wagtail_participation.core import moderation

    moderation.report(idea, ParticipantFactory(), "other", TYPED)
    for url in [
        "/admin/wagtail_participation/contribution/",
        f"/admin/participation/moderate/{comment.pk}/",
        f"/admin/participation/moderate/{idea.pk}/",
        f"/admin/participation/ideas/{idea.pk}/respond/",
        "/admin/wagtail_participation_ideas/idea/",
        "/admin/wagtail_participation/report/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        page_html = response.content.decode()
        for escaped_twice in ("&amp;#x27;", "&amp;lt;", "&amp;gt;", "&amp;quot;", "&amp;amp;"):
            assert escaped_twice not in page_html, (url, escaped_twice)
        assert "It's <b>bold</b>" in shown_text(page_html), url
