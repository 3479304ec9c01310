import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.app_label in ("wagtailcore", "council", "wagtail_participation",
                                     "wagtail_participation_projects", "wagtailimages")
            and m._meta.model_name not in ("pagelogentry", "revision", "referenceindex", "modellogentry")}


def test_load_demo_content_twice_changes_nothing(client):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    first = counts()
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    assert counts() == first
    assert first["wagtail_participation_projects.ParticipationProjectPage"] == 2
    assert first["council.NewsArticlePage"] == 3


@pytest.mark.parametrize(
    "path, text",
    [
        ("/", "Riverside Borough Council"),
        ("/have-your-say/", "Riverside Park renewal"),
        ("/have-your-say/riverside-park-renewal/", "Please keep the big willow"),
        ("/have-your-say/library-opening-hours/", "You said, we did"),
        ("/news/", "Have your say on Riverside Park"),
        ("/news/have-your-say-on-riverside-park/", "Riverside Park renewal"),
        ("/bins-and-recycling/", "Green bins"),
        ("/participation/sign-in/", "Sign in to take part"),
    ],
)
def test_demo_pages(client, path, text):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    response = client.get(path)
    assert response.status_code == 200
    assert text in response.content.decode()
