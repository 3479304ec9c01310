"""A site's own petition pages, built from the package's public mixins (issue 13, item 6)."""

from wagtail.models import Page

from wagtail_participation.petitions.models import (
    PetitionIndexPageMixin,
    PetitionPageMixin,
    petition_edit_handler,
)


class SitePetitionIndexPage(PetitionIndexPageMixin, Page):
    """A council's own petitions index, with a template of its own extending the package's."""

    template = "testapp/site_petition_index_page.html"
    subpage_types = ["testapp.SitePetitionPage"]


class SitePetitionPage(PetitionPageMixin, Page):
    """A council's own petition page type."""

    template = "testapp/site_petition_page.html"
    parent_page_types = ["testapp.SitePetitionIndexPage"]
    subpage_types = []


SitePetitionPage.edit_handler = petition_edit_handler(SitePetitionPage)
