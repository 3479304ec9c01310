"""Staff tools: only users who may publish the petition see its signers; invalidation corrects counts."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission

from tests.factories import UserFactory
from tests.petitions.factories import (
    add_signature,
    add_signatures,
    make_petition,
    make_petition_index,
)
from wagtail_participation.petitions.counts import recount
from wagtail_participation.petitions.models import PetitionState, PetitionTally, Signature

pytestmark = pytest.mark.django_db


def moderator_of(page):
    user = UserFactory()
    group = Group.objects.create(name=f"Moderators of {page.title}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=page, permission=Permission.objects.get(codename="publish_page")
    )
    user.groups.add(group)
    return user


def url(petition, tool):
    suffix = "signatures.csv" if tool == "export" else f"{tool}/"
    return f"/admin/participation/petitions/{petition.pk}/{suffix}"


def invalidate(client, petition, action=None, **conditions):
    """Preview the conditions, then confirm them as the moderator's second click does."""
    import re

    preview = client.post(url(petition, "invalidate"), conditions).content.decode()
    fingerprint = re.search(r'name="confirm" value="([0-9a-f]+)"', preview).group(1)
    data = {**conditions, "confirm": fingerprint, **({"action": action} if action else {})}
    return client.post(url(petition, "invalidate"), data)


TOOLS = ("signatures", "export", "areas", "trending", "invalidate", "reject")


def test_signers_are_visible_only_to_moderators_of_the_petition(client):
    mine_index, their_index = make_petition_index(), make_petition_index()
    mine, theirs = make_petition(mine_index), make_petition(their_index)
    add_signature(mine, name="Visible Signer", email="visible@example.org")
    add_signature(theirs, name="Hidden Signer", email="hidden@example.org")
    client.force_login(moderator_of(mine_index))
    assert b"Visible Signer" in client.get(url(mine, "signatures")).content
    for tool in TOOLS:
        response = client.get(url(theirs, tool))  # Wagtail turns PermissionDenied into a redirect
        assert response.status_code in (302, 403) and b"Hidden Signer" not in response.content, tool
    client.logout()
    for tool in TOOLS:
        response = client.get(url(mine, tool))
        assert response.status_code == 302 and "/admin/login/" in response["Location"], tool
    resident = UserFactory()
    client.force_login(resident)
    assert client.get(url(mine, "signatures")).status_code in (302, 403)
    client.force_login(UserFactory(is_superuser=True))
    assert (
        client.get("/admin/participation/petitions/99999999999999999999/signatures/").status_code
        == 404
    )


