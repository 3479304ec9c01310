"""One mailbox, one signature: signatures use core's mailbox key (core.mailboxes)."""

import pytest
from django.test import override_settings

from wagtail_participation.core.mailboxes import InvalidMailbox
from wagtail_participation.petitions.emails import email_domain, normalise_signature_email


@pytest.mark.parametrize(
    "typed, normalised",
    [
        ("Ann.Lee@Example.org", "ann.lee@example.org"),
        # A +tag is the mailbox's own only where the provider uses sub-addresses.
        ("  ann+petitions@example.org ", "ann+petitions@example.org"),
        ("Ann.Lee+x@GMAIL.com", "annlee@gmail.com"),
        ("a.n.n.lee@googlemail.com", "annlee@gmail.com"),
        ("ann.lee@outlook.com", "ann.lee@outlook.com"),
        ("ann.lee+x@outlook.com", "ann.lee@outlook.com"),
        ("annlee@ｇmail.com", "annlee@gmail.com"),
    ],
)
def test_normalise(typed, normalised):
    assert normalise_signature_email(typed) == normalised


def test_domain_uses_aliases():
    assert email_domain("x@GoogleMail.com") == "gmail.com"
    assert email_domain("x@ｇooglemail.com") == "gmail.com"


@override_settings(WAGTAIL_PARTICIPATION_EMAIL_DOTLESS_DOMAINS=["example.org"])
def test_dotless_domains_are_a_setting():
    assert normalise_signature_email("a.b@example.org") == "ab@example.org"


def test_an_address_without_a_mailbox_is_refused():
    with pytest.raises(InvalidMailbox):
        normalise_signature_email("ann@xn--zz.example")
