import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qala.common.errors import Invalid
from qala.common.iin import (
    FIRST_WEIGHTS,
    check_digit,
    generate_bin,
    generate_iin,
    iin_birth_date,
    iin_is_male,
    validate_bin,
    validate_iin,
)

# Examples from reference/kazakhstan.md §1.3, checked there against three packages.


def first_pass(number: str) -> int:
    return sum(int(digit) * weight for digit, weight in zip(number[:11], FIRST_WEIGHTS, strict=True)) % 11


def iin_error(value, **kwargs) -> Invalid:
    with pytest.raises(Invalid) as caught:
        validate_iin(value, **kwargs)
    assert caught.value.field == "iin"
    return caught.value


def bin_error(value) -> Invalid:
    with pytest.raises(Invalid) as caught:
        validate_bin(value)
    assert caught.value.field == "bin"
    return caught.value


def with_check_digit(first_eleven: str) -> str:
    digit = check_digit(first_eleven)
    assert digit is not None
    return first_eleven + str(digit)


def replaced(number: str, position: int, digit: str) -> str:
    """The number with the digit at 1-based `position` replaced."""
    return number[: position - 1] + digit + number[position:]


@pytest.mark.parametrize(
    ("iin", "birth", "male"),
    [
        ("900115300003", date(1990, 1, 15), True),
        ("850720400007", date(1985, 7, 20), False),
        ("051231600007", date(2005, 12, 31), False),
        ("000229500008", date(2000, 2, 29), True),
        ("900115300401", date(1990, 1, 15), True),  # first pass gives 10, the second gives 1
    ],
)
def test_valid_iins_decode_to_birth_date_and_sex(iin, birth, male):
    assert validate_iin(iin) == iin
    assert iin_birth_date(iin) == birth
    assert iin_is_male(iin) is male


def test_spaces_are_removed():
    assert validate_iin(" 900115 300003\u00a0") == "900115300003"
    assert validate_bin("9401 4000 0385") == "940140000385"


def test_check_digit_uses_the_second_weights_when_the_first_give_ten():
    assert check_digit("90011530000") == 3
    assert first_pass("900115300401") == 10
    assert check_digit("90011530040") == 1


@pytest.mark.parametrize("last", "0123456789")
def test_a_serial_without_any_check_digit_is_never_valid(last):
    assert check_digit("90011530120") is None
    assert iin_error("90011530120" + last).code == "iin_checksum"


def test_check_digit_wants_eleven_digits():
    with pytest.raises(ValueError):
        check_digit("9001153000")
    with pytest.raises(ValueError):
        check_digit("9001153000a")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("900115300004", "iin_checksum"),
        ("901315300003", "iin_date"),  # the checksum is right, but there is no month 13
        ("900115700009", "iin_century"),  # the checksum is right, but 7 is no century digit
        ("90011530000", "iin_length"),
        ("9001153000031", "iin_length"),
        ("", "iin_length"),
        ("90011530000a", "iin_digits"),
        ("９００１１５３００００３", "iin_digits"),  # full-width digits are not ASCII digits
    ],
)
def test_invalid_iins_are_refused_with_their_reason(value, code):
    assert iin_error(value).code == code


@pytest.mark.parametrize(
    "first_eleven",
    [
        "01022950000",  # 29 February 2001
        "00022930000",  # 29 February 1900: not a leap year, unlike 2000
        "90043130000",  # 31 April
        "90010030000",  # day 00
        "90000130000",  # month 00
    ],
)
def test_a_birth_date_that_does_not_exist_is_refused(first_eleven):
    assert iin_error(with_check_digit(first_eleven)).code == "iin_date"


def test_a_birth_date_in_the_future_is_refused():
    iin = generate_iin(random.Random(1), birth=date(2030, 6, 1), male=False)
    error = iin_error(iin, today=date(2030, 5, 31))
    assert error.code == "iin_date"
    assert "future" in str(error.message)
    assert validate_iin(iin, today=date(2030, 6, 1)) == iin  # born today is fine
    assert iin_error(generate_iin(random.Random(1), birth=date(2099, 1, 1))).code == "iin_date"


def test_changing_only_the_11th_digit_keeps_a_first_pass_number_valid():
    """The 11th weight of the first pass is 11 ≡ 0 (mod 11): do not use such a change as an invalid example."""
    assert validate_iin("900115300013") == "900115300013"
    assert validate_iin("900115300093") == "900115300093"


