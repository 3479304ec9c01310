"""Issue 22, item 10: small files of huge images cannot take a worker's memory.

The attack: a 154 KB PNG raised one worker's memory by 515 MB. A PNG of one colour
compresses about a thousand times, and the old code accepted up to 40 million pixels,
decoded them at full size and copied them twice more (exif_transpose, convert) before
scaling down. Now the header is checked before a pixel is decoded (IDEA_IMAGE_MAX_PIXELS,
16 million by default; a quarter of it for WebP), and a JPEG is decoded straight at a
reduced scale, so a legal 16 megapixel photo takes a fraction of what it did.
"""

import io
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile, WebPImagePlugin

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.ideas.factories import make_board
from wagtail_participation.ideas.images import process_image
from wagtail_participation.ideas.models import Idea

ROOT = Path(__file__).resolve().parents[2]
PILLOW_DEFAULT_MAX_IMAGE_PIXELS = int(1024 * 1024 * 1024 // 4 // 3)


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width, height, rows=None):
    """A valid RGB PNG of one colour, compressed row by row (never held whole in memory)."""
    compressor, row, parts = zlib.compressobj(9), b"\x00" * (1 + 3 * width), []
    for _ in range(height if rows is None else rows):
        parts.append(compressor.compress(row))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )


def encode(im, fmt, **save):
    buffer = io.BytesIO()
    im.save(buffer, format=fmt, **save)
    return buffer.getvalue()


def photo(width, height):
    """Something like a photo: smooth colour everywhere (compresses as a JPEG would)."""
    gradient = Image.linear_gradient("L").resize((width, height))
    return Image.merge(
        "RGB",
        (
            gradient,
            gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
            Image.radial_gradient("L").resize((width, height)),
        ),
    )


def jpeg_claiming(width, height):
    """A small JPEG whose frame header names ``width`` x ``height`` (decoding it would fail)."""
    data = bytearray(encode(Image.new("RGB", (16, 16), "red"), "JPEG"))
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.fixture
def decoded(monkeypatch):
    """The size of every image Pillow decodes during the test (once per image)."""
    sizes = []
    for cls in (ImageFile.ImageFile, WebPImagePlugin.WebPImageFile):
        original = cls.load

        def load(self, original=original):
            # Marked on the image itself: an id() may be reused once an earlier image is freed.
            if self._im is None and not getattr(self, "_test_decoded", False):
                self._test_decoded = True
                sizes.append(self.size)
            return original(self)

        monkeypatch.setattr(cls, "load", load)
    return sizes


def refusal(content):
    with pytest.raises(Exception) as caught:
        process_image(SimpleUploadedFile("image", content))
    return caught.value


# Refused from the header


