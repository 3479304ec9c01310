"""The demo's pages promise the thresholds its petitions carry."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from wagtail_participation.petitions.models import PetitionPage

pytestmark = pytest.mark.django_db


def text(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return " ".join(strip_tags(response.content.decode()).split())


def whole(number):
    return int(re.sub(r"[^\d]", "", number))


def test_the_demo_pages_and_petitions_agree_on_thresholds(client):
    call_command("load_demo_content", stdout=StringIO())
    index = text(client, "/petitions/")
    promise = re.search(
        r"A petition with ([\d,.]+) signatures gets a response .*? one with ([\d,.]+) is debated",
        index,
    )
    assert promise, index[:500]
    response, debate = whole(promise.group(1)), whole(promise.group(2))
    news = text(client, "/news/sunday-library-petition-nears-its-target/")
    assert whole(re.search(r"close to the ([\d,.]+) signatures that bring", news).group(1)) == (
        response
    )
    petitions = PetitionPage.objects.all()
    assert petitions.count() == 3
    for petition in petitions:
        assert petition.get_response_threshold() == response, petition.slug
        assert petition.get_debate_threshold() == debate, petition.slug
    # What the open petition's own page says it needs.
    page = text(client, "/petitions/sunday-opening-at-the-central-library/")
    assert f"{response} needed for a council response" in page


def test_an_older_demo_database_gets_the_promised_thresholds():
    call_command("load_demo_content", stdout=StringIO())
    PetitionPage.objects.update(response_threshold=None, debate_threshold=None)
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "3 object(s) created" in out.getvalue()
    assert set(PetitionPage.objects.values_list("response_threshold", "debate_threshold")) == {
        (100, 500)
    }
