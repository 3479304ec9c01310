"""Fault: the cache server (Redis) disappears while residents sign.

Both caches of the production set-up (docs/how-to/production.md) point at a Redis port nobody
listens on: the default one, for Wagtail and the site, a ``FailSafeRedisCache``; the package's
(rate limits, count marks, cached counts and pages) a plain ``RedisCache``. Signing works from
the form to the "thank you" page (302, then 200 over HTTP); the rate limits fail open, so
signatures over the per-IP limit are counted rather than held, and the logs say so with one
warning (not one per request); the count, counted in turn without the cache, is exact, and
stays exact after the nightly recount; the petition page and its count are served.
"""

import logging
import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from tests.factories import post_form
from tests.faults.smtp import free_port, report
from tests.petitions.factories import make_petition
from wagtail_participation.core.faults import reset_warnings
from wagtail_participation.petitions.counts import recount_all
from wagtail_participation.petitions.models import PetitionTally, Signature

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
_DEAD = {
    "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
}
DEAD_REDIS = {
    "default": {"BACKEND": "wagtail_participation.core.caches.FailSafeRedisCache", **_DEAD},
    "participation": {"BACKEND": "django.core.cache.backends.redis.RedisCache", **_DEAD},
}
PRODUCTION_CACHES = {
    "CACHES": DEAD_REDIS,
    "WAGTAIL_PARTICIPATION_CACHE": "participation",
    "WAGTAIL_PARTICIPATION_RATE_LIMIT_CACHE": "participation",
}
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/\S*/petitions/confirm/[^/\s]+/)")


def test_signing_without_the_cache_server(caplog):
    petition = make_petition()
    signers = 30  # from one address: 3 times PETITION_IP_LIMITS' 10 a minute
    client = Client(REMOTE_ADDR="10.3.0.1")
    reset_warnings()
    with override_settings(**PRODUCTION_CACHES), caplog.at_level(logging.WARNING):
        sign_url = petition.sign_url
        statuses = [
            post_form(
                client, sign_url, {"name": f"R {n}", "email": f"r{n}@gmail.com", "area": "RB1 2AB"}
            ).status_code
            for n in range(signers)
        ]
        assert statuses == [302] * signers
        links = [CONFIRM_LINK.search(m.body).group(1) for m in mail.outbox]
        assert len(links) == signers
        pages = [(client.get(link).status_code, post_form(client, link, {})) for link in links]
        assert {(shown, response.status_code) for shown, response in pages} == {(200, 200)}
        assert all(b"Thank you for signing" in response.content for _shown, response in pages)
        confirmed = Signature.objects.filter(petition_id=petition.pk, confirmed_at__isnull=False)
        assert client.get(petition.url).status_code == 200
        counted = PetitionTally.objects.get(petition_id=petition.pk).signatures
        shown = client.get(f"/participation/petitions/{petition.pk}/count.json").json()[
            "signatures"
        ]
        recount_all()
        recounted = PetitionTally.objects.get(petition_id=petition.pk).signatures
    held = Signature.objects.filter(petition_id=petition.pk, validity="held").count()
    rate_warnings = [r for r in caplog.records if "rate-limit cache unavailable" in r.getMessage()]
    cache_warnings = [
        r
        for r in caplog.records
        if "cache unavailable" in r.getMessage() or "cache server unreachable" in r.getMessage()
    ]
    assert held == 0  # failing open: nothing held, nothing refused
    assert len(rate_warnings) == 1, len(rate_warnings)
    assert len(cache_warnings) <= 6, [
        r.getMessage() for r in cache_warnings
    ]  # one per kind, not one per request
    assert counted == shown == recounted == signers
    report(
        "cache server gone while signing",
        signatures=signers,
        http_302=statuses.count(302),
        confirmed_over_http=confirmed.count(),
        held=held,
        count=counted,
        count_shown=shown,
        after_recount=recounted,
        warnings_logged=len(cache_warnings),
        lost=signers - recounted,
        duplicated=len(mail.outbox) - signers,
    )
