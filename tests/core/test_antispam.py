import time
import types

import pytest
from django.core import signing
from django.core.cache.backends.locmem import LocMemCache
from django.test import RequestFactory, override_settings

from wagtail_participation.core.antispam import TIMESTAMP_SALT, client_ip, hit_rate_limit
from wagtail_participation.core.forms import SignInForm

pytestmark = pytest.mark.django_db


class BrokenCache(LocMemCache):
    """A cache whose server has gone away."""

    def add(self, *args, **kwargs):
        raise ConnectionError("cache server gone")


def form_data(**extra):
    data = {"email": "a@example.org", "form_rendered": SignInForm().initial["form_rendered"]}
    data.update(extra)
    return data


def test_honeypot_refuses_the_form():
    form = SignInForm(form_data(website="http://spam.example"))
    assert not form.is_valid()
    assert "leave the last field empty" in str(form.non_field_errors())


# The sign-in form has its own minimum (issue 23): both set here.
@override_settings(
    WAGTAIL_PARTICIPATION_MIN_FILL_SECONDS=5, WAGTAIL_PARTICIPATION_SIGN_IN_MIN_FILL_SECONDS=5
)
def test_a_form_sent_too_fast_is_refused_and_can_be_sent_again():
    form = SignInForm(form_data())
    assert not form.is_valid()
    assert "quicker than we expected" in str(form.non_field_errors())
    # The re-rendered form carries a fresh timestamp.
    assert form.data["form_rendered"]


def test_missing_or_forged_timestamp_asks_to_resend():
    for value in ["", "forged", signing.dumps("x", salt="other")]:
        form = SignInForm(form_data(form_rendered=value))
        assert not form.is_valid()
        assert "expired" in str(form.non_field_errors())


def test_antispam_can_be_disabled():
    with override_settings(WAGTAIL_PARTICIPATION_ANTISPAM_ENABLED=False):
        assert SignInForm(form_data(form_rendered="", website="x")).is_valid()


def test_timestamp_salt_is_ours():
    assert signing.loads(SignInForm().initial["form_rendered"], salt=TIMESTAMP_SALT)


@override_settings(WAGTAIL_PARTICIPATION_RATE_LIMITS=[(2, 60)])
def test_rate_limit_returns_429(client, monkeypatch):
    # One moment for all three requests: a minute's bucket starting between them would reset the count.
    frozen = time.time()
    monkeypatch.setattr(
        "wagtail_participation.core.antispam.time", types.SimpleNamespace(time=lambda: frozen)
    )
    for _ in range(2):
        assert client.post("/participation/sign-in/", {"email": "x"}).status_code == 400
    response = client.post("/participation/sign-in/", {"email": "x"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert b"Please wait a moment" in response.content


def test_rate_limit_fails_open_when_the_cache_breaks(caplog):
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "broken": {"BACKEND": "tests.core.test_antispam.BrokenCache"},
        },
        WAGTAIL_PARTICIPATION_RATE_LIMIT_CACHE="broken",
    ):
        assert hit_rate_limit("anything") is False
    assert "rate-limit cache unavailable" in caplog.text


def test_client_ip_trusts_proxies_only_as_configured():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4"
    )
    assert client_ip(request) == "10.0.0.1"
    with override_settings(WAGTAIL_PARTICIPATION_TRUSTED_PROXY_COUNT=1):
        assert client_ip(request) == "1.2.3.4"


def test_sign_in_view_refuses_a_filled_honeypot_and_keeps_the_input(
    client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from wagtail_participation.core.models import Participant

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/participation/sign-in/", form_data(website="http://spam.example"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "leave the last field empty" in html and 'value="a@example.org"' in html
    assert not mail.outbox and not Participant.objects.exists()


@override_settings(
    WAGTAIL_PARTICIPATION_MIN_FILL_SECONDS=30, WAGTAIL_PARTICIPATION_SIGN_IN_MIN_FILL_SECONDS=30
)
def test_sign_in_view_refuses_a_form_sent_too_fast(client, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/participation/sign-in/", form_data())
    assert response.status_code == 400
    assert "quicker than we expected" in response.content.decode()
    assert not mail.outbox
