"""Concrete models built from the package's mixins, for tests only."""

from wagtail.models import Page

from wagtail_participation.core.models import ParticipationMethodPageMixin


class MethodPage(ParticipationMethodPageMixin, Page):
    """A participation method page with dates, as idea boards and surveys will be."""

    template = "wagtail_participation_projects/participation_project_page.html"


#: The name the first plans used for this page; same model, no extra table.
CommentablePage = MethodPage
