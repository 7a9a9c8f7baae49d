import io
import random
import struct
import time
import warnings
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import trans_real
from PIL import ExifTags, Image, ImageCms, features

from qala.appeals.photos import process_image
from qala.common.errors import Invalid

# Helpers: images made in memory


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def solid(size=(400, 300), colour="teal", mode="RGB") -> Image.Image:
    return Image.new(mode, size, colour)


def noise(size=(400, 300)) -> Image.Image:
    """Random pixels, so that every byte of the encoded file carries picture data."""
    return Image.frombytes("RGB", size, random.Random(0).randbytes(size[0] * size[1] * 3))


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims width × height but holds only a few bytes of pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def near(pixel, colour, tolerance=12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def error_of(upload, **kwargs) -> Invalid:
    with pytest.raises(Invalid) as caught:
        process_image(upload, **kwargs)
    assert caught.value.field == "photos"
    return caught.value


RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)


# Accepted photos


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_accepts_each_photo_format_and_reencodes_it_as_jpeg(fmt):
    result = process_image(encode(solid(), fmt), name=f"yard.{fmt.lower()}")

    content, thumbnail = opened(result.content), opened(result.thumbnail)
    assert (content.format, content.size) == ("JPEG", (400, 300))
    assert (result.width, result.height) == (400, 300)
    assert (thumbnail.format, thumbnail.size) == ("JPEG", (320, 240))


def test_accepts_uploaded_file_already_read_and_file_objects():
    data = encode(solid(), "JPEG")
    upload = SimpleUploadedFile("yard.jpg", data, content_type="image/jpeg")
    upload.read()  # e.g. a form field looked at it first

    assert process_image(upload).width == 400
    assert process_image(io.BytesIO(data)).width == 400


def test_png_transparency_is_flattened_on_white():
    image = solid(colour=(255, 0, 0, 0), mode="RGBA")
    image.paste((0, 0, 255, 255), (0, 0, 100, 100))

    content = opened(process_image(encode(image, "PNG")).content)

    assert content.mode == "RGB"
    assert near(content.getpixel((50, 50)), BLUE)
    assert near(content.getpixel((300, 200)), WHITE)


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_animation_keeps_the_first_frame(fmt):
    data = encode(solid(colour="red"), fmt, save_all=True, append_images=[solid(colour="lime")], duration=100)
    assert Image.open(io.BytesIO(data)).n_frames == 2

    content = opened(process_image(data).content)

    assert near(content.getpixel((200, 150)), RED)


def test_large_photo_is_scaled_down_to_2560_on_the_long_side():
    result = process_image(encode(solid((4000, 3000)), "JPEG"))

    assert (result.width, result.height) == (2560, 1920)
    assert opened(result.content).size == (2560, 1920)
    assert opened(result.thumbnail).size == (320, 240)


def test_small_photo_is_never_scaled_up():
    result = process_image(encode(solid((200, 100)), "PNG"))

    assert (result.width, result.height) == (200, 100)
    assert opened(result.thumbnail).size == (200, 100)


def test_16_bit_greyscale_png_keeps_its_tones():
    content = opened(process_image(encode(solid(colour=40000, mode="I;16"), "PNG")).content)

    assert near(content.getpixel((200, 150)), (156, 156, 156))  # 40000 / 256, not clipped to white


# Privacy: nothing of the original file's metadata survives


def photo_from_a_phone() -> bytes:
    """A 400×300 JPEG stored sideways (Orientation 6) with GPS, XMP, an ICC profile and a comment."""
    image = solid(colour="blue")
    image.paste(RED, (0, 0, 100, 100))  # top-left as stored, top-right once stood upright
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "SecretPhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (43.0, 14.0, 18.5),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (76.0, 53.0, 42.1),
    }
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SecretXmpLocation</x:xmpmeta>'
    return encode(image, "JPEG", exif=exif, xmp=xmp, icc_profile=icc, comment=b"SecretHomeAddress")


def test_phone_photo_input_really_carries_gps():
    image = Image.open(io.BytesIO(photo_from_a_phone()))

    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert {"exif", "xmp", "icc_profile", "comment"} <= image.info.keys()


def test_output_has_no_metadata_at_all():
    result = process_image(photo_from_a_phone())

    for data in (result.content, result.thumbnail):
        image = opened(data)
        assert len(image.getexif()) == 0
        assert not {"exif", "xmp", "icc_profile", "comment"} & image.info.keys()
        for secret in (b"Exif", b"Secret", b"adobe", b"ICC_PROFILE"):
            assert secret not in data


def test_photo_is_turned_upright_by_its_exif_orientation():
    result = process_image(photo_from_a_phone())

    content = opened(result.content)
    assert (result.width, result.height) == content.size == (300, 400)
    assert near(content.getpixel((250, 50)), RED)
    assert near(content.getpixel((50, 50)), BLUE)


