"""Kazakhstan's personal (IIN, ЖСН / ИИН) and business (BIN, БСН / БИН) identification numbers.

Both have 12 digits, the last being a check digit computed from the first eleven (reference §1.2):
weights 1…11 modulo 11; if that gives 10, weights 3…11, 1, 2 modulo 11; if that gives 10 again, the
serial is never issued. An IIN starts with the birth date YYMMDD, and its 7th digit gives the century
and sex (1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd = male). A BIN starts with the registration YYMM,
then the type (4 resident, 5 non-resident legal entity, 6 joint entrepreneurship) and an attribute 0–4.
"""

import random
import re
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import Invalid

FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

CENTURIES = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}
BIN_TYPES = "456"
BIN_ATTRIBUTES = "01234"

_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"[0-9]+")

IIN_LENGTH = _("An IIN has exactly 12 digits.")
IIN_DIGITS = _("An IIN contains only digits.")
IIN_CHECKSUM = _("This IIN does not exist. Check that every digit is right.")
# Translators: the 7th digit of an IIN encodes the century of birth and the sex.
IIN_CENTURY = _("This IIN is not valid: its 7th digit must be from 1 to 6.")
IIN_DATE = _("This IIN is not valid: its first six digits must be a date of birth (YYMMDD).")
IIN_FUTURE = _("This IIN is not valid: its date of birth is in the future.")

BIN_LENGTH = _("A BIN has exactly 12 digits.")
BIN_DIGITS = _("A BIN contains only digits.")
BIN_CHECKSUM = _("This BIN does not exist. Check that every digit is right.")
# Translators: the 5th and 6th digits of a BIN give the kind of organisation and of its unit.
BIN_TYPE = _("This BIN is not valid: its 5th digit must be 4, 5 or 6, and its 6th digit from 0 to 4.")
# Translators: the 3rd and 4th digits of a BIN are the month in which the organisation was registered.
BIN_DATE = _("This BIN is not valid: its 3rd and 4th digits must be a month from 01 to 12.")


def check_digit(first_eleven: str) -> int | None:
    """The 12th digit for these 11 digits, or None when both weight sets give 10 (such numbers are never issued)."""
    if len(first_eleven) != 11 or not _DIGITS.fullmatch(first_eleven):
        raise ValueError(f"expected 11 digits, got {first_eleven!r}")
    digits = [int(char) for char in first_eleven]
    for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
        remainder = sum(digit * weight for digit, weight in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def _digits_only(value, *, field: str, length_message, digits_message) -> str:
    text = _SPACES.sub("", str(value or ""))
    if not _DIGITS.fullmatch(text):
        if not text:
            raise Invalid(length_message, code=f"{field}_length", field=field)
        raise Invalid(digits_message, code=f"{field}_digits", field=field)
    if len(text) != 12:
        raise Invalid(length_message, code=f"{field}_length", field=field)
    return text


def _checksum_ok(number: str) -> bool:
    expected = check_digit(number[:11])
    return expected is not None and expected == int(number[11])


def validate_iin(value: str, *, today: date | None = None) -> str:
    """Return the IIN as 12 digits (spaces removed), or raise Invalid with field "iin".

    Checks, in order: digits only, 12 of them, the check digit, the century digit (7th) and that
    YYMMDD in that century is a real date not after `today` (default: today in Kazakhstan).
    """
    number = _digits_only(value, field="iin", length_message=IIN_LENGTH, digits_message=IIN_DIGITS)
    if not _checksum_ok(number):
        raise Invalid(IIN_CHECKSUM, code="iin_checksum", field="iin")
    if int(number[6]) not in CENTURIES:
        raise Invalid(IIN_CENTURY, code="iin_century", field="iin")
    birth = _birth_date(number)
    if birth is None:
        raise Invalid(IIN_DATE, code="iin_date", field="iin")
    if birth > (today or timezone.localdate()):
        raise Invalid(IIN_FUTURE, code="iin_date", field="iin")
    return number


def _birth_date(number: str) -> date | None:
    year = CENTURIES[int(number[6])] + int(number[0:2])
    try:
        return date(year, int(number[2:4]), int(number[4:6]))
    except ValueError:
        return None


def iin_birth_date(value: str) -> date:
    """The date of birth in a valid IIN. Raises Invalid if the IIN is not valid."""
    return _birth_date(validate_iin(value))


def iin_is_male(value: str) -> bool:
    """Whether a valid IIN belongs to a man (odd 7th digit). Raises Invalid if the IIN is not valid."""
    return int(validate_iin(value)[6]) % 2 == 1


def validate_bin(value: str) -> str:
    """Return the BIN as 12 digits (spaces removed), or raise Invalid with field "bin".

    Checks, in order: digits only, 12 of them, the check digit, the type (5th digit 4–6, 6th 0–4) and
    the registration month (3rd–4th digits 01–12). The registration year has no century, so it is not checked.
    """
    number = _digits_only(value, field="bin", length_message=BIN_LENGTH, digits_message=BIN_DIGITS)
    if not _checksum_ok(number):
        raise Invalid(BIN_CHECKSUM, code="bin_checksum", field="bin")
    if number[4] not in BIN_TYPES or number[5] not in BIN_ATTRIBUTES:
        raise Invalid(BIN_TYPE, code="bin_type", field="bin")
    if not 1 <= int(number[2:4]) <= 12:
        raise Invalid(BIN_DATE, code="bin_date", field="bin")
    return number


def _with_check_digit(rng: random.Random, prefix: str, serial_digits: int) -> str:
    """Append a random serial and its check digit, skipping serials that have none."""
    while True:
        first_eleven = prefix + f"{rng.randrange(10**serial_digits):0{serial_digits}d}"
        digit = check_digit(first_eleven)
        if digit is not None:
            return first_eleven + str(digit)


def generate_iin(rng: random.Random, *, birth: date | None = None, male: bool | None = None) -> str:
    """A valid IIN for demo data; birth date and sex are random unless given."""
    if birth is None:
        start, end = date(1940, 1, 1), date(2007, 12, 31)
        birth = start + timedelta(days=rng.randrange((end - start).days + 1))
    if male is None:
        male = rng.random() < 0.5
    if not 1800 <= birth.year <= 2099:
        raise ValueError(f"an IIN cannot encode a birth in {birth.year}")
    century_digit = {1800: 1, 1900: 3, 2000: 5}[birth.year // 100 * 100] + (0 if male else 1)
    return _with_check_digit(rng, f"{birth:%y%m%d}{century_digit}", serial_digits=4)


def generate_bin(rng: random.Random) -> str:
    """A valid BIN for demo data: a registration month in 1995–2024, a type, an attribute and a serial."""
    prefix = f"{rng.randrange(1995, 2025) % 100:02d}{rng.randrange(1, 13):02d}"
    prefix += rng.choice(BIN_TYPES) + rng.choice(BIN_ATTRIBUTES)
    return _with_check_digit(rng, prefix, serial_digits=5)
