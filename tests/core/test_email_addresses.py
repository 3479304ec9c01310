"""Every email links to one address: the configured one (``core.links``), whichever email it is.

Sign-in links, idea updates and "your petition is published" once started with three different
addresses (issue 24, point 10). Here each is sent under two set-ups: an address configured for
the package, and none configured, where the default Wagtail Site's hostname decides.
"""

import re

import pytest
from django.core import mail
from wagtail.models import Site

from tests.core.factories import make_superuser
from tests.factories import ParticipantFactory, post_form
from tests.ideas.factories import IdeaFactory, make_board
from tests.petitions.factories import make_petition
from wagtail_participation.ideas import services as idea_services
from wagtail_participation.petitions.lifecycle import open_published_petition
from wagtail_participation.petitions.models import PetitionState

pytestmark = pytest.mark.django_db
ADDRESS = "https://www.council.example"


@pytest.fixture(params=["configured", "site"])
def address(request, settings):
    if request.param == "configured":
        settings.WAGTAIL_PARTICIPATION_BASE_URL = ADDRESS
    else:
        settings.WAGTAILADMIN_BASE_URL = ""
        Site.objects.filter(is_default_site=True).update(hostname="www.council.example", port=443)
        Site.clear_site_root_paths_cache()
    return ADDRESS


def links_in(address_to):
    bodies = [m.body for m in mail.outbox if address_to in m.to]
    assert bodies, f"nothing emailed to {address_to}"
    return re.findall(r"https?://[^\s>]+", "\n".join(bodies))


def test_sign_in_idea_update_and_published_petition_share_one_address(
    client, address, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_form(
            client,
            "/participation/sign-in/",
            {"email": "ann@example.org"},
            HTTP_HOST="other.example",
        )

    author = ParticipantFactory(email="bob@example.org")
    idea = IdeaFactory(page=make_board(), author=author)
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.respond_to_idea(
            idea,
            make_superuser(),
            status=idea.status,
            response="<p>We will.</p>",
            responder_name="Parks team",
            notify=True,
        )

    creator = ParticipantFactory(email="cat@example.org")
    petition = make_petition(state=PetitionState.MODERATION, creator=creator)
    with django_capture_on_commit_callbacks(execute=True):
        assert open_published_petition(petition)

    for to in ("ann@example.org", "bob@example.org", "cat@example.org"):
        links = links_in(to)
        assert links, to
        assert all(link.startswith(address + "/") for link in links), (to, links)
