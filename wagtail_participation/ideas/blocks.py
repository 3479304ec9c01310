"""StreamField blocks of idea boards, for any page (home page, news article...)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from wagtail_participation.core.page_privacy import page_is_viewable
from wagtail_participation.core.page_types import MixinPageChooserBlock

from .models import IdeaBoardPageMixin


class IdeaBoardChooserBlock(MixinPageChooserBlock):
    """A page chooser offering every idea board page type installed, not one named model."""

    mixin = IdeaBoardPageMixin
    recorded_page_type = "wagtail_participation_ideas.IdeaBoardPage"


class IdeaBoardTeaserBlock(blocks.StructBlock):
    """An idea board's question, its most supported or newest ideas and a link to post one."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)
    board = IdeaBoardChooserBlock(label=_("idea board"))
    show = blocks.ChoiceBlock(
        label=_("ideas to show"),
        default="supported",
        choices=[("supported", _("Most supported")), ("newest", _("Newest")), ("none", _("None"))],
    )
    count = blocks.IntegerBlock(label=_("number of ideas"), default=3, min_value=1, max_value=10)

    class Meta:
        icon = "openquote"
        label = _("Idea board teaser")
        template = "wagtail_participation_ideas/blocks/idea_board_teaser.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = value.get("board")
        # Nothing of a board this visitor may not view (unpublished, or behind a view restriction).
        request = (parent_context or {}).get("request")
        board = page.specific if page and page_is_viewable(page, request) else None
        if not isinstance(board, IdeaBoardPageMixin):
            board = None
        ideas = []
        if board is not None and value.get("show") != "none":
            order = (
                ("-score", "-created_at") if value.get("show") == "supported" else ("-created_at",)
            )
            ideas = list(board.public_ideas().order_by(*order)[: value.get("count") or 3])
        context.update(board=board, ideas=ideas)
        return context
