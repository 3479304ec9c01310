"""Issue 24.6: a poll works however the site renders its StreamField.

Under ``{{ page.body }}`` Wagtail renders each block without the page's context, so no request
and no CSRF token reach the block: the form carries none, and the vote view is ``csrf_exempt``
and refuses what the browser says came from another site instead (``core.origin``).
"""

import pytest
from django.test import Client, RequestFactory, override_settings

from tests.page_privacy import page_with_blocks
from wagtail_participation.core.origin import same_origin
from wagtail_participation.surveys.blocks import PollBlock
from wagtail_participation.surveys.models import Poll, PollChoice, PollVote

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll():
    poll = Poll.objects.create(question="Open the library on Sundays?")
    for label in ("Yes", "No"):
        PollChoice.objects.create(poll=poll, label=label)
    page_with_blocks(("poll", {"poll": poll}))
    return poll


def vote_url(poll):
    return f"/participation/polls/{poll.pk}/vote/"


def test_the_block_renders_without_context_and_without_a_token(poll):
    block = PollBlock()
    html = block.render(block.to_python({"poll": poll.pk}))  # what {{ page.body }} does
    assert 'type="radio"' in html and f'action="{vote_url(poll)}"' in html
    assert "csrfmiddlewaretoken" not in html
    assert 'name="next"' not in html  # no request: the view goes back to the Referer


def test_a_vote_without_a_token_counts_with_csrf_checks_on(poll):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        vote_url(poll),
        {"choice": poll.choices.get(label="Yes").pk},
        HTTP_ORIGIN="http://testserver",
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_REFERER="http://testserver/news/sundays/?page=2",
    )
    assert response.status_code == 302
    assert response["Location"] == f"/news/sundays/?page=2#poll-{poll.pk}"
    assert PollVote.objects.count() == 1


def test_a_vote_from_another_site_is_refused(poll):
    choice = poll.choices.first().pk
    for headers in (
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/page/"},
    ):
        response = Client(enforce_csrf_checks=True).post(
            vote_url(poll), {"choice": choice}, **headers
        )
        assert response.status_code == 403, headers
        assert "another website" in response.content.decode()
    assert not PollVote.objects.exists()


def test_a_referer_from_elsewhere_never_becomes_the_way_back(poll):
    response = Client().post(
        vote_url(poll),
        {"choice": poll.choices.first().pk},
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_REFERER="https://evil.example/phish/",
    )
    assert response["Location"] == f"/#poll-{poll.pk}"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, True),  # not a browser: browsers always send Origin on a cross-origin POST
        ({"HTTP_SEC_FETCH_SITE": "same-origin"}, True),
        ({"HTTP_SEC_FETCH_SITE": "none"}, True),
        ({"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"}, False),
        ({"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://www.testserver"}, False),
        ({"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "https://shop.council.example"}, True),
        ({"HTTP_ORIGIN": "http://testserver"}, True),
        ({"HTTP_ORIGIN": "https://testserver"}, False),  # another scheme is another origin
        ({"HTTP_ORIGIN": "https://www.council.example"}, True),
        ({"HTTP_ORIGIN": "https://www.council.example.evil"}, False),
        ({"HTTP_ORIGIN": "not a url"}, False),
        ({"HTTP_REFERER": "http://testserver/a/"}, True),
        ({"HTTP_REFERER": "/relative/"}, False),
    ],
)
def test_same_origin(headers, expected):
    with override_settings(
        CSRF_TRUSTED_ORIGINS=["https://www.council.example", "https://*.council.example"]
    ):
        assert same_origin(RequestFactory().post("/", **headers)) is expected
