"""The one id converter of the package's URLs (``<wp_id:...>``, core.converters)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import get_page_models

from tests.factories import UserFactory
from wagtail_participation.core.converters import MAX_ID, IdConverter, is_id
from wagtail_participation.core.forms import MAX_ID as FORMS_MAX_ID
from wagtail_participation.core.forms import parse_id, parse_ids

HUGE = "99999999999999999999"


@pytest.mark.parametrize("value", ["1", "42", "007", str(MAX_ID)])
def test_ids_a_key_holds_match(value):
    assert IdConverter().to_python(value) == int(value)


@pytest.mark.parametrize("value", ["0", "00", str(MAX_ID + 1), HUGE, "9" * 5000])
def test_ids_no_key_holds_do_not_match(value):
    with pytest.raises(ValueError):
        IdConverter().to_python(value)


def test_reversing_any_number_works_and_the_regex_is_ascii_digits():
    converter = IdConverter()
    assert converter.to_url(10**30) == "1" + "0" * 30  # reversible; it just never resolves
    assert converter.regex == "[0-9]+"
    assert is_id(1) and is_id(MAX_ID) and not is_id(0) and not is_id(MAX_ID + 1) and not is_id(True)
    assert FORMS_MAX_ID == MAX_ID == 2**63 - 1  # still importable from core.forms


def test_parse_ids_refuses_a_list_with_anything_but_ids():
    assert parse_ids(["1", "2"]) == [1, 2]
    assert parse_ids([]) == []
    for bad in (["1", "x"], ["0"], ["-1"], [HUGE], ["²"]):
        assert parse_ids(bad) is None
    assert parse_id(str(MAX_ID)) == MAX_ID and parse_id(str(MAX_ID + 1)) is None


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def test_every_id_in_the_packages_urls_goes_through_the_converter():
    """No ``<int:...>`` (which lets an id past what a key holds reach the database) is left."""
    ours = [
        route
        for route, pattern in _walk(get_resolver().url_patterns)
        if (getattr(pattern.callback, "__module__", "") or "").startswith("wagtail_participation")
    ]
    assert any("<wp_id:" in route for route in ours)
    assert not [route for route in ours if "<int:" in route]
    for model in get_page_models():
        if issubclass(model, RoutablePageMixin) and model.__module__.startswith(
            "wagtail_participation"
        ):
            assert not [
                str(r.pattern) for r in model.get_subpage_urls() if "<int:" in str(r.pattern)
            ], model


@pytest.mark.django_db
def test_out_of_range_ids_are_not_found(client):
    for url in (
        f"/participation/comments/page/{HUGE}/",
        f"/participation/contributions/{HUGE}/report/",
        f"/participation/contributions/{MAX_ID + 1}/reported/",
        f"/participation/polls/{HUGE}/vote/",
        f"/participation/petitions/{HUGE}/count.json",
        "/participation/petitions/0/sign/",
    ):
        response = client.post(url) if "vote" in url or "comments" in url else client.get(url)
        assert response.status_code == 404, url
    client.force_login(UserFactory(is_superuser=True))
    for url in (
        f"/admin/participation/moderate/{HUGE}/",
        f"/admin/participation/ideas/{HUGE}/respond/",
        f"/admin/participation/petitions/{HUGE}/signatures/",
        f"/admin/participation/surveys/{HUGE}/results/",
    ):
        assert client.get(url).status_code == 404, url
    assert reverse("wagtail_participation_admin:moderate", args=[MAX_ID]).endswith(f"/{MAX_ID}/")
