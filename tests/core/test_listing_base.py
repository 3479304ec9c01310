"""The listing base: an export declared once follows the listing's filters, in both formats."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.core.test_admin import QUEUE, moderator_of, two_projects  # noqa: F401  (fixture)
from tests.factories import CommentFactory
from wagtail_participation.core.admin.listing import ParticipationListing
from wagtail_participation.core.admin.options import ModerationQueueAdmin

pytestmark = pytest.mark.django_db


def _csv(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def test_listing_export_streams_the_filtered_rows(admin_client, two_projects):  # noqa: F811
    x, y, on_x, on_y = two_projects
    CommentFactory(page=x, body="=cmd|' /C calc'!A0")
    response = admin_client.get(f"{QUEUE}?page_id={x.pk}&export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0] == ["ID", "Type", "Page", "Author", "Text", "State", "Reports", "Created"]
    assert {row[4] for row in rows[1:]} == {"Comment on X", "'=cmd|' /C calc'!A0"}


def test_listing_export_as_xlsx_has_the_same_cells(admin_client, two_projects):  # noqa: F811
    x, y, on_x, on_y = two_projects
    response = admin_client.get(f"{QUEUE}?page_id={y.pk}&export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0][4] == "Text" and [row[4] for row in cells[1:]] == ["Comment on Y"]


def test_listing_export_refuses_what_the_listing_refuses(admin_client, two_projects):  # noqa: F811
    response = admin_client.get(f"{QUEUE}?page_id__owner__password__startswith=x&export=csv")
    assert response.status_code == 400


def test_export_follows_the_moderators_pages(two_projects):  # noqa: F811
    x, y, on_x, on_y = two_projects
    rows = _csv(moderator_of(x, "mod-x").get(f"{QUEUE}?export=csv"))
    assert {row[4] for row in rows[1:]} == {"Comment on X"}


def test_listing_offers_its_export_links_with_its_filters(admin_client, two_projects):  # noqa: F811
    x, y, on_x, on_y = two_projects
    html = admin_client.get(f"{QUEUE}?page_id={y.pk}&p=1").content.decode()
    assert f"export.csv?page_id={y.pk}" in html
    assert f"?page_id={y.pk}&amp;export=xlsx" in html


def test_a_listing_without_export_columns_offers_none(admin_client, two_projects):  # noqa: F811
    html = admin_client.get("/admin/wagtail_participation/report/").content.decode()
    assert "Download CSV" not in html
    assert admin_client.get("/admin/wagtail_participation/report/?export=csv").status_code == 400


def test_every_core_listing_is_on_the_base():
    from wagtail_participation.core.admin.options import ParticipantAdmin, ReportAdmin

    for listing in (ModerationQueueAdmin, ReportAdmin, ParticipantAdmin):
        assert issubclass(listing, ParticipationListing)


def test_an_id_past_the_offered_choices_still_narrows_the_export(
    admin_client,
    two_projects,  # noqa: F811
    monkeypatch,
):
    from wagtail_participation.core.admin.options import ContributionPageFilter

    x, y, on_x, on_y = two_projects
    monkeypatch.setattr(ContributionPageFilter, "max_choices", 1)  # one page offered of two
    for page, text in ((x, "Comment on X"), (y, "Comment on Y")):
        rows = _csv(admin_client.get(f"/admin/participation/moderate/export.csv?page_id={page.pk}"))
        assert [row[4] for row in rows[1:]] == [text]
