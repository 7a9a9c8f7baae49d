"""Resident photos: check an upload, then re-encode it so that only clean pixels are stored.

Nothing of the original file survives: EXIF (GPS, camera serial), XMP, ICC profiles and
comments are dropped, and the pixels are re-encoded as JPEG.
"""

import io
import os
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from qala.common.errors import Invalid
from qala.common.uploads import DECODE_ERRORS, interpolate, read_bounded

MAX_SIDE = 2560
THUMBNAIL_SIDE = 320
ACCEPTED_FORMATS = ["JPEG", "PNG", "WEBP"]

try:
    import pillow_heif
except ImportError:  # without pillow-heif, HEIC uploads are refused like any other unknown format
    pass
else:
    pillow_heif.register_heif_opener()
    ACCEPTED_FORMATS.append("HEIF")

TOO_LARGE = _("The photo “%(name)s” is larger than %(limit)s MB.")
EMPTY = _("The photo “%(name)s” is empty.")
NOT_A_PHOTO = _("“%(name)s” is not a photo we can read. Send a JPEG, PNG, WebP or HEIC image.")
# Translators: MP is megapixels, the number of pixels in a photo in millions.
TOO_MANY_PIXELS = _("The photo “%(name)s” has too many pixels. Send a photo of at most %(limit)s MP.")
BROKEN = _("The photo “%(name)s” is damaged or incomplete.")


@dataclass(frozen=True)
class ProcessedImage:
    content: bytes  # JPEG, re-encoded, without any metadata
    thumbnail: bytes  # JPEG, longest side at most THUMBNAIL_SIDE
    width: int  # of `content`
    height: int


def process_image(upload, *, name: str = "") -> ProcessedImage:
    """Validate an uploaded photo and return it re-encoded, upright and stripped of metadata.

    `upload` is an UploadedFile, a binary file-like object or bytes. Raises Invalid.
    """
    name = name or os.path.basename(str(getattr(upload, "name", "") or ""))
    data = _read(upload, name)
    image = _decode(data, name)
    image = _flatten(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return ProcessedImage(
        content=_jpeg(image, quality=85, optimize=True, progressive=True),
        thumbnail=_jpeg(thumbnail, quality=80),
        width=image.width,
        height=image.height,
    )


def _invalid(message, code: str, **params) -> Invalid:
    return Invalid(interpolate(message, params), code=code, field="photos")


def _read(upload, name: str) -> bytes:
    """Return the whole file, reading at most one byte over the limit."""
    limit = settings.QALA_PHOTO_MAX_BYTES
    data = bytes(upload) if isinstance(upload, bytes | bytearray) else read_bounded(upload, limit)
    if len(data) > limit:
        raise _invalid(TOO_LARGE, "photo_too_large", name=name, limit=f"{limit / 1024**2:g}")
    if not data:
        raise _invalid(EMPTY, "photo_empty", name=name)
    return data


def _decode(data: bytes, name: str) -> Image.Image:
    """Open the image by its content, check its size from the header, then decode the first frame upright."""
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; make it refuse here too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = _open(data, name)
            _load_upright(image, name)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _too_many_pixels(name) from error
    return image


def _open(data: bytes, name: str) -> Image.Image:
    """Read only the header: format and size."""
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.UnidentifiedImageError:
        raise _invalid(NOT_A_PHOTO, "photo_format", name=name) from None
    except DECODE_ERRORS as error:
        raise _invalid(BROKEN, "photo_broken", name=name) from error
    if image.width * image.height > settings.QALA_PHOTO_MAX_PIXELS:
        raise _too_many_pixels(name)
    # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale; this saves memory when it will be shrunk anyway.
    image.draft(None, (MAX_SIDE, MAX_SIDE))
    return image


def _load_upright(image: Image.Image, name: str) -> None:
    try:
        image.load()
        ImageOps.exif_transpose(image, in_place=True)
    except DECODE_ERRORS as error:
        raise _invalid(BROKEN, "photo_broken", name=name) from error


def _too_many_pixels(name: str) -> Invalid:
    limit = f"{settings.QALA_PHOTO_MAX_PIXELS / 10**6:g}"
    return _invalid(TOO_MANY_PIXELS, "photo_too_many_pixels", name=name, limit=limit)


def _flatten(image: Image.Image) -> Image.Image:
    """Return an RGB copy with transparency laid on white and no metadata at all."""
    if image.mode in ("I", "I;16"):  # 16-bit greyscale PNG: a plain conversion would clip it to white
        image = image.point(lambda value: value / 256, "L")
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
    else:
        flat = image.convert("RGB")
    flat.info = {}  # the JPEG encoder would otherwise carry over a comment
    return flat


def _jpeg(image: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", **options)
    return out.getvalue()
