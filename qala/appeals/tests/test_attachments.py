import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from qala.appeals.attachments import MAX_BYTES, CheckedFile, check_attachments
from qala.common.errors import Invalid

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Helpers: files made in memory

# A one-page PDF written by hand; the xref offsets are not checked, only the header and the %%EOF trailer.
PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
xref
0 4
0000000000 65535 f 
0000000009 00000 n 
0000000058 00000 n 
0000000115 00000 n 
trailer << /Size 4 /Root 1 0 R >>
startxref
186
%%EOF
"""  # noqa: W291 - xref entries are exactly 20 bytes, with a trailing space


def image(fmt: str, size=(60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, fmt)
    return out.getvalue()


def content_types(main: str = DOCX_TYPE + ".main+xml") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
        "</Types>"
    )


DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Өтініш</w:t></w:r></w:p></w:body></w:document>"
)


def archive(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return out.getvalue()


def docx(**extra) -> bytes:
    return archive({"[Content_Types].xml": content_types(), "word/document.xml": DOCUMENT, **extra})


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def checked(name: str, content: bytes, **kwargs) -> CheckedFile:
    [result] = check_attachments([upload(name, content)], **kwargs)
    return result


def error_of(uploads, **kwargs) -> Invalid:
    with pytest.raises(Invalid) as caught:
        check_attachments(uploads, **kwargs)
    assert caught.value.field == "attachments"
    return caught.value


class Zeros(io.RawIOBase):
    """An endless stream that counts what was read from it."""

    name = "endless.pdf"

    def __init__(self):
        self.read_bytes = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        buffer[:] = bytes(len(buffer))
        self.read_bytes += len(buffer)
        return len(buffer)


# Accepted files


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Өтініш.pdf", PDF, "application/pdf"),
        ("photo.jpg", image("JPEG"), "image/jpeg"),
        ("scan.png", image("PNG"), "image/png"),
        ("letter.docx", docx(), DOCX_TYPE),
    ],
)
def test_documents_and_images_are_accepted_by_their_content(name, content, content_type):
    result = checked(name, content)
    assert result == CheckedFile(name=name, content=content, content_type=content_type, size=len(content))


def test_the_extension_follows_the_content():
    assert checked("scan.PNG", image("JPEG")).name == "scan.jpg"
    assert checked("scan.jpeg", image("JPEG")).name == "scan.jpeg"
    assert checked("scan.JPG", image("JPEG")).name == "scan.jpg"
    assert checked("report.doc", docx()).name == "report.docx"
    assert checked("appeal", PDF).name == "appeal.pdf"
    assert checked("appeal v1.2", PDF).name == "appeal v1.2.pdf"


def test_five_files_are_accepted_in_order():
    files = [upload(f"{n}.pdf", PDF) for n in range(5)]
    assert [file.name for file in check_attachments(files)] == ["0.pdf", "1.pdf", "2.pdf", "3.pdf", "4.pdf"]


def test_no_files_is_nothing_to_check():
    assert check_attachments([]) == []


def test_a_file_of_exactly_the_limit_is_accepted():
    content = PDF[:-6] + b" " * (MAX_BYTES - len(PDF)) + b"%%EOF\n"
    assert len(content) == MAX_BYTES
    assert checked("big.pdf", content).size == MAX_BYTES


def test_a_plain_binary_stream_is_read_from_the_start():
    stream = io.BytesIO(PDF)
    stream.name = "scan.pdf"
    stream.read(10)
    assert check_attachments([stream])[0].content == PDF


# Names


def test_the_stored_name_has_no_folders():
    assert checked("../../etc/passwd.pdf", PDF).name == "passwd.pdf"
    assert checked("C:\\Users\\Aigerim\\Desktop\\өтініш.pdf", PDF).name == "өтініш.pdf"


def test_the_stored_name_has_no_control_or_direction_characters():
    # U+202E turns "invoice‮fdp.exe" into "invoiceexe.pdf" on screen.
    assert checked("invoice\u202efdp.exe", PDF).name == "invoice fdp.pdf"
    assert checked("a\x00b\nc.pdf", PDF).name == "a b c.pdf"


def test_the_stored_name_is_at_most_100_characters_and_keeps_its_extension():
    name = checked("ж" * 300 + ".docx", docx()).name
    assert len(name) == 100
    assert name.endswith("ж.docx")


@pytest.mark.parametrize("raw", ["", ".pdf", "../", "..", " "])
def test_a_file_without_a_usable_name_gets_one(raw):
    stream = io.BytesIO(PDF)  # Django's own upload classes refuse such names already
    stream.name = raw
    assert check_attachments([stream])[0].name == "attachment.pdf"


def test_a_hidden_file_name_is_made_visible():
    assert checked("..hidden.pdf", PDF).name == "hidden.pdf"


# Refused files


def test_more_than_five_files_are_refused():
    error = error_of([upload(f"{n}.pdf", PDF) for n in range(6)])
    assert error.code == "attachments_too_many"
    assert "5 files" in str(error.message)


def test_a_limit_of_one_file_is_said_in_the_singular():
    error = error_of([upload("a.pdf", PDF), upload("b.pdf", PDF)], max_files=1)
    assert str(error.message) == "You can attach at most 1 file."


def test_a_file_one_byte_over_the_limit_is_refused_without_reading_it_all():
    stream = Zeros()
    error = error_of([stream])
    assert error.code == "attachment_too_large"
    assert str(error.message) == "The file “endless.pdf” is larger than 10 MB."
    assert stream.read_bytes == MAX_BYTES + 1


def test_an_uploaded_file_one_byte_over_the_limit_is_refused():
    content = PDF[:-6] + b" " * (MAX_BYTES + 1 - len(PDF)) + b"%%EOF\n"
    assert error_of([upload("big.pdf", content)]).code == "attachment_too_large"


def test_an_empty_file_is_refused():
    error = error_of([upload("empty.pdf", b"")])
    assert error.code == "attachment_empty"
    assert "“empty.pdf”" in str(error.message)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.pdf", "Шағым мәтіні, just text\n".encode()),
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)),  # a renamed .exe
        ("letter.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)),  # old binary Word
        ("page.pdf", b"<html><body>%PDF-1.4</body></html>"),
        ("photo.gif", b"GIF89a" + bytes(20)),
        ("photo.webp", image("WEBP")),
        ("budget.xlsx", archive({"[Content_Types].xml": content_types(), "xl/workbook.xml": "<workbook/>"})),
        ("files.zip", archive({"readme.txt": "hello"})),
        (
            "macros.docm",
            archive(
                {
                    "[Content_Types].xml": content_types("application/vnd.ms-word.document.macroEnabled.main+xml"),
                    "word/document.xml": DOCUMENT,
                    "word/vbaProject.bin": "macros",
                }
            ),
        ),
        (
            "template.docx",
            archive(
                {
                    "[Content_Types].xml": content_types(
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
                    ),
                    "word/document.xml": DOCUMENT,
                }
            ),
        ),
        ("setup.docx", b"MZ\x90\x00" + bytes(100) + docx()),  # an executable with a DOCX appended
    ],
)
def test_files_of_other_types_are_refused_whatever_their_name(name, content):
    error = error_of([upload(name, content)])
    assert error.code == "attachment_type"
    assert str(error.message) == f"“{name}” is not a PDF, JPEG, PNG or DOCX file."


def test_a_pdf_without_its_end_is_refused_as_incomplete():
    error = error_of([upload("cut.pdf", PDF[: len(PDF) // 2])])
    assert error.code == "attachment_broken"
    assert "“cut.pdf”" in str(error.message)


def test_a_pdf_with_end_of_file_far_from_the_end_is_refused():
    assert error_of([upload("odd.pdf", PDF + b"x" * 2000)]).code == "attachment_broken"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cut.jpg", image("JPEG", size=(400, 300))[:600]),
        ("cut.png", image("PNG", size=(400, 300))[:100]),
        ("header.jpg", b"\xff\xd8\xff\xe0" + bytes(100)),
        ("header.png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
    ],
)
def test_damaged_images_are_refused(name, content):
    error = error_of([upload(name, content)])
    assert error.code == "attachment_broken"
    assert str(error.message) == f"The file “{name}” is damaged or incomplete."


def test_an_image_with_too_many_pixels_is_refused(settings):
    settings.QALA_PHOTO_MAX_PIXELS = 1000
    error = error_of([upload("huge.png", image("PNG", size=(50, 50)))])
    assert error.code == "attachment_too_many_pixels"
    assert "“huge.png”" in str(error.message)


def test_a_damaged_docx_is_refused():
    content = docx()
    assert error_of([upload("cut.docx", content[: len(content) // 2])]).code == "attachment_broken"


def test_a_docx_zip_bomb_is_refused_without_unpacking_it():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types())
        zf.writestr("word/document.xml", DOCUMENT)
        with zf.open("word/media/zeros.bin", "w") as part:
            chunk = bytes(1024 * 1024)
            for _ in range(120):
                part.write(chunk)
    content = out.getvalue()
    assert len(content) < 1024 * 1024  # small to send, 120 MB once unpacked
    error = error_of([upload("bomb.docx", content)])
    assert error.code == "attachment_too_large_unpacked"
    assert "“bomb.docx”" in str(error.message)


def test_the_unpacked_limit_can_be_lowered():
    content = docx(**{"word/media/zeros.bin": bytes(2000)})
    assert checked("a.docx", content).content_type == DOCX_TYPE
    assert error_of([upload("a.docx", content)], max_unpacked_bytes=1000).code == "attachment_too_large_unpacked"


def test_a_docx_with_encrypted_parts_is_refused():
    content = bytearray(docx())
    # Set the "encrypted" flag (bit 0) of every entry in the central directory and the local headers.
    for signature, offset in ((b"PK\x01\x02", 8), (b"PK\x03\x04", 6)):
        start = 0
        while (start := content.find(signature, start)) != -1:
            content[start + offset] |= 0x1
            start += 4
    error = error_of([upload("secret.docx", bytes(content))])
    assert error.code == "attachment_encrypted"
    assert "“secret.docx”" in str(error.message)


def test_the_first_bad_file_names_itself():
    error = error_of([upload("good.pdf", PDF), upload("bad.pdf", b"hello"), upload("empty.pdf", b"")])
    assert error.code == "attachment_type"
    assert "“bad.pdf”" in str(error.message)
