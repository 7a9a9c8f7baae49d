"""Documents attached to an appeal: PDF, JPEG, PNG and DOCX, recognised by their content, not their name.

Unlike photos (`photos.py`), documents are kept as sent: nothing is re-encoded. Images are still
decoded once so that damaged files are refused, and a DOCX is opened as a ZIP without unpacking it.
"""

import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from PIL import Image

from qala.common.errors import Invalid
from qala.common.uploads import DECODE_ERRORS, interpolate, read_bounded

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a DOCX whose parts add up to more is refused as a zip bomb
MAX_ZIP_ENTRIES = 2000
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
MAX_NAME = 100
PDF_EOF_WINDOW = 1024  # readers look for %%EOF in the last 1024 bytes

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

# The first extension is the one added when the name has none of them.
EXTENSIONS = {
    PDF: (".pdf",),
    JPEG: (".jpg", ".jpeg", ".jpe", ".jfif"),
    PNG: (".png",),
    DOCX: (".docx",),
}

TOO_LARGE = _("The file “%(name)s” is larger than %(limit)s MB.")
EMPTY = _("The file “%(name)s” is empty.")
WRONG_TYPE = _("“%(name)s” is not a PDF, JPEG, PNG or DOCX file.")
BROKEN = _("The file “%(name)s” is damaged or incomplete.")
ENCRYPTED = _("The document “%(name)s” is protected with a password. Remove the password and attach it again.")
# Translators: a DOCX file is a compressed archive; this one would take too much space once unpacked.
UNPACKED_TOO_LARGE = _("The document “%(name)s” holds too much data. Save it as a PDF and attach that instead.")
# Translators: MP is megapixels, the number of pixels in an image in millions.
TOO_MANY_PIXELS = _("The image “%(name)s” has too many pixels. Send an image of at most %(limit)s MP.")

# What zipfile raises on a damaged archive.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError, KeyError)


@dataclass(frozen=True)
class CheckedFile:
    name: str  # sanitised: no path, at most MAX_NAME characters, extension matching content_type
    content: bytes
    content_type: str
    size: int


def check_attachments(
    uploads,
    *,
    max_files: int = MAX_FILES,
    max_bytes: int = MAX_BYTES,
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
) -> list[CheckedFile]:
    """Check uploaded documents and return them with a safe name and the content type found in their bytes.

    `uploads` are UploadedFiles or binary file-like objects with a `name`. Raises Invalid (field "attachments").
    """
    uploads = list(uploads)
    if len(uploads) > max_files:
        raise Invalid(_too_many_files(max_files), code="attachments_too_many", field="attachments")
    checked = []
    for upload in uploads:
        name = _clean_name(getattr(upload, "name", None))
        data = _read(upload, name, max_bytes)
        content_type = _detect(data, name, max_unpacked_bytes)
        checked.append(
            CheckedFile(name=_stored_name(name, content_type), content=data, content_type=content_type, size=len(data))
        )
    return checked


def _invalid(message, code: str, **params) -> Invalid:
    return Invalid(interpolate(message, params), code=code, field="attachments")


def _too_many_files(limit: int):
    def message():
        return ngettext("You can attach at most %(limit)d file.", "You can attach at most %(limit)d files.", limit) % {
            "limit": limit
        }

    return lazy(message, str)()


# Reading


def _read(upload, name: str, limit: int) -> bytes:
    """Return the whole file, reading at most one byte over the limit."""
    data = read_bounded(upload, limit)
    if len(data) > limit:
        raise _invalid(TOO_LARGE, "attachment_too_large", name=name, limit=f"{limit / 1024**2:g}")
    if not data:
        raise _invalid(EMPTY, "attachment_empty", name=name)
    return data


# Detection


def _detect(data: bytes, name: str, max_unpacked_bytes: int) -> str:
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
            raise _invalid(BROKEN, "attachment_broken", name=name)
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        _check_image(data, name, "JPEG")
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        _check_image(data, name, "PNG")
        return PNG
    if data.startswith(b"PK\x03\x04"):  # at the start: an executable with a ZIP appended is not a DOCX
        _check_docx(data, name, max_unpacked_bytes)
        return DOCX
    raise _invalid(WRONG_TYPE, "attachment_type", name=name)


def _check_image(data: bytes, name: str, fmt: str) -> None:
    """Check the file's structure, then decode its pixels once (scaled down where the format allows it)."""
    limit = settings.QALA_PHOTO_MAX_PIXELS
    too_many_pixels = _invalid(TOO_MANY_PIXELS, "attachment_too_many_pixels", name=name, limit=f"{limit / 10**6:g}")
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; make it refuse here too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                image.verify()
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                if image.width * image.height > limit:
                    raise too_many_pixels
                image.draft(None, (max(1, image.width // 8), max(1, image.height // 8)))  # JPEG only
                image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise too_many_pixels from error
        except DECODE_ERRORS as error:  # includes UnidentifiedImageError
            raise _invalid(BROKEN, "attachment_broken", name=name) from error


def _check_docx(data: bytes, name: str, max_unpacked_bytes: int) -> None:
    """A DOCX is a ZIP with `[Content_Types].xml` declaring a Word document and `word/document.xml`.

    Nothing is unpacked but `[Content_Types].xml`. A .docm (macros), .dotx, .xlsx or .pptx is refused.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > max_unpacked_bytes:
                raise _invalid(UNPACKED_TOO_LARGE, "attachment_too_large_unpacked", name=name)
            if any(entry.flag_bits & 0x1 for entry in entries):
                raise _invalid(ENCRYPTED, "attachment_encrypted", name=name)
            names = {entry.filename for entry in entries}
            if not {"[Content_Types].xml", "word/document.xml"} <= names:
                raise _invalid(WRONG_TYPE, "attachment_type", name=name)
            with archive.open("[Content_Types].xml") as part:
                content_types = part.read(MAX_CONTENT_TYPES_BYTES + 1)
    except ZIP_ERRORS as error:
        raise _invalid(BROKEN, "attachment_broken", name=name) from error
    if len(content_types) > MAX_CONTENT_TYPES_BYTES:
        raise _invalid(UNPACKED_TOO_LARGE, "attachment_too_large_unpacked", name=name)
    if not re.search(rb'ContentType\s*=\s*["\']' + re.escape(DOCX_MAIN) + rb'["\']', content_types):
        raise _invalid(WRONG_TYPE, "attachment_type", name=name)


# Names

_UNSAFE_CHARACTERS = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # controls, bidi overrides, unassigned
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{0,4}[A-Za-z][A-Za-z0-9]{0,4}$")


def _clean_name(raw) -> str:
    """The file's own name as the resident knows it: no folders, no control or direction characters."""
    name = unicodedata.normalize("NFC", str(raw or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(" " if unicodedata.category(char) in _UNSAFE_CHARACTERS else char for char in name)
    name = " ".join(name.split()).rstrip(".")
    return name[:MAX_NAME] if name.strip(".") else "attachment"


def _stored_name(name: str, content_type: str) -> str:
    """At most MAX_NAME characters, ending in an extension of the detected type."""
    extensions = EXTENSIONS[content_type]
    stem, extension = name, ""
    if match := _EXTENSION.search(name):
        stem, extension = name[: match.start()], match.group().lower()
    if extension not in extensions:
        extension = extensions[0]
    stem = stem.strip(" .")[: MAX_NAME - len(extension)].rstrip(" .") or "attachment"
    return stem + extension
