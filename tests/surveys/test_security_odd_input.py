"""Odd answers posted to a poll never raise a server error."""

import pytest

from tests.page_privacy import page_with_blocks
from wagtail_participation.surveys.models import Poll, PollChoice, PollVote

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("choice", ["²", "٣", "9" * 30, str(2**63), "-1", ""])
def test_odd_choices_are_refused_without_an_error(client, choice):
    """``"²"`` passes ``str.isdigit`` but not ``int``, and 30 digits overflow a database integer."""
    poll = Poll.objects.create(question="Open on Sundays?")
    PollChoice.objects.create(poll=poll, label="Yes")
    page_with_blocks(("poll", {"poll": poll}))
    response = client.post(
        f"/participation/polls/{poll.pk}/vote/",
        {"choice": choice, "next": "/"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert not PollVote.objects.exists()
