"""Wagtail's preview shows an idea board's form; sending it from the preview posts nothing."""

import re

import pytest

from tests.factories import antispam_fields
from tests.ideas.factories import make_board
from wagtail_participation.core.models import Participant
from wagtail_participation.ideas.models import Idea

pytestmark = pytest.mark.django_db


def test_the_preview_shows_the_submit_form_and_posts_nothing(admin_client, admin_user):
    board = make_board()
    board.save_revision().publish()
    assert [mode for mode, _label in board.preview_modes] == ["", "submit"]
    url = f"/admin/pages/{board.pk}/revisions/{board.latest_revision.pk}/view/"
    for mode in ["", "submit", "nonsense"]:
        assert admin_client.get(url, {"mode": mode}).status_code == 200, mode
    html = admin_client.get(url, {"mode": "submit"}).content.decode()
    form = re.search(r"<form [^>]*wp-form[^>]*>", html).group(0)
    assert 'method="get"' in form and "enctype" not in form
    assert "csrfmiddlewaretoken" not in html and 'name="mode" value="submit"' in html
    data = {
        "mode": "submit",
        "title": "A bench",
        "description": "By the pond.",
        **antispam_fields(),
    }
    assert admin_client.get(url, data).status_code == 200
    assert not Idea.objects.exists()
    assert not Participant.objects.filter(user=admin_user).exists()
