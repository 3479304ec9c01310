"""core.translations: which translation holds the contributions."""

import pytest
from django.test import override_settings
from wagtail.models import Locale, Page

from tests.factories import site_root
from tests.ideas.factories import make_board
from wagtail_participation.core.translations import (
    canonical_page,
    canonical_page_id,
    in_language,
    translation_ids,
)
from wagtail_participation.ideas.models import IdeaBoardPage

from .conftest import translate

pytestmark = pytest.mark.django_db


def test_the_default_languages_translation_is_canonical_even_when_newer(welsh):
    """A board first built in Welsh, then translated to English: the English one holds them."""
    welsh_home = site_root().get_translation(welsh)
    board = make_board(parent=welsh_home)
    assert board.locale == welsh
    english = translate(board, Locale.objects.get(language_code="en"))
    assert english.pk > board.pk
    assert canonical_page_id(board) == canonical_page_id(english) == english.pk
    assert canonical_page(board).pk == english.pk
    assert isinstance(canonical_page(board), IdeaBoardPage)
    assert sorted(translation_ids(board)) == sorted([board.pk, english.pk])


def test_without_a_default_language_translation_the_oldest_is_canonical(welsh):
    welsh_home = site_root().get_translation(welsh)
    board = make_board(parent=welsh_home)
    assert canonical_page_id(board) == board.pk and canonical_page(board) is board


def test_a_page_in_the_default_language_is_its_own(django_assert_num_queries):
    board = make_board()
    translate(board)
    board = Page.objects.get(pk=board.pk)
    with django_assert_num_queries(1):
        assert canonical_page_id(board) == board.pk
        assert canonical_page_id(board) == board.pk  # kept on the instance


def test_without_i18n_nothing_is_queried(django_assert_num_queries):
    board = make_board()
    with override_settings(WAGTAIL_I18N_ENABLED=False), django_assert_num_queries(0):
        assert canonical_page_id(board) == board.pk
        assert canonical_page(board) is board
        assert translation_ids(board) == [board.pk]
        assert in_language(board, "cy") is board


def test_an_unsaved_page_has_no_canonical_page():
    assert canonical_page_id(IdeaBoardPage(title="New")) is None


def test_in_language_finds_the_residents_translation():
    board = make_board()
    welsh = translate(board)
    assert in_language(board, "cy").pk == welsh.pk
    assert in_language(board, "en") is board
    assert in_language(board, "fr") is board  # no such translation, or language
    assert in_language(board, "") is board
