"""Building and sending fuzzed requests."""

from django.core.cache import cache
from hypothesis import event
from hypothesis import strategies as st

from tests.factories import antispam_fields
from wagtail_participation.core.conf import settings

from .strategies import text_value


@st.composite
def antispam(draw):
    """The hidden anti-spam fields: mostly as a rendered form sends them, sometimes not."""
    shape = draw(st.sampled_from(["valid"] * 8 + ["missing", "garbage", "honeypot"]))
    data = {}
    if shape != "missing":
        data["form_rendered"] = [
            antispam_fields()["form_rendered"] if shape != "garbage" else draw(text_value)
        ]
    if shape == "honeypot":
        data[settings.HONEYPOT_FIELD_NAME] = [draw(text_value)]
    return data


def is_spam(data):
    """True if the anti-spam checks must refuse this body (honeypot filled, or no valid time)."""
    from wagtail_participation.core.antispam import read_token

    honeypot = data.get(settings.HONEYPOT_FIELD_NAME) or [""]
    if honeypot[-1].strip():
        return True
    return read_token((data.get("form_rendered") or [""])[-1]) is None


def send(client, method, url, data=None, **extra):
    """One request, after clearing rate-limit counters (the property is not about rate limits)."""
    cache.clear()
    response = getattr(client, method)(url, data or {}, **extra)
    event(f"{method.upper()} -> {response.status_code}")  # --hypothesis-show-statistics
    return response


def accept_json():
    return st.sampled_from(
        [
            {},
            {},
            {"HTTP_ACCEPT": "application/json"},
            {"HTTP_ACCEPT": "*/*, application/json;q=0.1"},
        ]
    )
