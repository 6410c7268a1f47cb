"""What the personal-data detector finds, and what it deliberately leaves alone."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsocial.analysis import contact_details, identifiers
from govsocial.analysis.personal_data import SIX_DIGITS_RE, PersonalDataMatch, find_personal_data
from govsocial.analysis.public_contacts import load_public_contacts


def kinds_and_texts(text: str) -> list[tuple[str, str]]:
    return [(match.kind, match.text) for match in find_personal_data(text)]


# --- National Insurance numbers -------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("My NI number is AB123456C", "AB123456C"),
        ("NINO: AB 12 34 56 C thanks", "AB 12 34 56 C"),
        ("ni no ce 12 34 56 d", "ce 12 34 56 d"),
        ("JT123456A.", "JT123456A"),
    ],
)
def test_valid_national_insurance_numbers_fire(text: str, expected: str) -> None:
    assert kinds_and_texts(text) == [("national_insurance", expected)]


@pytest.mark.parametrize(
    "text",
    [
        "DA123456C",  # first letter D is never used
        "AO123456C",  # second letter O is never used
        "QQ123456C",  # Q never first: HMRC's specimen number, nobody's real one
        "GB123456A",  # unissued prefix
        "ZZ123456A",  # unissued prefix
        "TN123456A",  # temporary-number prefix, not issued
        "AB123456E",  # suffix must be A-D
        "AB12345C",  # too few digits
        "XAB123456C",  # part of a longer token
    ],
)
def test_invalid_national_insurance_numbers_do_not_fire(text: str) -> None:
    assert kinds_and_texts(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Your NI number is QQ 12 34 56 C.", "QQ 12 34 56 C"),
        ("National Insurance number: QQ123456A", "QQ123456A"),
        ("We matched you by NI no. DA 11 22 33 D", "DA 11 22 33 D"),
    ],
)
def test_a_number_named_as_an_ni_number_fires_whatever_its_prefix(text: str, expected: str) -> None:
    assert kinds_and_texts(text) == [("national_insurance", expected)]


# --- NHS numbers and UTRs -----------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NHS number 943 476 5870", "943 476 5870"),
        ("nhs no 9434765870", "9434765870"),
        ("my number is 959-898-0006 at the GP", "959-898-0006"),
        ("6597925149", "6597925149"),
    ],
)
def test_mod_11_valid_nhs_numbers_fire(text: str, expected: str) -> None:
    assert kinds_and_texts(text) == [("nhs_number", expected)]


@pytest.mark.parametrize(
    "order_number", ["9434765871", "4280387012", "2095513148", "7225516707", "428 038 7012"]
)
def test_ten_digit_order_numbers_failing_both_checks_do_not_fire(order_number: str) -> None:
    assert kinds_and_texts(f"Your order {order_number} has shipped") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my UTR is 1955839661", "1955839661"),
        ("UTR 19558 39661", "19558 39661"),
        ("UTR 1955839661K on the letter", "1955839661K"),
        ("tax reference 9714663815", "9714663815"),
    ],
)
def test_checksum_valid_utrs_fire(text: str, expected: str) -> None:
    assert kinds_and_texts(text) == [("utr", expected)]


def test_ten_digits_failing_the_utr_check_near_a_tax_word_do_not_fire() -> None:
    assert kinds_and_texts("the tax office reference 2955839661") == []


@pytest.mark.parametrize(
    "text, kind, expected",
    [
        ("my UTR is 2955839661", "utr", "2955839661"),
        ("Your Unique Taxpayer Reference is 1234567890.", "utr", "1234567890"),
        ("your UTR 12345 67890 is on the account", "utr", "12345 67890"),
        ("quote your UTR 98765 43210", "utr", "98765 43210"),  # passes the NHS check too
        ("Patient NHS number: 485 777 3456.", "nhs_number", "485 777 3456"),
    ],
)
def test_ten_digits_named_as_a_utr_or_nhs_number_fire_even_failing_the_check(
    text: str, kind: str, expected: str
) -> None:
    assert kinds_and_texts(text) == [(kind, expected)]


def test_number_valid_as_both_is_a_utr_only_near_tax_words() -> None:
    both = "4519356806"
    assert kinds_and_texts(f"my self assessment reference {both}") == [("utr", both)]
    assert kinds_and_texts(f"patient number {both}") == [("nhs_number", both)]


def test_ten_digits_inside_a_longer_number_do_not_fire() -> None:
    assert kinds_and_texts("tracking 94347658701234") == []


# --- Phone numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("call me on 07911 123456 please", "07911 123456"),
        ("my mobile is 07911123456.", "07911123456"),
        ("ring +44 7911 123456", "+44 7911 123456"),
        ("landline (020) 7946 0958", "(020) 7946 0958"),
        ("tel 0161 496 0000", "0161 496 0000"),
        ("Ofcom drama number 07700 900123", "07700 900123"),
        ("call 07911 123456 2 times", "07911 123456"),
        ("in France +33 1 42 68 53 00", "+33 1 42 68 53 00"),
    ],
)
def test_valid_phone_numbers_fire(text: str, expected: str) -> None:
    assert kinds_and_texts(text) == [("phone", expected)]


@pytest.mark.parametrize(
    "text",
    [
        "Deadline 12/05/2024 at 10:30",
        "published 2024-05-12",
        "order 1234567890 shipped",
        "case 0123456",
        "it cost 1234 5678 pounds",
        "call 0712",
    ],
)
def test_dates_order_numbers_and_fragments_are_not_phone_numbers(text: str) -> None:
    assert kinds_and_texts(text) == []


# --- Email --------------------------------------------------------------------------


def test_personal_email_addresses_fire() -> None:
    text = "write to jane.doe+dwp@example.co.uk or J_Smith@dwp.gov.uk."
    assert kinds_and_texts(text) == [
        ("email", "jane.doe+dwp@example.co.uk"),
        ("email", "J_Smith@dwp.gov.uk"),
    ]


@pytest.mark.parametrize(
    "text", ["jo@localhost", "jo@ example.com", "email me @ jo.example.com", "jo@example.c"]
)
def test_malformed_email_addresses_do_not_fire(text: str) -> None:
    assert kinds_and_texts(text) == []


def test_public_body_role_mailboxes_and_handles_do_not_fire() -> None:
    assert kinds_and_texts("Send requests to foi@dwp.gov.uk, cc @HMRCcustomers") == []


@pytest.mark.parametrize(
    "address",
    [
        "a14.project@nationalhighways.co.uk",
        "childrens.front.door@leeds.gov.uk",
        "nuth.outpatients@nhs.net",
        "m6.junction19@nationalhighways.co.uk",
        "roads.policing@westmidlands.police.uk",
        "active.travel.survey@bristol.ac.uk",
        "markets@leeds.gov.uk",
    ],
)
def test_team_and_project_mailboxes_at_public_bodies_do_not_fire(address: str) -> None:
    assert kinds_and_texts(f"Email {address} with questions.") == []


@pytest.mark.parametrize(
    "address",
    [
        "jane.smith@leeds.gov.uk",
        "j.smith2@nhs.net",
        "john.smith23@nhs.net",
        "janesmith@devon.gov.uk",
        "alice@example.gov.uk",
        "dr.patel@nhs.net",
        "gary.hughes@nationalhighways.co.uk",
        "info.kelly@gmail.com",
    ],
)
def test_a_named_persons_address_fires_even_at_a_public_body(address: str) -> None:
    assert kinds_and_texts(f"Email {address} with questions.") == [("email", address)]


# --- Postcode with an address -------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("10 Downing Street, SW1A 2AA", "10 Downing Street, SW1A 2AA"),
        (
            "I live at Flat 3, 12 acacia avenue, Leeds, LS6 2AB please",
            "Flat 3, 12 acacia avenue, Leeds, LS6 2AB",
        ),
        ("send it to 4a Mill Lane Bristol bs1 4dj", "4a Mill Lane Bristol bs1 4dj"),
        ("we moved to Acacia Avenue LS6 2AB", "Acacia Avenue LS6 2AB"),
    ],
)
def test_postcode_beside_house_number_or_street_fires(text: str, expected: str) -> None:
    assert kinds_and_texts(text) == [("postcode_address", expected)]


@pytest.mark.parametrize(
    "text",
    [
        "SW1A 2AA",
        "Our drop-in centre is in LS1 4AP",
        "meet on 12 March at LS1 4AP",
        "Flooding reported around BS1 4DJ this morning",
    ],
)
def test_bare_postcodes_are_places_not_personal_data(text: str) -> None:
    assert kinds_and_texts(text) == []


# --- Cards and driving licences -----------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("card 4111 1111 1111 1111 exp 12/27", "4111 1111 1111 1111"),
        ("5555-5555-5555-4444", "5555-5555-5555-4444"),
        ("amex 378282246310005", "378282246310005"),
    ],
)
def test_luhn_valid_card_numbers_fire(text: str, expected: str) -> None:
    assert kinds_and_texts(text) == [("card_number", expected)]


@pytest.mark.parametrize(
    "text", ["card 4111 1111 1111 1112", "0044 1111 1111 1111", "4111 1111 11"]
)
def test_luhn_failures_and_short_numbers_are_not_cards(text: str) -> None:
    assert [kind for kind, _ in kinds_and_texts(text)] != ["card_number"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("licence MORGA753116SM9IJ 35", "MORGA753116SM9IJ"),
        ("licence no: smith 861104 jj9ab", "smith 861104 jj9ab"),
        ("LEE99 656151 A99XY", "LEE99 656151 A99XY"),  # woman (month + 50), one initial
    ],
)
def test_dvla_driving_licence_numbers_fire(text: str, expected: str) -> None:
    assert kinds_and_texts(text) == [("driving_licence", expected)]


@pytest.mark.parametrize(
    "text",
    [
        "MORGA713116SM9IJ",  # month 13 does not exist
        "MORGA753366SM9IJ",  # day 36 does not exist
        "MO9GA753116SM9IJ",  # padding 9 only at the end of the surname
        "MORGA753116SM9I",  # 15 characters
    ],
)
def test_malformed_driving_licences_do_not_fire(text: str) -> None:
    assert kinds_and_texts(text) == []


# --- The whole detector -------------------------------------------------------------


def test_matches_are_sorted_non_overlapping_and_point_into_the_text() -> None:
    text = (
        "Hi, I'm at 12 Acacia Avenue, Leeds LS6 2AB, NI AB123456C, NHS 943 476 5870, "
        "call 07911 123456 or email jo@example.com, card 4111-1111-1111-1111"
    )
    matches = find_personal_data(text)
    assert [m.kind for m in matches] == [
        "postcode_address",
        "national_insurance",
        "nhs_number",
        "phone",
        "email",
        "card_number",
    ]
    for earlier, later in zip(matches, matches[1:], strict=False):
        assert earlier.end <= later.start
    assert all(text[m.start : m.end] == m.text for m in matches)


def test_matches_are_immutable() -> None:
    match = find_personal_data("AB123456C")[0]
    assert match == PersonalDataMatch(kind="national_insurance", start=0, end=9, text="AB123456C")
    with pytest.raises(AttributeError):
        match.kind = "email"  # type: ignore[misc]


def test_text_without_digits_or_at_sign_has_nothing() -> None:
    assert find_personal_data("Thanks for the quick reply, much appreciated!") == []
    assert find_personal_data("") == []


def test_non_text_input_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="needs a str"):
        find_personal_data(None)  # type: ignore[arg-type]


IDENTIFIER_FRAGMENTS = st.sampled_from(
    [
        "AB123456C",
        "ab 12 34 56 c",
        "943 476 5870",
        "9434765870",
        "1955839661",
        "07700 900123",
        "+44 20 7946 0000",
        "(01632) 960 123",
        "0300 123 4567",
        "jane@example.com",
        "4111 1111 1111 1111",
        "MORGA753116SM9IJ",
        "12 High Street, Leeds LS1 4AB",
        "LS1 4AB",
        "Flat 3",
        "on",
        "call",
        " ",
        "\n",
        "-",
        "12",
        "345",
        "Road",
        "K",
        ",",
        "(",
        ")",
        "2026",
        "#",
        "@",
        "sort code 40-11-62",
        "account 31926819",
        "DOB 01/02/1980",
        "jo at gmail dot com",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(IDENTIFIER_FRAGMENTS, max_size=8).map("".join))
def test_the_six_digit_gate_never_hides_an_identifier(value: str) -> None:
    """The detector skips the identifier and phone finders for texts without six digits close
    together; each of those finders must then have nothing to find."""
    if SIX_DIGITS_RE.search(value):
        return
    contacts = load_public_contacts()
    assert not list(identifiers.national_insurance_numbers(value))
    assert not list(identifiers.ten_digit_identifiers(value))
    assert not list(identifiers.card_numbers(value))
    assert not list(identifiers.driving_licences(value))
    assert not list(identifiers.bank_accounts(value))
    assert not list(contact_details.phone_numbers(value, contacts))
