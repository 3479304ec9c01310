"""Every per-IP limit counts an IPv6 client by its /64 (issue 22, item 8).

One household, phone or server is usually given a whole IPv6 /64: counting single
addresses let one person send as many requests as they have addresses.
"""

import pytest
from django.test import Client, RequestFactory, override_settings

from tests.petitions.factories import make_petition, sign
from wagtail_participation.petitions.models import Signature

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address, network",
    [
        ("203.0.113.5", "203.0.113.5"),
        (" 203.0.113.5 ", "203.0.113.5"),
        ("203.0.113.5:4431", "203.0.113.5"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("[2001:db8:1:2::7]:443", "2001:db8:1:2::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("::ffff:203.0.113.5", "203.0.113.5"),
        ("", ""),
        ("not an address", "not an address"),
    ],
)
def test_network_of(address, network):
    from wagtail_participation.core.antispam import network_of

    assert network_of(address) == network


def test_client_network_follows_the_trusted_proxy_setting():
    from wagtail_participation.core.antispam import client_network

    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="2001:db8:9:9::5, 2001:db8:1:2::9"
    )
    assert client_network(request) == "10.0.0.1"
    with override_settings(WAGTAIL_PARTICIPATION_TRUSTED_PROXY_COUNT=1):
        assert client_network(request) == "2001:db8:1:2::/64"


def test_eleven_addresses_of_one_ipv6_64_share_the_ten_a_minute_limit():
    """The attack: a new IPv6 address for every POST, all from one /64."""
    statuses = [
        Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}")
        .post("/participation/sign-in/", {"email": "x"})
        .status_code
        for n in range(11)
    ]
    assert statuses[:10] == [400] * 10  # the form's own error: under the limit
    assert statuses[10] == 429
    # Another /64 (another household) is not held back by it.
    assert (
        Client(REMOTE_ADDR="2001:db8:1:3::1")
        .post("/participation/sign-in/", {"email": "x"})
        .status_code
        == 400
    )


@override_settings(WAGTAIL_PARTICIPATION_PETITION_IP_LIMITS=[(2, 60)])
def test_petition_holding_limit_counts_one_ipv6_64_as_one_client():
    petition = make_petition()
    for n in range(3):
        assert (
            sign(
                Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}"), petition, f"person{n}@example.net"
            ).status_code
            == 302
        )
    signatures = list(Signature.objects.order_by("pk"))
    assert [s.validity for s in signatures] == ["valid", "valid", "held"]
    # The full address is still stored with each signature, for staff.
    assert [s.ip_address for s in signatures] == [
        "2001:db8:1:2::1",
        "2001:db8:1:2::2",
        "2001:db8:1:2::3",
    ]