# Refused uploads


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_truncated_photo_is_broken(fmt):
    data = encode(noise(), fmt)

    assert error_of(data[: len(data) // 2]).code == "photo_broken"


def not_a_photo(kind: str) -> bytes:
    if kind in ("GIF", "TIFF", "BMP", "AVIF"):
        return encode(solid(), kind)
    return {
        "text": b"This is not a picture, just text in a file called .jpg\n",
        "PDF": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        "SVG": b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    }[kind]


@pytest.mark.parametrize(
    "kind",
    [
        "text",
        "GIF",
        "PDF",
        "SVG",
        "TIFF",
        "BMP",
        pytest.param("AVIF", marks=pytest.mark.skipif(not features.check("avif"), reason="no AVIF in Pillow")),
    ],
)
def test_other_files_are_refused_whatever_their_name(kind):
    upload = SimpleUploadedFile("pothole.jpg", not_a_photo(kind), content_type="image/jpeg")

    assert error_of(upload).code == "photo_format"


@pytest.mark.parametrize(
    "size",
    [
        (8000, 6000),  # over QALA_PHOTO_MAX_PIXELS: our header check
        (10000, 10000),  # over Image.MAX_IMAGE_PIXELS: Pillow's warning, made an error
        (20000, 20000),  # over twice that: Pillow's DecompressionBombError
    ],
)
def test_pixel_bomb_is_refused_from_its_header(size):
    max_pixels = Image.MAX_IMAGE_PIXELS
    started = time.monotonic()

    with warnings.catch_warnings(record=True) as escaped:
        warnings.simplefilter("always")
        error = error_of(png_header(*size))

    assert escaped == []  # Pillow's DecompressionBombWarning was turned into a refusal, not logged

    # The pixel data is garbage, so decoding it would have given photo_broken instead.
    assert error.code == "photo_too_many_pixels"
    assert time.monotonic() - started < 1
    assert max_pixels == Image.MAX_IMAGE_PIXELS


def test_pixel_limit_follows_the_setting(settings):
    settings.QALA_PHOTO_MAX_PIXELS = 100 * 100

    assert error_of(encode(solid((101, 100)), "PNG")).code == "photo_too_many_pixels"
    assert process_image(encode(solid((100, 100)), "PNG")).width == 100


def test_file_over_the_byte_limit_is_too_large(settings):
    data = encode(solid(), "JPEG")
    settings.QALA_PHOTO_MAX_BYTES = len(data)

    assert process_image(data).width == 400
    assert error_of(data + b"\0").code == "photo_too_large"
    assert error_of(SimpleUploadedFile("big.jpg", data + b"\0")).code == "photo_too_large"


class EndlessStream(io.RawIOBase):
    """A file that never ends and serves at most 64 KiB per read."""

    served = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        size = min(len(buffer), 64 * 1024)
        buffer[:size] = b"\xff" * size
        self.served += size
        return size


def test_size_check_reads_at_most_one_byte_over_the_limit(settings):
    settings.QALA_PHOTO_MAX_BYTES = 1024 * 1024
    stream = EndlessStream()

    assert error_of(stream).code == "photo_too_large"
    assert stream.served == 1024 * 1024 + 1


@pytest.mark.parametrize("upload", [b"", io.BytesIO(), SimpleUploadedFile("empty.jpg", b"")])
def test_empty_file_is_refused(upload):
    assert error_of(upload).code == "photo_empty"


# Messages


@pytest.mark.parametrize(
    ("make_upload", "code", "detail"),
    [
        (lambda: b"\0" * (1024 * 1024 + 1), "photo_too_large", "1 MB"),
        (lambda: b"", "photo_empty", ""),
        (lambda: b"hello", "photo_format", "JPEG, PNG, WebP or HEIC"),
        (lambda: png_header(8000, 6000), "photo_too_many_pixels", "40 MP"),
        (lambda: encode(noise(), "JPEG")[:5000], "photo_broken", "damaged"),
    ],
)
def test_messages_are_translated_when_shown_and_name_the_file(settings, monkeypatch, make_upload, code, detail):
    settings.QALA_PHOTO_MAX_BYTES = 1024 * 1024
    error = error_of(make_upload(), name="pothole.jpg")
    assert error.code == code

    with translation.override("en"):
        english = str(error.message)
    monkeypatch.setattr(trans_real.translation("ru"), "gettext", lambda message: "[ru] " + message)
    with translation.override("ru"):
        russian = str(error.message)

    assert "“pothole.jpg”" in english
    assert detail in english
    assert russian == "[ru] " + english


def test_message_names_the_uploaded_file():
    upload = SimpleUploadedFile("IMG_0042.jpg", b"not a photo", content_type="image/jpeg")

    assert "IMG_0042.jpg" in str(error_of(upload).message)
