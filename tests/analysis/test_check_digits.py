"""The NHS number and UTR check digits computed in the detector agree with python-stdnum."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.gb import nhs, utr

from govsocial.analysis.identifiers import nhs_and_utr_check


@settings(max_examples=5000)
@given(st.text("0123456789", min_size=10, max_size=10))
def test_ten_digits_pass_the_checks_stdnum_passes(digits: str) -> None:
    assert nhs_and_utr_check(digits) == (nhs.is_valid(digits), utr.is_valid(digits))


def test_valid_numbers_of_each_kind() -> None:
    assert nhs_and_utr_check("9434765870") == (True, False)  # NHS's own specimen number
    assert nhs_and_utr_check("1955839661") == (False, True)  # stdnum's example UTR


def test_other_shapes_are_left_to_stdnum() -> None:
    assert nhs_and_utr_check("943476587") == (False, False)  # nine digits
    assert nhs_and_utr_check("٩٤٣٤٧٦٥٨٧٠") == (
        nhs.is_valid("٩٤٣٤٧٦٥٨٧٠"),
        utr.is_valid("٩٤٣٤٧٦٥٨٧٠"),
    )
