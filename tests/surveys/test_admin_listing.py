"""The responses listing on core's listing base: filters, search, pagination and export
declared once; staff see the responses to the surveys they may edit."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.surveys.factories import CYCLE, RATING, WARD, three_step_survey
from wagtail_participation.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db

INDEX = "wagtail_participation_surveys_surveyresponse_modeladmin_index"


@pytest.fixture
def staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("s", "s@example.org", "pw"))
    return client


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def two_surveys():
    first = three_step_survey()
    second = three_step_survey()
    SurveyResponse.objects.create(page=first, answers={WARD: "North", CYCLE: "Yes", RATING: 4})
    SurveyResponse.objects.create(page=first, answers={WARD: "South"}, is_paper=True)
    SurveyResponse.objects.create(page=second, answers={WARD: "Old Town"})
    return first, second


def test_listing_filters_searches_and_pages(staff):
    first, second = two_surveys()
    url = reverse(INDEX)
    html = staff.get(url).content.decode()
    assert first.title in html and second.title in html
    assert staff.get(url, {"survey": first.pk}).context["paginator"].count == 2
    assert (
        staff.get(url, {"survey": first.pk, "is_paper__exact": "1"}).context["paginator"].count == 1
    )
    assert staff.get(url, {"q": "Old Town"}).context["paginator"].count == 1
    assert staff.get(url, {"p": "1"}).status_code == 200
    assert staff.get(url, {"page__owner__password__startswith": "x"}).status_code == 400
    assert (
        "?survey="
        in staff.get(
            reverse("wagtail_participation_surveys_admin:results", args=[first.pk])
        ).content.decode()
    )


def test_export_of_one_survey_has_the_survey_export_columns(staff):
    first, _second = two_surveys()
    listing = csv_rows(staff.get(reverse(INDEX), {"survey": first.pk, "export": "csv"}))
    survey = csv_rows(
        staff.get(reverse("wagtail_participation_surveys_admin:export_csv", args=[first.pk]))
    )
    assert listing[0] == survey[0]
    assert sorted(listing[1:]) == sorted(survey[1:])
    response = staff.get(reverse(INDEX), {"survey": first.pk, "export": "xlsx"})
    sheet = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert list(sheet[0]) == survey[0] and len(sheet) == 3


def test_export_of_every_survey_follows_the_filters(staff):
    first, second = two_surveys()
    rows = csv_rows(staff.get(reverse(INDEX), {"is_paper__exact": "0", "export": "csv"}))
    assert rows[0] == ["Response", "Survey", "Submitted", "From paper"]
    assert sorted(row[1] for row in rows[1:]) == sorted([first.title, second.title])


def test_editors_see_only_the_surveys_they_may_edit(client, django_user_model):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    first, second = two_surveys()
    group = Group.objects.create(name="First survey's editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=first, permission=Permission.objects.get(codename="change_page")
    )
    editor = django_user_model.objects.create_user("e", "e@example.org", "pw")
    editor.groups.add(group)
    client.force_login(editor)
    response = client.get(reverse(INDEX))
    assert response.status_code == 200 and response.context["paginator"].count == 2
    # Another survey's questions are not exported to them, even asked for by id.
    rows = csv_rows(client.get(reverse(INDEX), {"survey": second.pk, "export": "csv"}))
    assert len(rows) == 1
    nobody = django_user_model.objects.create_user("n", "n@example.org", "pw")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    assert client.get(reverse(INDEX)).status_code in (302, 403)
