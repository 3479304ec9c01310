"""What must hold after any request: no server error, clean stored text, limits kept."""

import unicodedata

from django.core import mail

from wagtail_participation.core.sanitize import has_forbidden_characters

MULTILINE_OK = {"\n", "\t"}


def assert_no_server_error(response):
    assert response.status_code < 500, (response.status_code, response.content[:2000])


def assert_clean_text(value, *, multiline=False, limit=None, what=""):
    """Stored resident text: no control characters (newline and tab only in multi-line text),
    none of the invisible characters the package refuses, normalised, within its limit."""
    if value is None:
        return
    assert isinstance(value, str), (what, value)
    allowed = MULTILINE_OK if multiline else set()
    bad = [c for c in value if unicodedata.category(c) == "Cc" and c not in allowed]
    assert not bad, f"{what}: control characters {bad!r} stored in {value[:200]!r}"
    assert "\r" not in value, (what, value[:200])
    assert not has_forbidden_characters(value), f"{what}: forbidden characters in {value[:200]!r}"
    assert value == unicodedata.normalize("NFC", value), f"{what}: not NFC: {value[:200]!r}"
    if limit is not None:
        assert len(value) <= limit, f"{what}: {len(value)} characters, limit {limit}"


def assert_clean_json(value, what=""):
    """Every string in stored JSON (survey answers), keys too."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert_clean_json(key, what)
            assert_clean_json(item, f"{what}[{key!r}]")
    elif isinstance(value, list):
        for item in value:
            assert_clean_json(item, what)
    elif isinstance(value, str):
        assert_clean_text(value, multiline=True, what=what)


def new_rows(model, since_pk, **filters):
    return model.objects.filter(pk__gt=since_pk, **filters)


def last_pk(model):
    row = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return row or 0


def assert_clean_mail(since=0):
    """Emails sent since index ``since``: headers without line breaks (the backend refuses those)."""
    for message in mail.outbox[since:]:
        assert "\n" not in message.subject and "\r" not in message.subject
        message.message()  # builds the MIME message: raises on a header with a line break
