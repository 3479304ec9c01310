"""The blocks of a project page's body (``ParticipationProjectPageMixin.body``).

The page models use them, so they import nothing from the models; ``blocks`` re-exports them."""

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


def project_body_blocks():
    return [
        ("paragraph", blocks.RichTextBlock(label=_("Text"), icon="pilcrow")),
        ("image", ImageWithCaptionBlock()),
        ("document", DocumentLinkBlock()),
        ("embed", EmbedBlock(label=_("Embed (video, map...)"), icon="media")),
        ("faq", FAQBlock()),
        ("contact", ContactBlock()),
    ]
