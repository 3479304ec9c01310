"""StreamField block of petitions, for any page (home page, news article...)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class PetitionBlock(blocks.StructBlock):
    """A petition's request, its count, progress to the next threshold and a sign button."""

    petition = blocks.PageChooserBlock(
        label=_("petition"), page_type="wagtail_participation_petitions.PetitionPage"
    )
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)

    class Meta:
        icon = "list-ul"
        label = _("Petition")
        template = "wagtail_participation_petitions/blocks/petition_block.html"

    def get_context(self, value, parent_context=None):
        from django.urls import reverse

        from wagtail_participation.core.page_privacy import page_is_viewable

        from .models import PetitionState
        from .views import progress

        context = super().get_context(value, parent_context=parent_context)
        page = value.get("petition")
        # Nothing of a petition this visitor may not view (unpublished, or behind a view restriction).
        request = (parent_context or {}).get("request")
        petition = page.specific if page_is_viewable(page, request) else None
        if petition is not None and petition.state != PetitionState.OPEN:
            petition = None
        if petition is not None:
            count = petition.count()
            context.update(
                progress=progress(petition, count),
                count_url=reverse("wagtail_participation_petitions:count", args=[petition.pk]),
            )
        context["petition"] = petition
        return context
