"""Odd numbers in the query string of an idea board never raise a server error."""

import pytest
from django.test import Client

from tests.ideas.factories import make_board

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["%C2%B2", "%D9%A3", "99999999999999999999999"])
def test_odd_page_numbers_on_a_board_never_raise(page):
    """``"²"`` passes ``str.isdigit`` but not ``int``: it raised a server error on the listing."""
    board = make_board()
    assert Client().get(f"{board.url}?page={page}").status_code == 200
