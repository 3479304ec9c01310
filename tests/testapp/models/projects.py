"""A site's own index and project pages, built from the projects app's public mixins.

The package's code finds projects by the mixins, so these get everything its concrete pages
get: the index's listing and filters, the timeline and updates, the teaser block, comments,
and the method pages under a project finding it (tests/projects/test_site_pages.py).
"""

from django.db import models
from wagtail.models import Page

from wagtail_participation.core.models import ParticipationPageMixin
from wagtail_participation.projects.models import (
    ParticipationIndexPageMixin,
    ParticipationProjectPageMixin,
)


class SiteIndexPage(ParticipationIndexPageMixin, Page):
    """A site's own list of projects."""

    subpage_types = ["testapp.SiteProjectPage"]
    template = "testapp/site_index_page.html"


class SiteProjectPage(ParticipationProjectPageMixin, ParticipationPageMixin, Page):
    """A site's own project page, with a field of its own."""

    budget = models.PositiveIntegerField("budget", null=True, blank=True)

    parent_page_types = ["testapp.SiteIndexPage"]
    template = "testapp/site_project_page.html"
