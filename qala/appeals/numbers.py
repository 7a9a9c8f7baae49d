"""Appeal numbers: three letters and three digits (`DWH-808`), random, never reused.

Letters that read like digits (I, O) and the digit-like Q are left out, so a number read out
over the phone is not mistaken. 23³ × 1000 ≈ 12 million numbers; a collision is retried.
"""

import secrets

LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
DIGITS = "0123456789"


def new_number() -> str:
    letters = "".join(secrets.choice(LETTERS) for _ in range(3))
    digits = "".join(secrets.choice(DIGITS) for _ in range(3))
    return f"{letters}-{digits}"


def normalise(text: str) -> str:
    """What a person types (`dwh 808`, `DWH808`) → the stored form."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(compact) == 6 and compact[:3].isalpha() and compact[3:].isdigit():
        return f"{compact[:3]}-{compact[3:]}"
    return text.strip().upper()
