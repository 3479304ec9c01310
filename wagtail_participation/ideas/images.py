"""Images residents attach to ideas: checked by content, size-limited, re-encoded.

The file's name and declared type are not trusted: Pillow must recognise the
bytes as JPEG, PNG or WebP. The image is then scaled down and saved anew, which
drops EXIF data (camera, GPS position) and anything hidden after the pixels.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from wagtail_participation.core.conf import settings

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
#: Refuse images whose pixel count suggests a decompression bomb.
MAX_PIXELS = 40_000_000


def process_image(upload):
    """Return a ContentFile holding a clean copy of ``upload``, or raise ValidationError."""
    if upload.size > settings.IDEA_IMAGE_MAX_BYTES:
        raise ValidationError(
            _("This image is too large (%(size)s). The largest allowed is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.IDEA_IMAGE_MAX_BYTES)},
            code="too_large",
        )
    not_an_image = ValidationError(
        _("This file is not an image we can use. Please attach a JPEG, PNG or WebP photo."),
        code="invalid_image",
    )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise not_an_image
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise not_an_image
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
                image = image.convert("RGBA" if has_alpha else "RGB")
                side = settings.IDEA_IMAGE_MAX_SIDE
                image.thumbnail((side, side))
                output = io.BytesIO()
                if has_alpha:
                    image.save(output, format="PNG", optimize=True)
                    extension = "png"
                else:
                    image.save(output, format="JPEG", quality=85, optimize=True)
                    extension = "jpg"
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise not_an_image from None
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
