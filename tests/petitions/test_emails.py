"""One mailbox, one signature: how addresses are normalised."""

import pytest
from django.test import override_settings

from wagtail_participation.petitions.emails import email_domain, normalise_signature_email


@pytest.mark.parametrize("typed, normalised", [
    ("Ann.Lee@Example.org", "ann.lee@example.org"),
    ("  ann+petitions@example.org ", "ann@example.org"),
    ("Ann.Lee+x@GMAIL.com", "annlee@gmail.com"),
    ("a.n.n.lee@googlemail.com", "annlee@gmail.com"),
    ("ann.lee@outlook.com", "ann.lee@outlook.com"),
])
def test_normalise(typed, normalised):
    assert normalise_signature_email(typed) == normalised


def test_domain_uses_aliases():
    assert email_domain("x@GoogleMail.com") == "gmail.com"


@override_settings(WAGTAIL_PARTICIPATION_PETITION_DOTLESS_EMAIL_DOMAINS=["example.org"])
def test_dotless_domains_are_a_setting():
    assert normalise_signature_email("a.b@example.org") == "ab@example.org"
