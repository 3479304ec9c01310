"""The cached petition behind the sign and "check your email" URLs follows every change at once."""

import datetime
import re
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import post_form
from tests.petitions.factories import make_petition, make_petition_index
from wagtail_participation.petitions import caches as lookup
from wagtail_participation.petitions.lifecycle import reject_petition
from wagtail_participation.petitions.models import PetitionPage, Signature

pytestmark = pytest.mark.django_db


def sign_by_id(client, petition, email):
    return post_form(
        client,
        f"/participation/petitions/{petition.pk}/sign/",
        {"name": "Ann", "email": email, "area": "RB1 1AA"},
    )


def signed_page(client, petition):
    return client.get(f"/participation/petitions/{petition.pk}/signed/")


def test_a_second_signature_reads_no_page_from_the_database(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    petition = make_petition()
    assert sign_by_id(client, petition, "ann@example.org").status_code == 302
    signed_page(client, petition)  # the shared rendering made (the site's layout asks for the site)
    with CaptureQueriesContext(connection) as queries:
        assert sign_by_id(client, petition, "bo@example.org").status_code == 302
        assert signed_page(client, petition).status_code == 200
    pages = [
        q["sql"]
        for q in queries
        if re.search(r'FROM "wagtailcore_page(viewrestriction)?"', q["sql"])
    ]
    assert pages == [], pages
    assert Signature.objects.count() == 2


def test_unpublishing_is_seen_at_once(client):
    petition = make_petition()
    assert signed_page(client, petition).status_code == 200
    petition.unpublish()
    assert signed_page(client, petition).status_code == 404
    assert sign_by_id(client, petition, "ann@example.org").status_code == 404


def test_rejection_is_seen_at_once(client):
    petition = make_petition()
    assert signed_page(client, petition).status_code == 200
    reject_petition(PetitionPage.objects.get(pk=petition.pk), "offensive")
    assert signed_page(client, petition).status_code == 404
    assert sign_by_id(client, petition, "ann@example.org").status_code == 404


def test_the_closing_time_needs_no_change_to_be_seen(client):
    petition = make_petition(closes_at=timezone.now() + datetime.timedelta(hours=1))
    assert sign_by_id(client, petition, "ann@example.org").status_code == 302
    with mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(hours=2)
    ):
        assert sign_by_id(client, petition, "bo@example.org").status_code == 403
    assert Signature.objects.count() == 1


def test_moving_under_a_restricted_page_is_seen_at_once(client):
    petition = make_petition()
    private = make_petition_index(title="Members only", slug="members-only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert signed_page(client, petition).status_code == 200
    petition.move(private, pos="last-child")
    assert signed_page(client, petition).status_code == 404
    # Lifting the restriction is seen at once too.
    PageViewRestriction.objects.filter(page=private).delete()
    assert signed_page(client, petition).status_code == 200


def test_without_a_cache_the_database_answers(client):
    petition = make_petition()
    with (
        mock.patch.object(lookup.cache, "get", side_effect=ConnectionError("cache down")),
        mock.patch.object(lookup.cache, "set", side_effect=ConnectionError("cache down")),
    ):
        assert lookup.public_petition(petition.pk)[0].pk == petition.pk
        assert lookup.public_petition(99999999) is None


@override_settings(WAGTAIL_PARTICIPATION_PETITION_PAGE_CACHE_SECONDS=0)
def test_the_setting_at_zero_turns_the_cache_off(client, django_assert_num_queries):
    petition = make_petition()
    lookup.public_petition(petition.pk)
    with django_assert_num_queries(3):  # the page, then its view restrictions (two queries)
        lookup.public_petition(petition.pk)
