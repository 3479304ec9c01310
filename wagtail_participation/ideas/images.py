"""Images residents attach to ideas: checked by content, size-limited, re-encoded.

The file's name and declared type are not trusted: Pillow must recognise the
bytes as JPEG, PNG or WebP. The image is then scaled down and saved anew.

Memory: a small compressed file can hold a huge image (a 105 KB PNG of 6000 x
6000 pixels decodes to 144 MB), so the size in the header is checked before a
single pixel is decoded: a PNG of more than IDEA_IMAGE_MAX_PIXELS is refused. A
JPEG is decoded straight at a reduced scale (1/2, 1/4 or 1/8, ``Image.draft``)
close to the size it is saved at, so a phone photo never exists at full size in
memory: its header may name up to four times the limit, as long as what is
decoded stays within it. A WebP (its decoder holds several copies) may have a
quarter of the limit. The image is then shrunk before anything else copies it
(mode conversion, colour profile, rotation). Pillow's own global limit,
``Image.MAX_IMAGE_PIXELS``, is left as it is.

Privacy: the copy saved holds pixels only. No EXIF (camera, GPS position), XMP,
JPEG comment, PNG text chunk or anything hidden after the pixels is written; an
embedded colour profile is applied (the pixels are converted to sRGB) and then
dropped, since a browser shows an image without one as sRGB.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from .conf import settings

try:  # Pillow built without LittleCMS: profiles are dropped without being applied
    from PIL import ImageCms

    _SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
except ImportError:  # pragma: no cover
    ImageCms = None

#: MPO is how Pillow names a JPEG photo carrying a second picture (a depth or HDR gain map).
ACCEPTED_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}
JPEG_FORMATS = ("JPEG", "MPO")
#: What an image's header may name, as a share of IDEA_IMAGE_MAX_PIXELS. A JPEG is decoded at
#: 1/2, 1/4 or 1/8 of its size, so a 24 or 48 megapixel phone photo costs less than a 16 megapixel
#: PNG (and is refused if what is decoded is still over the limit); Pillow decodes a WebP through
#: libwebp's animation decoder, which holds about four copies of it, hence a quarter.
PIXELS_FACTOR = {"JPEG": 4, "MPO": 4, "PNG": 1, "WEBP": 0.25}
#: Modes Pillow scales down well as they are; any other (palette, 16-bit...) is converted first.
SCALABLE_MODES = ("RGB", "RGBA", "L", "LA", "CMYK")


def _too_many_pixels(width=None, height=None, limit=None):
    limit = limit or settings.IDEA_IMAGE_MAX_PIXELS
    megapixels = number_format(
        round(limit / 1_000_000, 1), decimal_pos=0 if limit % 1_000_000 == 0 else 1
    )
    if width is None:
        message = _(
            "This image has too many pixels. The largest allowed is %(limit)s megapixels: "
            "please attach a smaller copy."
        ) % {"limit": megapixels}
    else:
        message = _(
            "This image has too many pixels (%(width)s × %(height)s). The largest allowed is "
            "%(limit)s megapixels: please attach a smaller copy."
        ) % {
            "width": width,
            "height": height,
            "limit": megapixels,
        }
    return ValidationError(message, code="too_many_pixels")


def _check_size(image):
    """Refuse, from the header alone, an image that would take too much memory to decode."""
    width, height = image.size
    limit = int(settings.IDEA_IMAGE_MAX_PIXELS * PIXELS_FACTOR[image.format])
    if width * height > limit:
        raise _too_many_pixels(width, height, limit)


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _to_srgb(image, mode):
    """``image`` in ``mode`` (RGB or RGBA), its colour profile applied; the profile itself is not kept."""
    profile = image.info.get("icc_profile")
    if profile and ImageCms is not None:
        try:
            return ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                _SRGB,
                outputMode=mode,
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken or mismatched profile: keep the pixels as they are
    return image if image.mode == mode else image.convert(mode)


def _decode_small(upload):
    """The upload's first frame, decoded no larger than needed, scaled down and upright."""
    side = settings.IDEA_IMAGE_MAX_SIDE
    image = Image.open(upload)  # reads the header only
    if image.format not in ACCEPTED_FORMATS:
        raise UnidentifiedImageError
    _check_size(image)
    if image.format in JPEG_FORMATS:
        # Decode at 1/2, 1/4 or 1/8 scale: the smallest no smaller than the size it will be shown at.
        width, height = image.size
        ratio = min(side / width, side / height, 1)
        image.draft("RGB", (max(1, round(width * ratio)), max(1, round(height * ratio))))
        if image.size[0] * image.size[1] > settings.IDEA_IMAGE_MAX_PIXELS:
            raise _too_many_pixels(*image.size)
    image.load()
    orientation = image.getexif().get(0x0112, 1)  # read now: the pipeline below keeps no metadata
    mode = "RGBA" if _has_alpha(image) else "RGB"
    if image.mode not in SCALABLE_MODES or "transparency" in image.info:
        image = image.convert(mode)  # a palette, 16-bit or colour-keyed image scales badly as it is
    if image.mode == "RGBA":
        # Scaled with premultiplied alpha (no dark fringes); converting here, rather than inside
        # thumbnail(), lets the decoded copy go before the scaled one is made.
        image = image.convert("RGBa")
    image.thumbnail((side, side))  # in place
    if image.mode == "RGBa":
        image = image.convert("RGBA")
    image = _to_srgb(image, mode)
    transpose = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation)
    if transpose is not None:
        image = image.transpose(transpose)
    return image


def process_image(upload):
    """Return a ContentFile holding a clean copy of ``upload``, or raise ValidationError."""
    if upload.size > settings.IDEA_IMAGE_MAX_BYTES:
        raise ValidationError(
            _("This image is too large (%(size)s). The largest allowed is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.IDEA_IMAGE_MAX_BYTES),
            },
            code="too_large",
        )
    not_an_image = ValidationError(
        _("This file is not an image we can use. Please attach a JPEG, PNG or WebP photo."),
        code="invalid_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:  # the header and, for a PNG, every chunk's checksum
            if probe.format not in ACCEPTED_FORMATS:
                raise not_an_image
            _check_size(probe)
            probe.verify()
        upload.seek(0)
        image = _decode_small(upload)
        # A new image of the pixels alone: nothing of the file's metadata can be written with it.
        clean = Image.new(image.mode, image.size)
        clean.paste(image)
        del image
        output = io.BytesIO()
        if clean.mode == "RGBA":
            clean.save(output, format="PNG", optimize=True)
            extension = "png"
        else:
            clean.save(output, format="JPEG", quality=85, optimize=True)
            extension = "jpg"
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise not_an_image from None
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
