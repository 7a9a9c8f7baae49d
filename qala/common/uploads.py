"""What every check of an uploaded file shares: bounded reading, Pillow's decode errors, lazy messages."""

import operator
import struct

from django.utils.functional import lazy

# What Pillow (and pillow-heif) raise on data they cannot decode.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, RuntimeError, struct.error)

# Interpolates when the message is rendered, so an adapter can show it in the reader's language.
interpolate = lazy(operator.mod, str)


def read_bounded(upload, limit: int) -> bytes:
    """The file from its start, reading at most one byte over `limit` (so "too large" needs no more)."""
    if getattr(upload, "seekable", lambda: False)():
        upload.seek(0)
    chunks, wanted = [], limit + 1
    while wanted > 0 and (chunk := upload.read(wanted)):
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)
