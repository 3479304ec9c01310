"""StreamField blocks of the projects app: a project's teaser for any StreamField, and (from
``body_blocks``) the blocks of a project page's body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from wagtail_participation.core.page_privacy import page_is_viewable

from .body_blocks import (
    ContactBlock,
    DocumentLinkBlock,
    FAQBlock,
    FAQItemBlock,
    ImageWithCaptionBlock,
    project_body_blocks,
)
from .models import project_page_models

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


class ProjectChooserBlock(blocks.PageChooserBlock):
    """Chooses a participation project: a page of any type built from
    ``ParticipationProjectPageMixin`` (the package's own, or a site's)."""

    @property
    def target_models(self):
        return project_page_models()

    @property
    def target_model(self):
        models_ = self.target_models
        return models_[0] if len(models_) == 1 else super().target_model


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
