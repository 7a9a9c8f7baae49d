import pytest

from qala.common.errors import Invalid
from qala.common.phones import display_phone, normalise_kz_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+7 701 234 56 78", "+77012345678"),
        ("87012345678", "+77012345678"),
        ("8 (747) 123-45-67", "+77471234567"),
        ("+7 7172 55 55 55", "+77172555555"),
        ("701 234 56 78", "+77012345678"),
    ],
)
def test_kazakh_numbers_are_stored_in_e164(typed, stored):
    assert normalise_kz_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "+7 495 123 45 67",
        "+7 912 345 67 89",
        "+7 799 123 45 67",
        "+7 701 234 567",
        "hello",
        "+44 20 7946 0958",
        "1" * 40,
    ],
)
def test_russian_foreign_short_and_junk_numbers_are_refused(typed):
    with pytest.raises(Invalid) as error:
        normalise_kz_phone(typed)
    assert error.value.code == "phone_invalid"


def test_empty_phone_is_asked_for():
    with pytest.raises(Invalid) as error:
        normalise_kz_phone("  ")
    assert error.value.code == "phone_required"


def test_display_format():
    assert display_phone("+77012345678") == "+7 701 234 5678"