@pytest.mark.django_db
def test_small_png_of_36_megapixels_is_refused_over_http_and_never_decoded(client, decoded):
    """The attack as it was made: a 105 KB PNG of 6000 x 6000 pixels (the old code took it)."""
    bomb = png_bomb(6000, 6000)
    assert len(bomb) < 200_000
    resident = ParticipantFactory()
    sign_in_client(client, resident)
    board = make_board(allow_images=True)
    response = post_form(
        client,
        board.url + board.reverse_subpage("submit"),
        {
            "title": "Idea",
            "description": "Text",
            "image": SimpleUploadedFile("pond.png", bomb, "image/png"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This image has too many pixels (6000 × 6000)" in html and "16 megapixels" in html
    assert not Idea.objects.exists()
    assert decoded == []


@pytest.mark.parametrize("width,height", [(8000, 8000), (4001, 4000)])
def test_png_over_the_limit_is_refused_before_decoding(width, height, decoded):
    error = refusal(png_bomb(width, height))
    assert error.code == "too_many_pixels" and f"({width} × {height})" in error.messages[0]
    assert decoded == []


def test_png_at_the_limit_is_accepted(decoded):
    output = process_image(SimpleUploadedFile("flat.png", png_bomb(4000, 4000)))
    with Image.open(output) as result:
        assert result.size == (1600, 1600)
    assert max(w * h for w, h in decoded) == 16_000_000


def test_the_limit_is_a_setting(settings, decoded):
    settings.WAGTAIL_PARTICIPATION_IDEA_IMAGE_MAX_PIXELS = 3_000_000
    error = refusal(png_bomb(2000, 2000))
    assert error.code == "too_many_pixels" and "3 megapixels" in error.messages[0]
    assert decoded == []


def test_webp_over_a_quarter_of_the_limit_is_refused(decoded):
    """libwebp's decoder holds about four copies of a WebP: a quarter of the pixels."""
    error = refusal(encode(Image.new("RGB", (2001, 2000)), "WEBP"))
    assert error.code == "too_many_pixels" and "4 megapixels" in error.messages[0]
    assert decoded == []
    process_image(SimpleUploadedFile("ok.webp", encode(Image.new("RGB", (2000, 2000)), "WEBP")))


def test_jpeg_header_over_four_times_the_limit_is_refused(decoded):
    error = refusal(jpeg_claiming(8001, 8000))
    assert error.code == "too_many_pixels" and "64 megapixels" in error.messages[0]
    assert decoded == []


def test_jpeg_still_too_large_after_reducing_is_refused(settings, decoded):
    """With large pictures kept (3000 pixels a side), a 36 megapixel JPEG cannot be decoded smaller."""
    settings.WAGTAIL_PARTICIPATION_IDEA_IMAGE_MAX_SIDE = 3000
    error = refusal(jpeg_claiming(5999, 5999))
    assert error.code == "too_many_pixels" and "16 megapixels" in error.messages[0]
    assert decoded == []


def test_image_beyond_pillows_own_limit_gets_the_same_clear_error(decoded):
    error = refusal(png_bomb(20000, 20000, rows=1))  # header only: Pillow refuses at open
    assert error.code == "too_many_pixels" and "too many pixels" in error.messages[0]
    assert decoded == []
    assert Image.MAX_IMAGE_PIXELS == PILLOW_DEFAULT_MAX_IMAGE_PIXELS  # never changed globally


# JPEG decoded at a reduced scale


def test_large_jpeg_is_decoded_reduced(decoded):
    """A 4000 x 4000 photo is decoded at half size; a 48 megapixel one at a quarter."""
    for size, expected in (((4000, 4000), (2000, 2000)), ((8000, 6000), (2000, 1500))):
        decoded.clear()
        output = process_image(
            SimpleUploadedFile("photo.jpg", encode(photo(*size), "JPEG", quality=80))
        )
        assert decoded == [expected]
        with Image.open(output) as result:
            assert max(result.size) == 1600


# Memory, measured in a fresh process


def measure(path):
    completed = subprocess.run(  # noqa: S603 - our own Python and test module
        [sys.executable, "-m", "tests.ideas.measure_image_memory", str(path)],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "tests.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])[0]


# Before the fix: the PNG bomb 412 MB (accepted), the 4000 x 4000 JPEG 183 MB, the same
# as a PNG 183 MB. After: under 1 MB (refused), about 37 MB and about 95 MB.
MEMORY_CASES = [
    ("bomb-6000x6000.png", lambda: png_bomb(6000, 6000), False, 20),
    ("photo-4000x4000.jpg", lambda: encode(photo(4000, 4000), "JPEG", quality=90), True, 80),
    ("photo-8000x6000.jpg", lambda: encode(photo(8000, 6000), "JPEG", quality=80), True, 80),
    ("photo-4000x4000.png", lambda: encode(photo(4000, 4000), "PNG", compress_level=1), True, 140),
]


@pytest.mark.parametrize(
    "name,make,accepted,bound_mb", MEMORY_CASES, ids=[case[0] for case in MEMORY_CASES]
)
def test_peak_memory_of_one_upload(tmp_path, record_property, name, make, accepted, bound_mb):
    path = tmp_path / name
    path.write_bytes(make())
    result = measure(path)
    record_property("peak_rise_mb", result["peak_rise_mb"])
    assert result["accepted"] is accepted, result
    assert result["peak_rise_mb"] < bound_mb, result
