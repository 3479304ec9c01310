import pytest
from tests.factories import CommentFactory
pytestmark = pytest.mark.django_db
@pytest.mark.parametrize("qs", ["foo=bar", "o=abc", "o=99", "p=abc", "p=999", "created_at__gte=notadate", "moderation_state__exact=bogus", "type=abc", "type=99999", "page_id=abc", "q=%00", "page__path__startswith=0001"])
def test_probe(admin_client, qs):
    CommentFactory()
    for url in ["/admin/wagtail_participation/contribution/", "/admin/wagtail_participation/report/", "/admin/wagtail_participation/participant/"]:
        r = admin_client.get(url + "?" + qs)
        assert r.status_code < 500, (url, qs)
