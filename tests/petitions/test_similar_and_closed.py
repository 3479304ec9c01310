"""Similar petitions: open ones only, stop words ignored; a closed petition's sign page."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.petitions.factories import make_petition, make_petition_index
from wagtail_participation.petitions.models import PetitionPage, PetitionState

pytestmark = pytest.mark.django_db


def similar(client, index, text):
    data = client.get(index.url + "similar/", {"q": text}).json()
    return [r["title"] for r in data["results"]]


@pytest.fixture
def index():
    index = make_petition_index()
    now = timezone.now()
    make_petition(index, title="Sunday library opening", request="Open the library on Sundays.")
    make_petition(
        index,
        title="Library cafe (closed)",
        request="A cafe in the library.",
        closes_at=now - datetime.timedelta(days=1),
    )
    make_petition(
        index,
        title="Library garden (answered, closed)",
        request="A garden behind the library.",
        closes_at=now - datetime.timedelta(days=2),
        response="<p>Yes.</p>",
        response_date=now.date(),
    )
    make_petition(
        index,
        title="Library lift (rejected)",
        request="A lift in the library.",
        state=PetitionState.REJECTED,
        rejection_reason="duplicate",
    )
    make_petition(
        index,
        title="Library roof (not open yet)",
        request="Mend the library roof.",
        opens_at=now + datetime.timedelta(days=3),
    )
    make_petition(
        index,
        title="Library answered and still open",
        request="Longer hours at the library.",
        response="<p>We are looking at it.</p>",
        response_date=now.date(),
    )
    return index


def test_similar_petitions_already_open_are_open_ones_only(client, index):
    found = similar(client, index, "library")
    assert sorted(found) == ["Library answered and still open", "Sunday library opening"]
    assert set(PetitionPage.objects.signable().values_list("title", flat=True)) == set(found)


def test_the_start_form_after_errors_lists_open_petitions_only(client, index):
    from tests.factories import ParticipantFactory, post_form, sign_in_client

    sign_in_client(client, ParticipantFactory(verified_at=timezone.now()))
    response = post_form(client, index.start_url, {"request": "More books in the library"})
    page = response.content.decode()
    assert response.status_code == 400 and "Similar petitions already open" in page
    assert "Sunday library opening" in page and "(closed)" not in page
    assert "(rejected)" not in page and "not open yet" not in page


@pytest.mark.parametrize(
    "text",
    [
        "the and of on",  # English
        "der die das und auf",  # German
        "de het een en op",  # Dutch
        "og i på det",  # Danish, Norwegian
        "el la los y en",  # Spanish
        "le la les et sur",  # French
    ],
)
@override_settings(
    WAGTAIL_CONTENT_LANGUAGES=[(code, code) for code in ("en", "de", "nl", "da", "nb", "es", "fr")]
)
def test_stop_words_of_the_sites_languages_find_nothing(client, index, text):
    assert similar(client, index, text) == []


def test_stop_words_do_not_drown_the_words_that_matter(client, index):
    make_petition(index, title="The park on the hill", request="Benches on the hill in the park.")
    found = similar(client, index, "Open the library on the weekend")
    assert "The park on the hill" not in found and "Sunday library opening" in found


def test_a_closed_petitions_sign_page_says_so_and_links_to_it(client, index):
    closed = PetitionPage.objects.get(title="Library cafe (closed)")
    response = client.get(closed.sign_url)
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>This petition is closed</h1>" in page and "It no longer takes signatures." in page
    assert f'href="{closed.url}"' in page and "Read the petition" in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "sign-in" not in main and "Sign in" not in main


def test_an_upcoming_petitions_sign_page_says_when_it_opens(client, index):
    upcoming = PetitionPage.objects.get(title="Library roof (not open yet)")
    page = client.get(upcoming.sign_url).content.decode()
    assert "This petition is not open yet" in page and "takes signatures from" in page
    assert f'href="{upcoming.url}"' in page


def test_a_rejected_petitions_sign_page(client, index):
    rejected = PetitionPage.objects.get(title="Library lift (rejected)")
    page = client.get(rejected.sign_url).content.decode()
    assert "This petition was rejected" in page and f'href="{rejected.url}"' in page


def test_without_javascript_the_suggestions_sit_right_under_the_request(client, index):
    """On a phone the suggestions appear under the field being typed, not below the form."""
    from tests.factories import ParticipantFactory, post_form, sign_in_client

    sign_in_client(client, ParticipantFactory(verified_at=timezone.now()))
    response = post_form(client, index.start_url, {"request": "More books in the library"})
    page = response.content.decode()
    request_at = page.index('name="request"')
    box_at = page.index("data-wp-similar")
    assert request_at < box_at
    # No other field comes between the request and the suggestions, and there is one box.
    assert "<input" not in page[request_at + 20 : box_at].replace('type="hidden"', "")
    assert page.count("data-wp-similar") == 1
