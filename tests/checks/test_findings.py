"""A rule's finding is the Finding the dataclass would make (the registry builds it faster)."""

from __future__ import annotations

import dataclasses

from govsocial.checks import Finding, Severity
from govsocial.checks.rules.style import ACRONYM


def test_a_rules_finding_equals_one_made_by_the_dataclass() -> None:
    made = ACRONYM.finding("DVSA is not spelled out.", 4, 8)
    assert made == Finding(
        rule="style.acronym",
        severity=Severity.WARN,
        message="DVSA is not spelled out.",
        source=ACRONYM.source,
        start=4,
        end=8,
    )
    assert vars(made).keys() == {f.name for f in dataclasses.fields(Finding)}
    assert hash(made) == hash(dataclasses.replace(made))


def test_a_finding_may_be_more_severe_than_its_rule() -> None:
    made = ACRONYM.finding("Worse here.", severity=Severity.BLOCK)
    assert made.severity is Severity.BLOCK
    assert (made.start, made.end, made.field) == (None, None, "text")
