"""Public survey results never show the figures of a small group (issue 22, item 13).

The attack: filter public results by an answer only two residents gave (or subtract the
other groups from all results) and read those two residents' other answers.
"""

import pytest
from django.test import override_settings

from tests.surveys.factories import make_survey, question
from wagtail_participation.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db

WARD = "a0000000-0000-4000-8000-000000000001"
SAFE = "a0000000-0000-4000-8000-000000000002"
CLINIC = "a0000000-0000-4000-8000-000000000003"
USES = "a0000000-0000-4000-8000-000000000004"
NO_FIGURES = "so no results are shown to protect the privacy of those who answered"
SUBTRACTION = "Comparing the results of this filter with the others would reveal"


def survey(groups):
    """``groups``: (ward, number of residents, their rating, their clinic answer, what they use)."""
    page = make_survey(
        [
            question(
                "single_choice",
                "Which ward do you live in?",
                id=WARD,
                choices=["North", "South", "Old Town"],
                display="radio",
                allow_other=False,
            ),
            question("rating", "How safe do you feel at night?", id=SAFE, max_rating=5),
            question(
                "single_choice",
                "Have you visited the sexual health clinic?",
                id=CLINIC,
                choices=["Yes", "No"],
                display="radio",
                allow_other=False,
            ),
            question(
                "multiple_choice",
                "What do you use?",
                id=USES,
                choices=["Bus", "Bike", "Car"],
                allow_other=False,
            ),
        ],
        results_visibility="live",
    )
    for ward, count, rating, clinic, uses in groups:
        for _ in range(count):
            SurveyResponse.objects.create(
                page=page, answers={WARD: ward, SAFE: rating, CLINIC: clinic, USES: uses}
            )
    return page


def public(client, page, filter=""):
    response = client.get(page.results_url + (f"?filter={filter}" if filter else ""))
    assert response.status_code == 200
    return response.content.decode()


def figures_shown(html):
    return 'class="wp-result"' in html or "average" in html or "wp-bars" in html


def test_a_group_of_two_shows_no_figures(client):
    page = survey(
        [
            ("North", 5, 4, "No", ["Bus"]),
            ("South", 5, 3, "No", ["Car"]),
            ("Old Town", 2, 1, "Yes", ["Bike"]),
        ]
    )
    html = public(client, page, f"{WARD}|Old Town")
    assert "showing 2 who answered" in html
    assert (
        NO_FIGURES in html.replace("\n", " ") and "Fewer than 5 responses match this filter" in html
    )
    assert not figures_shown(html) and "average 1" not in html


def test_a_group_of_five_shows_figures(client):
    page = survey([("North", 5, 4, "No", ["Bus"]), ("South", 5, 3, "No", ["Car"])])
    html = public(client, page, f"{WARD}|North")
    assert figures_shown(html) and "average 4" in html and NO_FIGURES not in html


def test_subtracting_the_other_groups_from_all_results_is_refused(client):
    """All results minus North's and South's would be Old Town's two residents."""
    page = survey(
        [
            ("North", 5, 4, "No", ["Bus"]),
            ("South", 5, 3, "No", ["Car"]),
            ("Old Town", 2, 1, "Yes", ["Bike"]),
        ]
    )
    for ward in ("North", "South"):
        html = public(client, page, f"{WARD}|{ward}")
        assert SUBTRACTION in html and not figures_shown(html)
    # A filter that leaves out fewer than five (all minus "uses a bus or a car") is refused too.
    page = survey([("North", 6, 4, "No", ["Bus", "Car"]), ("Old Town", 1, 1, "Yes", ["Bike"])])
    html = public(client, page, f"{USES}|Bus")
    assert SUBTRACTION in html and not figures_shown(html)
    # Unfiltered results of a large enough group are shown.
    assert figures_shown(public(client, page))


def test_small_counts_within_a_filtered_group_are_withheld(client):
    page = survey(
        [
            ("North", 5, 4, "No", ["Bus"]),
            ("South", 4, 3, "No", ["Car"]),
            ("South", 1, 3, "Yes", ["Car"]),
        ]
    )
    html = public(client, page, f"{WARD}|South")
    assert figures_shown(html)
    clinic = html.split("Have you visited the sexual health clinic?")[-1].split("</section>")[0]
    assert "fewer than 5" in clinic and "<td>1</td>" not in clinic and "20%" not in clinic


def test_a_survey_with_fewer_than_five_responses_shows_no_figures(client):
    page = survey([("North", 1, 4, "Yes", ["Bus"])])
    html = public(client, page)
    assert "Fewer than 5 responses have been received" in html and not figures_shown(html)


def test_staff_see_every_group(client, django_user_model):
    page = survey([("North", 5, 4, "No", ["Bus"]), ("Old Town", 2, 1, "Yes", ["Bike"])])
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    html = client.get(
        f"/admin/participation/surveys/{page.pk}/results/?filter={WARD}|Old Town"
    ).content.decode()
    assert "average 1" in html and NO_FIGURES not in html and "fewer than" not in html


@override_settings(WAGTAIL_PARTICIPATION_SURVEY_RESULTS_MIN_GROUP=2)
def test_the_minimum_is_a_setting(client):
    page = survey(
        [
            ("North", 5, 4, "No", ["Bus"]),
            ("South", 5, 3, "No", ["Car"]),
            ("Old Town", 2, 1, "Yes", ["Bike"]),
        ]
    )
    html = public(client, page, f"{WARD}|Old Town")
    assert figures_shown(html) and "average 1" in html
