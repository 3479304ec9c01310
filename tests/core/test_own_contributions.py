"""Residents cannot report what they wrote themselves, nor support their own idea."""

import pytest

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.core.models import Comment, Report
from wagtail_participation.ideas.models import IdeaVote

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(client):
    participant = ParticipantFactory()
    sign_in_client(client, participant)
    return participant


def test_reporting_ones_own_idea_is_refused_with_what_to_do_instead(client, author):
    idea = IdeaFactory(author=author)
    url = f"/participation/contributions/{idea.pk}/report/"
    response = client.get(url)
    assert response.status_code == 403
    assert "This is your own contribution" in response.content.decode()
    assert idea.get_absolute_url() in response.content.decode()
    response = post_form(client, url, {"reason": "spam"})
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_own_idea_page_offers_neither_report_nor_support(client, author):
    idea = IdeaFactory(author=author)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Report this idea" not in html
    assert 'name="action" value="support"' not in html
    assert "This is your own idea" in html


def test_someone_elses_idea_offers_both(client, author):
    idea = IdeaFactory()
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Report this idea" in html
    assert 'value="support"' in html


def test_supporting_ones_own_idea_is_refused(client, author):
    board = make_board()
    idea = IdeaFactory(author=author, page=board)
    response = post_form(
        client, board.url + board.reverse_subpage("vote", args=[idea.pk]), {"action": "support"}
    )
    assert response.status_code == 403
    assert not IdeaVote.objects.exists()
    idea.refresh_from_db()
    assert idea.support_count == 0


def test_the_board_offers_no_support_button_on_ones_own_card(client, author):
    board = make_board()
    own = IdeaFactory(author=author, page=board, title="Mine")
    other = IdeaFactory(page=board, title="Theirs")
    html = client.get(board.url).content.decode()
    assert board.reverse_subpage("vote", args=[other.pk]) in html
    assert board.reverse_subpage("vote", args=[own.pk]) not in html


def test_own_comment_has_no_report_link(client, author):
    idea = IdeaFactory()
    mine = Comment.objects.create(page=idea.page, target=idea, author=author, body="Mine")
    theirs = Comment.objects.create(
        page=idea.page, target=idea, author=ParticipantFactory(), body="Theirs"
    )
    html = client.get(idea.get_absolute_url()).content.decode()
    assert f"/participation/contributions/{theirs.pk}/report/" in html
    assert f"/participation/contributions/{mine.pk}/report/" not in html
