"""The shortcut for UK numbers written the usual way gives phonenumbers' own answer."""

from __future__ import annotations

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from govsocial.analysis.contact_details import is_phone_number, uk_personal_number


def parsed_the_long_way(candidate: str) -> str | None:
    """What `is_phone_number` answered before the shortcut, for a UK personal number."""
    try:
        number = phonenumbers.parse(candidate, "GB")
    except phonenumbers.NumberParseException:
        return None
    national = str(number.national_number)
    if number.country_code == 44 and len(national) == 10 and national[0] in "127":
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def written(digits: str, separators: list[str]) -> str:
    return "".join(d + s for d, s in zip(digits, separators, strict=True))


SEPARATOR = st.sampled_from(["", "", "", " ", "-", "(", ")", " (", ") ", "  "])


# Mostly the shape the shortcut takes (0, then 1, 2 or 7, then nine digits), and its near misses.
@settings(max_examples=3000)
@given(
    first=st.sampled_from("00001"),
    second=st.sampled_from("1111222777703458"),
    rest=st.one_of(
        st.text("0123456789", min_size=9, max_size=9),
        st.text("0123456789", min_size=7, max_size=11),
    ),
    separators=st.lists(SEPARATOR, min_size=13, max_size=13),
    opening=st.sampled_from(["", "", "("]),
)
def test_a_shortcut_answer_is_the_one_phonenumbers_gives(
    first: str, second: str, rest: str, separators: list[str], opening: str
) -> None:
    digits = first + second + rest
    candidate = opening + written(digits, separators[: len(digits)]).rstrip(" -(")
    shortcut = uk_personal_number(candidate)
    if shortcut is not None:
        assert shortcut == parsed_the_long_way(candidate)
        assert shortcut == is_phone_number(candidate)


def test_mobile_and_landline_numbers_take_the_shortcut() -> None:
    assert uk_personal_number("07700 900123") == "+447700900123"
    assert uk_personal_number("(01632) 960 001") == "+441632960001"
    assert uk_personal_number("020-7946-0018") == "+442079460018"


def test_other_shapes_are_left_to_phonenumbers() -> None:
    assert uk_personal_number("+44 7700 900123") is None  # international form
    assert uk_personal_number("0300 123 4567") is None  # non-geographic
    assert uk_personal_number("07700 90012") is None  # one digit short
    assert uk_personal_number("٠٧٧٠٠ ٩٠٠١٢٣") is None  # digits in another script
