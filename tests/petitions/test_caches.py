"""One module owns every petition cache key; ``invalidate`` forgets them all for one petition;
the receivers run for petition pages only."""

from unittest import mock

import pytest
from django.test import Client

from tests.factories import add_page
from tests.petitions.factories import add_signature, make_petition
from wagtail_participation.core.caches import cache
from wagtail_participation.petitions import caches, receivers
from wagtail_participation.petitions.signing import sign_petition
from wagtail_participation.projects.models import ParticipationIndexPage

pytestmark = pytest.mark.django_db


def _keys(petition):
    return [
        caches.petition_key(petition.pk),
        caches.count_key(petition.pk),
        caches.dirty_key(petition.pk),
        caches.queued_key(petition.pk),
        caches.generation_key(petition.pk),
    ]


def test_invalidate_forgets_every_family(settings):
    settings.WAGTAIL_PARTICIPATION_PETITION_PAGE_CACHE_SECONDS = 60
    petition = make_petition()
    other = make_petition()
    client = Client()
    # Fill every family: the cached petition, the count, the marks, a shared page, a repeat notice.
    assert client.get(f"/participation/petitions/{petition.pk}/signed/").status_code == 200
    assert client.get(petition.url).status_code == 200
    assert client.get(f"/participation/petitions/{petition.pk}/count.json").status_code == 200
    cache.set(caches.dirty_key(petition.pk), 1)
    cache.set(caches.queued_key(petition.pk), 1)
    add_signature(petition, email="ann@example.org")
    data = {"email": "ann@example.org", "name": "Ann"}
    assert sign_petition(None, petition, data, None) is None  # a repeat: the notice is kept
    (shared_key,) = [
        k.split(":", 2)[2]  # locmem's keys start with ":<version>:"
        for k in cache._cache
        if k.split(":", 2)[2].startswith(f"wp:petition:page:{petition.pk}:")
    ]
    generation = cache.get(caches.generation_key(petition.pk))
    repeat = caches.repeat_key(petition.pk, "ann@example.org", generation)
    for key in _keys(petition):
        assert cache.get(key) is not None, key
    assert cache.get(shared_key)[0] == generation and cache.get(repeat) is not None
    kept_other = {k: cache.get(k) for k in _keys(other) if cache.get(k) is not None}

    with mock.patch("wagtail_participation.petitions.counts.schedule_recount") as recount:
        caches.invalidate(petition)
    recount.assert_called_once_with(petition.pk)  # the outstanding count is queued again

    for key in _keys(petition):
        assert cache.get(key) is None, key
    # Shared pages and repeat notices are keyed by the generation: a new one leaves them unread.
    renders = []
    assert (
        caches.shared_page(petition.pk, shared_key, lambda: renders.append(1) or b"new") == b"new"
    )
    assert renders == [1]
    assert cache.get(caches.generation_key(petition.pk)) not in (None, generation)
    assert caches.first_repeat_notice(petition.pk, "ann@example.org")
    # Another petition's keys are left alone.
    assert {k: cache.get(k) for k in kept_other} == kept_other


def test_invalidate_queues_again_a_count_that_was_outstanding():
    petition = make_petition()
    add_signature(petition)
    cache.set(caches.dirty_key(petition.pk), 1)
    caches.invalidate(petition.pk)
    # The count ran again (the tests' tasks run at once): the mark is gone, the count is right.
    assert cache.get(caches.dirty_key(petition.pk)) is None
    assert petition.count() == 1


def test_a_shared_page_from_before_invalidate_is_not_served(settings):
    settings.WAGTAIL_PARTICIPATION_PETITION_PAGE_CACHE_SECONDS = 60
    petition = make_petition()
    key = "wp:test:shared"
    assert caches.shared_page(petition.pk, key, lambda: b"old") == b"old"
    assert caches.shared_page(petition.pk, key, lambda: b"new") == b"old"
    caches.invalidate(petition)
    assert caches.shared_page(petition.pk, key, lambda: b"new") == b"new"


def test_saving_another_page_runs_no_petition_receiver():
    with mock.patch.object(receivers, "invalidate") as invalidate:
        page = add_page(ParticipationIndexPage(title="Have your say", slug="have-your-say"))
        page.save_revision().publish()
        page.title = "Have your say!"
        page.save()
    assert invalidate.call_count == 0


def test_saving_a_petition_runs_the_receiver():
    petition = make_petition()
    with mock.patch.object(receivers, "invalidate") as invalidate:
        petition.save()
    invalidate.assert_called_once_with(petition)


def test_saving_an_index_forgets_its_petitions():
    petition = make_petition()
    index = petition.get_parent().specific
    cache.set(caches.petition_key(petition.pk), "kept")
    index.slug = "renamed-petitions"
    index.save()
    assert cache.get(caches.petition_key(petition.pk)) is None
