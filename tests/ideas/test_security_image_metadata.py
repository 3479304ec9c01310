"""Issue 22, item 12: an idea's image is saved without any of the file's metadata.

The attack: a resident (or the phone of one) uploads a photo carrying a JPEG comment, EXIF
with the camera and the GPS position, XMP and a colour profile, or a PNG with text chunks.
The copy the site serves must hold none of it: only the segments a JPEG needs to show its
pixels (JFIF header, tables, frame, scan), or a PNG's IHDR, IDAT and IEND. Colour profiles
are applied (pixels converted to sRGB) and dropped.
"""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from wagtail_participation.ideas.images import process_image

SECRETS = (
    b"SECRET-COMMENT",
    b"SpyCam",
    b"SECRET-XMP",
    b"SECRET-TEXT",
    b"SECRET-ZTXT",
    b"SECRET-ITXT",
    b"Exif",
    b"ICC_PROFILE",
    b"http://ns.adobe.com/xap",
)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SECRET-XMP <exif:GPSLatitude>52,22.2N</exif:GPSLatitude></x:xmpmeta>'


def exif_with_gps(orientation=None):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 42.6)
    return exif.tobytes()


def image(mode="RGB", size=(400, 300), colour="red"):
    if mode == "RGBA":
        colour = (255, 0, 0, 128)
    return Image.new(mode, size, colour)


def encode(im, fmt, **save):
    buffer = io.BytesIO()
    im.save(buffer, format=fmt, **save)
    return buffer.getvalue()


def processed(content, name="photo"):
    return process_image(SimpleUploadedFile(name, content)).read()


def jpeg_segments(data):
    """The marker of every segment before the image data (0xE0 is APP0, 0xFE a comment...)."""
    assert data[:2] == b"\xff\xd8"
    markers, position = [], 2
    while True:
        marker = data[position + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: the pixels follow
            return markers
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length


def png_chunks(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunks.append(data[position + 4 : position + 8])
        position += 12 + length
    return chunks


# JPEG: SOF0 to SOF2 (frame), DHT, DQT, DRI, SOS and the JFIF APP0 header only.
JPEG_PIXEL_SEGMENTS = {0xC0, 0xC1, 0xC2, 0xC4, 0xDB, 0xDD, 0xDA, 0xE0}
PNG_PIXEL_CHUNKS = {b"IHDR", b"PLTE", b"IDAT", b"IEND"}


def assert_clean_jpeg(data):
    assert set(jpeg_segments(data)) <= JPEG_PIXEL_SEGMENTS, [hex(m) for m in jpeg_segments(data)]
    for secret in SECRETS:
        assert secret not in data, secret
    with Image.open(io.BytesIO(data)) as result:
        assert result.format == "JPEG"
        assert (
            not result.getexif()
            and "comment" not in result.info
            and "icc_profile" not in result.info
        )


def assert_clean_png(data):
    assert set(png_chunks(data)) <= PNG_PIXEL_CHUNKS, png_chunks(data)
    for secret in SECRETS:
        assert secret not in data, secret


def test_jpeg_comment_exif_gps_xmp_and_profile_are_dropped():
    upload = encode(
        image(), "JPEG", comment=b"SECRET-COMMENT", exif=exif_with_gps(), xmp=XMP, icc_profile=SRGB
    )
    assert b"SECRET-COMMENT" in upload and b"SpyCam" in upload and b"SECRET-XMP" in upload
    assert_clean_jpeg(processed(upload))


def test_large_jpeg_reduced_on_load_is_clean_too():
    upload = encode(
        image(size=(4000, 3000)), "JPEG", comment=b"SECRET-COMMENT", exif=exif_with_gps(), xmp=XMP
    )
    data = processed(upload)
    assert_clean_jpeg(data)
    with Image.open(io.BytesIO(data)) as result:
        assert result.size == (1600, 1200)


def test_png_text_chunks_exif_and_profile_are_dropped():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "SECRET-TEXT")
    info.add_text("Author", "SECRET-ZTXT", zip=True)
    info.add_itxt("Description", "SECRET-ITXT", lang="en", tkey="Description")
    for mode in ("RGB", "RGBA"):  # saved as JPEG, and as PNG (it has transparency)
        upload = encode(image(mode), "PNG", pnginfo=info, exif=exif_with_gps(), icc_profile=SRGB)
        assert {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP"} <= set(png_chunks(upload))
        data = processed(upload)
        if mode == "RGBA":
            assert_clean_png(data)
            with Image.open(io.BytesIO(data)) as result:
                assert result.mode == "RGBA" and result.getpixel((10, 10))[3] == 128
        else:
            assert_clean_jpeg(data)


def test_text_chunk_after_the_pixels_is_dropped():
    """Anything after IDAT (a late tEXt, bytes after IEND) does not survive either."""
    data = encode(image("RGBA"), "PNG")
    late = b"tEXt" + b"Comment\x00SECRET-TEXT"
    chunk = struct.pack(">I", len(late) - 4) + late + struct.pack(">I", zlib.crc32(late))
    iend = data.rindex(b"\x00\x00\x00\x00IEND")
    upload = data[:iend] + chunk + data[iend:] + b"SECRET-COMMENT trailing"
    assert_clean_png(processed(upload))


def test_webp_exif_xmp_and_profile_are_dropped():
    upload = encode(image(), "WEBP", exif=exif_with_gps(), xmp=XMP, icc_profile=SRGB)
    assert b"SpyCam" in upload and b"SECRET-XMP" in upload
    assert_clean_jpeg(processed(upload))


def test_orientation_is_applied_before_the_exif_goes():
    """A phone photo taken upright (orientation 6: rotate 90°) stays upright without its EXIF."""
    upload = encode(image(size=(400, 300)), "JPEG", exif=exif_with_gps(orientation=6))
    data = processed(upload)
    assert_clean_jpeg(data)
    with Image.open(io.BytesIO(data)) as result:
        assert result.size == (300, 400)


def test_colour_profile_is_applied_and_a_broken_one_ignored():
    for profile in (SRGB, b"not a colour profile" * 10):
        data = processed(
            encode(image(colour=(200, 40, 30)), "JPEG", icc_profile=profile, quality=95)
        )
        assert_clean_jpeg(data)
        with Image.open(io.BytesIO(data)) as result:
            red, green, blue = result.getpixel((20, 20))
            assert abs(red - 200) < 8 and abs(green - 40) < 8 and abs(blue - 30) < 8


@pytest.mark.parametrize("mode", ["P", "L", "LA", "I;16", "1", "CMYK"])
def test_every_mode_comes_out_as_a_plain_image(mode):
    im = Image.new(mode, (300, 200))
    fmt = "JPEG" if mode == "CMYK" else "PNG"
    data = processed(encode(im, fmt, **({"transparency": 0} if mode == "P" else {})))
    with Image.open(io.BytesIO(data)) as result:
        assert result.mode in ("RGB", "RGBA") and result.size == (300, 200)
    (assert_clean_png if data.startswith(b"\x89PNG") else assert_clean_jpeg)(data)
