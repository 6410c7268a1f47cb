"""What a viewer without access to personal data sees."""

import pytest

from govsocial.analysis.personal_data import KINDS
from govsocial.analysis.redaction import (
    PLACEHOLDERS,
    RETENTION_PERSONAL,
    RETENTION_RESTRICTED,
    RETENTION_STANDARD,
    redact,
)


def test_each_identifier_is_replaced_by_its_labelled_placeholder() -> None:
    result = redact("My NHS number is 943 476 5870 and my NI is AB123456C, ta")
    assert result.text_redacted == (
        "My NHS number is [NHS number removed] and my NI is [National Insurance number removed], ta"
    )
    assert [m.kind for m in result.matches] == ["nhs_number", "national_insurance"]
    assert result.matches[0].text == "943 476 5870"
    assert result.retention_class_hint == RETENTION_RESTRICTED
    assert result.has_personal_data


def test_contact_details_only_are_personal_not_restricted() -> None:
    result = redact("ring me on 07911 123456 or jo@example.com, 12 Mill Lane, Bristol BS1 4DJ")
    assert result.text_redacted == (
        "ring me on [phone number removed] or [email address removed], [address removed]"
    )
    assert result.retention_class_hint == RETENTION_PERSONAL
    assert result.kinds == {"phone", "email", "postcode_address"}


def test_text_without_personal_data_is_unchanged() -> None:
    text = "When will the new guidance on Universal Credit be published?"
    result = redact(text)
    assert result.text_redacted == text
    assert result.matches == ()
    assert result.retention_class_hint == RETENTION_STANDARD
    assert not result.has_personal_data


def test_placeholders_carry_no_digits_so_redacting_twice_changes_nothing() -> None:
    once = redact("card 4111 1111 1111 1111, licence MORGA753116SM9IJ, UTR 1955839661")
    assert once.text_redacted == (
        "card [card number removed], licence [driving licence number removed], "
        "UTR [tax reference (UTR) removed]"
    )
    assert redact(once.text_redacted).text_redacted == once.text_redacted


def test_every_kind_has_a_placeholder() -> None:
    assert set(PLACEHOLDERS) == set(KINDS)


def test_non_text_input_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="redact needs a str"):
        redact(b"AB123456C")  # type: ignore[arg-type]
