"""A site's own idea board, built from the package's mixin (issue 13, item 6)."""

from wagtail.models import Page

from wagtail_participation.ideas.models import IdeaBoardPageMixin


class SiteIdeaBoardPage(IdeaBoardPageMixin, Page):
    """A site's idea board page type: every view, block, feed, export and staff tool must work on it."""

    template = "testapp/site_idea_board_page.html"
