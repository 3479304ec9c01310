"""Wagtail's preview shows a petition's sign form; sending it from the preview signs nothing."""

import re

import pytest

from tests.factories import antispam_fields
from tests.petitions.factories import make_petition
from wagtail_participation.core.models import Participant
from wagtail_participation.petitions.models import Signature

pytestmark = pytest.mark.django_db


def test_the_preview_shows_the_sign_form_and_signs_nothing(admin_client, admin_user):
    petition = make_petition()
    petition.save_revision().publish()
    assert [mode for mode, _label in petition.preview_modes] == ["", "sign"]
    url = f"/admin/pages/{petition.pk}/revisions/{petition.latest_revision.pk}/view/"
    for mode in ["", "sign", "nonsense"]:
        assert admin_client.get(url, {"mode": mode}).status_code == 200, mode
    html = admin_client.get(url, {"mode": "sign"}).content.decode()
    form = re.search(r"<form [^>]*>", html.split("<h1>Sign this petition</h1>", 1)[1]).group(0)
    assert 'method="get"' in form and "action=" not in form
    assert "csrfmiddlewaretoken" not in html
    # Sending the form as the browser would: the form again, nothing signed.
    data = {"mode": "sign", "name": "Ann", "email": "ann@example.org", **antispam_fields()}
    assert admin_client.get(url, data).status_code == 200
    assert not Signature.objects.exists()
    assert not Participant.objects.filter(user=admin_user).exists()
