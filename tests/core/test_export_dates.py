"""Issue 24.9: dates in exports are real dates: XLSX date cells, ISO 8601 in CSV."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.core.test_admin import QUEUE, two_projects  # noqa: F401  (fixture)
from tests.petitions.factories import add_signature, make_petition
from wagtail_participation.core.exports import neutralise, stream_csv, stream_xlsx

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2026, 3, 4, 10, 5, 6, 789, tzinfo=datetime.UTC)


def _xlsx_rows(response):
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell for cell in row] for row in sheet.iter_rows()]


def _csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_writes_dates_in_iso_8601():
    rows = _csv_rows(stream_csv("x.csv", ["when", "day"], iter([[MOMENT, MOMENT.date()]])))
    assert rows[1] == ["2026-03-04T10:05:06+00:00", "2026-03-04"]
    assert neutralise(datetime.date(2026, 1, 2)) == "2026-01-02"


@pytest.mark.parametrize("time_zone", ["UTC", "Europe/Berlin"])
def test_xlsx_writes_date_cells_in_the_sites_time_zone(settings, time_zone):
    settings.TIME_ZONE = time_zone
    with timezone.override(time_zone):
        response = stream_xlsx(
            "x.xlsx", ["when", "day", "text"], iter([[MOMENT, MOMENT.date(), "=1+1"]])
        )
    header, row = _xlsx_rows(response)
    when, day, text = row
    assert when.is_date and day.is_date
    local = timezone.localtime(MOMENT, timezone.get_fixed_timezone(60 if time_zone != "UTC" else 0))
    assert when.value == local.replace(tzinfo=None, microsecond=0)
    assert when.number_format == "yyyy-mm-dd hh:mm:ss"
    assert day.value.date() == datetime.date(2026, 3, 4) and day.number_format == "yyyy-mm-dd"
    assert text.value == "'=1+1"  # text is still neutralised


def test_moderation_queue_export_has_real_dates(admin_client, two_projects):  # noqa: F811
    rows = _csv_rows(admin_client.get(f"{QUEUE}?export=csv"))
    created = rows[0].index("Created")
    assert datetime.datetime.fromisoformat(rows[1][created]).tzinfo is not None
    cells = _xlsx_rows(admin_client.get(f"{QUEUE}?export=xlsx"))
    assert cells[1][created].is_date


def test_signature_export_has_real_dates(admin_client):
    petition = make_petition()
    add_signature(petition, email="a@example.org")
    add_signature(petition, email="b@example.org", confirmed=False)
    base = f"/admin/participation/petitions/{petition.pk}/signatures.csv"
    rows = _csv_rows(admin_client.get(base))
    signed, confirmed = rows[0].index("Signed"), rows[0].index("Confirmed")
    by_email = {row[1]: row for row in rows[1:]}
    assert datetime.datetime.fromisoformat(by_email["a@example.org"][signed])
    assert by_email["b@example.org"][confirmed] == ""  # not confirmed: an empty cell
    response = admin_client.get(
        f"/admin/wagtail_participation_petitions/signature/?petition={petition.pk}&export=xlsx"
    )
    cells = _xlsx_rows(response)
    assert all(row[signed].is_date for row in cells[1:])
