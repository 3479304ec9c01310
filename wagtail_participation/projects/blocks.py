"""StreamField blocks of the projects app: a project's teaser for any StreamField, and (from
``body_blocks``) the blocks of a project page's body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from wagtail_participation.core.page_privacy import page_is_viewable
from wagtail_participation.core.page_types import MixinPageChooserBlock

from .body_blocks import (
    ContactBlock,
    DocumentLinkBlock,
    FAQBlock,
    FAQItemBlock,
    ImageWithCaptionBlock,
    project_body_blocks,
)
from .models import ParticipationProjectPageMixin

__all__ = [
    "ContactBlock",
    "DocumentLinkBlock",
    "FAQBlock",
    "FAQItemBlock",
    "ImageWithCaptionBlock",
    "ProjectChooserBlock",
    "ProjectTeaserBlock",
    "project_body_blocks",
]


class ProjectChooserBlock(MixinPageChooserBlock):
    """Chooses a participation project: a page of any type built from
    ``ParticipationProjectPageMixin`` (the package's own, or a site's)."""

    mixin = ParticipationProjectPageMixin
    recorded_page_type = "wagtail_participation_projects.ParticipationProjectPage"


class ProjectTeaserBlock(blocks.StructBlock):
    """A participation project's card, for any StreamField (home page, news article...)."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)
    project = ProjectChooserBlock(label=_("project"))

    class Meta:
        icon = "group"
        label = _("Participation project teaser")
        template = "wagtail_participation_projects/blocks/project_teaser.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = value.get("project")
        # Nothing of a project this visitor may not view (unpublished, or behind a view restriction).
        request = (parent_context or {}).get("request")
        context["project"] = page.specific if page_is_viewable(page, request) else None
        return context
