"""StreamField block of petitions, for any page (home page, news article...)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from wagtail_participation.core.page_privacy import page_is_viewable
from wagtail_participation.core.page_types import MixinPageChooserBlock
from wagtail_participation.core.translations import canonical_page_id

from .models import PetitionPageMixin, PetitionState


class PetitionChooserBlock(MixinPageChooserBlock):
    """Chooses a page of any petition page type (the package's and a site's own)."""

    mixin = PetitionPageMixin
    recorded_page_type = "wagtail_participation_petitions.PetitionPage"


class PetitionBlock(blocks.StructBlock):
    """A petition's request, its count, progress to the next threshold and a sign button."""

    petition = PetitionChooserBlock(label=_("petition"))
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)

    class Meta:
        icon = "list-ul"
        label = _("Petition")
        template = "wagtail_participation_petitions/blocks/petition_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = value.get("petition")
        # Nothing of a petition this visitor may not view (unpublished, or behind a view restriction).
        request = (parent_context or {}).get("request")
        petition = page.specific if page_is_viewable(page, request) else None
        if not isinstance(petition, PetitionPageMixin) or petition.state != PetitionState.OPEN:
            petition = None
        if petition is not None:
            context.update(
                progress=petition.progress(),
                count_url=reverse(
                    "wagtail_participation_petitions:count", args=[canonical_page_id(petition)]
                ),
            )
        context["petition"] = petition
        return context
