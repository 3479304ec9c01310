"""StreamField blocks of the projects app."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=200,
        required=False,
        help_text=_(
            "Describe the image for people who cannot see it. Leave empty if it is decorative."
        ),
    )
    caption = blocks.CharBlock(label=_("caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "wagtail_participation_projects/blocks/image.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "wagtail_participation_projects/blocks/document.html"


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=250)
    answer = blocks.RichTextBlock(
        label=_("answer"), features=["bold", "italic", "link", "ul", "ol"]
    )


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("heading"), required=False, default=_("Questions and answers")
    )
    items = blocks.ListBlock(FAQItemBlock(), label=_("questions"))

    class Meta:
        icon = "help"
        label = _("FAQ")
        template = "wagtail_participation_projects/blocks/faq.html"


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("name"), max_length=120)
    role = blocks.CharBlock(label=_("role"), max_length=120, required=False)
    email = blocks.EmailBlock(label=_("email"), required=False)
    phone = blocks.CharBlock(label=_("phone"), max_length=40, required=False)

    class Meta:
        icon = "user"
        label = _("Contact")
        template = "wagtail_participation_projects/blocks/contact.html"


class ProjectTeaserBlock(blocks.StructBlock):
    """A participation project's card, for any StreamField (home page, news article...)."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)
    project = blocks.PageChooserBlock(
        label=_("project"),
        page_type="wagtail_participation_projects.ParticipationProjectPage",
    )

    class Meta:
        icon = "group"
        label = _("Participation project teaser")
        template = "wagtail_participation_projects/blocks/project_teaser.html"

    def get_context(self, value, parent_context=None):
        from wagtail_participation.core.page_privacy import page_is_viewable

        context = super().get_context(value, parent_context=parent_context)
        page = value.get("project")
        # Nothing of a project this visitor may not view (unpublished, or behind a view restriction).
        request = (parent_context or {}).get("request")
        context["project"] = page.specific if page_is_viewable(page, request) else None
        return context


def project_body_blocks():
    return [
        ("paragraph", blocks.RichTextBlock(label=_("Text"), icon="pilcrow")),
        ("image", ImageWithCaptionBlock()),
        ("document", DocumentLinkBlock()),
        ("embed", EmbedBlock(label=_("Embed (video, map...)"), icon="media")),
        ("faq", FAQBlock()),
        ("contact", ContactBlock()),
    ]
