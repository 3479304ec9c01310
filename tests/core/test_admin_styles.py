"""Core's admin stylesheet is on every admin page, so admin templates need no inline styles."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admin_pages_link_the_participation_stylesheet(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert b'href="/static/wagtail_participation/css/admin.css"' in response.content