def test_listing_filters_search_and_export(admin_client):
    petition = make_petition()
    add_signature(
        petition, name='=HYPERLINK("http://evil")', email="formula@example.org", area="RB1"
    )
    add_signature(petition, name="Pending Person", email="pending@example.org", confirmed=False)
    add_signature(petition, name="Held Person", email="held@example.net", validity="held")
    listing = admin_client.get(url(petition, "signatures") + "?state=pending").content
    assert b"Pending Person" in listing and b"Held Person" not in listing
    assert b"Held Person" in admin_client.get(url(petition, "signatures") + "?state=held").content
    assert b"Held Person" in admin_client.get(url(petition, "signatures") + "?q=held%40").content
    assert (
        admin_client.get(url(petition, "signatures") + "?p=999&state=nonsense").status_code == 200
    )
    response = admin_client.get(url(petition, "export"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body and "formula@example.org" in body and "pending@example.org" in body
    assert body.splitlines()[0].startswith("Name,Email,Area")


def test_areas_and_trending(admin_client):
    petition = make_petition()
    for n in range(3):
        add_signature(
            petition, area=f"RB1 {n}AA", ip_address="10.0.0.1", email=f"a{n}@bulk.example"
        )
    add_signature(petition, area="RB2", ip_address="10.0.0.2")
    add_signature(petition, area="RB9", confirmed=False)
    areas = admin_client.get(url(petition, "areas")).content.decode()
    assert "RB1" in areas and "RB2" in areas and "RB9" not in areas
    assert "RB1 0AA" not in areas and "<td>3</td>" in areas  # grouped by district
    trending = admin_client.get(url(petition, "trending")).content.decode()
    assert "10.0.0.1" in trending and "bulk.example" in trending


def test_invalidation_previews_then_corrects_the_count(admin_client):
    petition = make_petition()
    for n in range(4):
        add_signature(petition, ip_address="10.9.9.9", email=f"bot{n}@spam.example")
    add_signatures(petition, 3)
    assert PetitionTally.objects.get(petition_id=petition.pk).signatures == 7
    preview = admin_client.post(url(petition, "invalidate"), {"email_domain": "spam.example"})
    assert b"4 signatures match" in preview.content
    assert PetitionTally.objects.get(petition_id=petition.pk).signatures == 7
    done = invalidate(admin_client, petition, ip_address="10.9.9.9")
    assert done.status_code == 302
    assert PetitionTally.objects.get(petition_id=petition.pk).signatures == 3
    assert Signature.objects.filter(validity="invalid").count() == 4
    assert petition.count() == 3
    empty = admin_client.post(url(petition, "invalidate"), {})
    assert b"Choose at least one" in empty.content


def test_invalidate_by_time_range_and_email(admin_client):
    petition = make_petition()
    old = add_signature(petition, email="old@example.org")
    Signature.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    add_signature(petition, email="Ann.Lee+x@gmail.com")
    add_signature(petition, email="keep@example.org")
    since = (timezone.now() - datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    until = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    invalidate(admin_client, petition, since=since, until=until)
    invalidate(admin_client, petition, email="annlee@googlemail.com")
    assert set(Signature.objects.filter(validity="invalid").values_list("email", flat=True)) == {
        "old@example.org",
        "Ann.Lee+x@gmail.com",
    }
    assert PetitionTally.objects.get(petition_id=petition.pk).signatures == 1


def test_held_signatures_can_be_counted_after_review(admin_client):
    petition = make_petition()
    add_signature(petition, ip_address="10.1.1.1", validity="held")
    add_signature(petition, ip_address="10.1.1.1", validity="held")
    recount(petition.pk)
    assert petition.count() == 0
    invalidate(admin_client, petition, action="release", ip_address="10.1.1.1")
    assert petition.count() == 2


def test_a_changed_condition_needs_a_new_preview(admin_client):
    import re

    from wagtail.models import PageLogEntry

    petition = make_petition()
    add_signature(petition, email="a@one.example")
    add_signature(petition, email="b@two.example")
    preview = admin_client.post(
        url(petition, "invalidate"), {"email_domain": "one.example"}
    ).content.decode()
    fingerprint = re.search(r'name="confirm" value="([0-9a-f]+)"', preview).group(1)
    stale = admin_client.post(
        url(petition, "invalidate"), {"email_domain": "two.example", "confirm": fingerprint}
    )
    assert stale.status_code == 200 and b"The conditions changed" in stale.content
    assert not Signature.objects.filter(validity="invalid").exists()
    invalidate(admin_client, petition, email_domain="one.example")
    entry = PageLogEntry.objects.get(action="wagtail_participation.signatures_invalidated")
    assert entry.page_id == petition.pk and "one.example" in entry.message


def test_reject_view(admin_client):
    from django.core import mail

    from tests.factories import ParticipantFactory

    petition = make_petition(creator=ParticipantFactory(email="creator@example.org"))
    form = admin_client.get(url(petition, "reject"))
    assert b"It is offensive" in form.content
    assert admin_client.post(url(petition, "reject"), {"reason": "nonsense"}).status_code == 200
    response = admin_client.post(
        url(petition, "reject"), {"reason": "no_action", "details": "Ask the county."}
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == PetitionState.REJECTED and petition.live
    assert (
        mail.outbox[-1].to == ["creator@example.org"] and "Ask the county." in mail.outbox[-1].body
    )
    again = admin_client.get(url(petition, "reject"))
    assert again.status_code == 302
    from wagtail.models import PageLogEntry

    assert (
        "It asks for something the council cannot do"
        in PageLogEntry.objects.get(action="wagtail_participation.petition_rejected").message
    )


def test_summary_panel_in_the_editor(admin_client):
    petition = make_petition(paper_signatures=4)
    add_signatures(petition, 2)
    add_signature(petition, confirmed=False)
    page = admin_client.get(f"/admin/pages/{petition.pk}/edit/").content.decode()
    assert "2 confirmed signatures count" in page and "1 waiting for email confirmation" in page
    assert url(petition, "signatures") in page
    # The outcome tab: response, debate and paper signatures are editable.
    for field in ("response_date", "response", "debate_date", "debate_outcome", "paper_signatures"):
        assert f'name="{field}"' in page, field
