"""Page history holds no signer's address (issue 22, item 5): invalidating signatures.

The attack: a moderator invalidates the signatures from one email address or one IP address;
the petition's history kept the address, read by every editor of the page and kept after the
signer asked to be forgotten. Entries now name those conditions without their values.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import GroupPagePermission, PageLogEntry

from tests.factories import UserFactory
from tests.petitions.factories import add_signature, make_petition, make_petition_index
from tests.petitions.test_admin import invalidate

pytestmark = pytest.mark.django_db

EMAIL, IP = "zqsigner@example.org", "203.0.113.77"


def _staff(page, codenames):
    group = Group.objects.create(name=f"Staff {'-'.join(codenames)}")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = UserFactory()
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


def test_editor_reads_no_signer_address_in_the_petition_history():
    index = make_petition_index()
    petition = make_petition(index)
    add_signature(petition, email=EMAIL, ip_address=IP)
    add_signature(petition, email="other@example.org", ip_address="198.51.100.1")
    moderator = _staff(index, ["add_page", "change_page", "publish_page"])
    editor = _staff(index, ["add_page", "change_page"])
    assert invalidate(moderator, petition, email=EMAIL).status_code == 302
    assert (
        invalidate(moderator, petition, ip_address="198.51.100.1", action="release").status_code
        == 302
    )
    for entry in PageLogEntry.objects.filter(
        page=petition, action__startswith="wagtail_participation.signatures"
    ):
        assert "zqsigner" not in str(entry.data) and "198.51.100.1" not in str(entry.data)
    entry = PageLogEntry.objects.get(action="wagtail_participation.signatures_invalidated")
    assert (
        entry.data["conditions"] == "email" and entry.message == "Invalidated 1 signature (email)"
    )
    for url in (f"/admin/pages/{petition.pk}/history/", "/admin/reports/site-history/results/"):
        html = editor.get(url).content.decode()
        assert "zqsigner" not in html and "198.51.100.1" not in html
        assert "Invalidated 1 signature (email)" in html


def test_migration_scrubs_addresses_from_existing_entries():
    petition = make_petition()
    entry = PageLogEntry.objects.log_action(
        petition,
        "wagtail_participation.signatures_invalidated",
        data={
            "count": 2,
            "conditions": f"ip_address={IP}, email_domain=spam.example, email={EMAIL}, "
            "since=2026-01-01 10:00:00+00:00",
        },
    )
    migration = importlib.import_module(
        "wagtail_participation.petitions.migrations.0002_scrub_signer_details_from_log_entries"
    )
    migration.scrub_log_entries(apps, None)
    entry.refresh_from_db()
    assert entry.data == {
        "count": 2,
        "conditions": "ip_address, email_domain=spam.example, email, "
        "since=2026-01-01 10:00:00+00:00",
    }