def test_a_single_wrong_digit_can_slip_through_by_switching_weight_sets():
    """The check digit does not catch every typo: these pass because exactly one side needs the second weights."""
    assert first_pass("900115300003") != 10
    assert first_pass("900115350003") == 10
    assert validate_iin("900115350003")
    assert first_pass("900115300401") == 10
    assert first_pass("900115300201") != 10
    assert validate_iin("900115300201")


@pytest.mark.parametrize("bin_", ["940140000385", "990140004654", "240540000016", "240551000026", "240560000035"])
def test_valid_bins(bin_):
    assert validate_bin(bin_) == bin_


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("940140000386", "bin_checksum"),
        (with_check_digit("24053000001"), "bin_type"),  # 5th digit 3
        (with_check_digit("24057000001"), "bin_type"),  # 5th digit 7
        (with_check_digit("24054500001"), "bin_type"),  # 6th digit 5
        (with_check_digit("24134000001"), "bin_date"),  # month 13
        (with_check_digit("24004000001"), "bin_date"),  # month 00
        ("94014000038", "bin_length"),
        ("9401400003850", "bin_length"),
        ("94014000038O", "bin_digits"),
    ],
)
def test_invalid_bins_are_refused_with_their_reason(value, code):
    assert bin_error(value).code == code


def test_an_iin_is_no_bin_and_a_bin_no_iin():
    assert bin_error("900115300003").code == "bin_type"
    assert iin_error("940140000385").code == "iin_century"


def test_generated_numbers_are_reproducible():
    assert generate_iin(random.Random(7)) == generate_iin(random.Random(7))
    assert generate_bin(random.Random(7)) == generate_bin(random.Random(7))


# Properties

births = st.dates(min_value=date(1800, 1, 1), max_value=date(2024, 12, 31))
sexes = st.one_of(st.none(), st.booleans())


@given(st.randoms(use_true_random=False), births, sexes)
def test_generated_iins_are_valid_and_decode_back(rng, birth, male):
    iin = generate_iin(rng, birth=birth, male=male)
    assert validate_iin(iin) == iin
    assert iin_birth_date(iin) == birth
    if male is not None:
        assert iin_is_male(iin) is male


@given(st.randoms(use_true_random=False))
def test_generated_iins_with_random_birth_and_sex_are_valid(rng):
    iin = generate_iin(rng)
    assert validate_iin(iin) == iin


@given(st.randoms(use_true_random=False))
def test_generated_bins_are_valid(rng):
    bin_ = generate_bin(rng)
    assert validate_bin(bin_) == bin_


valid_iins = st.builds(generate_iin, st.randoms(use_true_random=False), birth=births, male=sexes)
other_digit = st.integers(min_value=1, max_value=9)


@given(valid_iins, other_digit)
def test_changing_the_check_digit_is_always_caught(iin, shift):
    changed = replaced(iin, 12, str((int(iin[11]) + shift) % 10))
    assert iin_error(changed).code == "iin_checksum"


@given(valid_iins, st.integers(min_value=1, max_value=10), other_digit)
def test_a_single_changed_digit_is_caught_unless_it_switches_weight_sets(iin, position, shift):
    """Weights 1–10 are invertible mod 11, so one changed digit in positions 1–10 always changes the first pass.

    Such a change can still pass only if exactly one of the two numbers needs the second weights.
    """
    changed = replaced(iin, position, str((int(iin[position - 1]) + shift) % 10))
    assert first_pass(changed) != first_pass(iin)
    try:
        validate_iin(changed)
    except Invalid:
        return
    assert (first_pass(iin) == 10) != (first_pass(changed) == 10)


@given(valid_iins, other_digit)
def test_a_changed_11th_digit_is_caught_exactly_when_the_second_weights_are_needed(iin, shift):
    changed = replaced(iin, 11, str((int(iin[10]) + shift) % 10))
    if first_pass(iin) == 10:
        assert iin_error(changed).code == "iin_checksum"
    else:
        assert validate_iin(changed) == changed


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_any_twelve_digits_are_either_valid_or_refused_with_a_known_code(value):
    try:
        assert validate_iin(value) == value
    except Invalid as error:
        assert error.code in {"iin_checksum", "iin_century", "iin_date"}
