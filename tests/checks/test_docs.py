"""docs/checks.md documents every rule with an example that fires and one that does not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from govsocial.checks import RULES

from .conftest import rules_fired

DOCS = Path(__file__).resolve().parents[2] / "docs" / "checks.md"
SECTION_RE = re.compile(r"^#### `([\w.-]+)`\n(.*?)(?=^#### |^### |\Z)", re.MULTILINE | re.DOTALL)
EXAMPLE_RE = re.compile(r"(Fires|Does not fire):\n\n```json\n(.*?)\n```", re.DOTALL)


def documented() -> dict[str, dict[str, dict]]:
    """Each rule's first example that fires and first that does not."""
    return {
        rule_id: {kind: found[0] for kind, found in examples.items()}
        for rule_id, examples in documented_examples().items()
    }


def documented_examples() -> dict[str, dict[str, list[dict]]]:
    """Every example under each rule: a rule widened by kind shows one pair per kind."""
    sections: dict[str, dict[str, list[dict]]] = {}
    for rule_id, body in SECTION_RE.findall(DOCS.read_text(encoding="utf-8")):
        examples: dict[str, list[dict]] = {}
        for kind, example in EXAMPLE_RE.findall(body):
            examples.setdefault(kind, []).append(json.loads(example))
        sections[rule_id] = examples
    return sections


def every_example(kind: str) -> list[tuple[str, int, dict]]:
    return [
        (rule_id, index, example)
        for rule_id, examples in sorted(documented_examples().items())
        for index, example in enumerate(examples.get(kind, []))
    ]


def test_every_rule_is_documented() -> None:
    missing = sorted(set(RULES) - set(documented()))
    assert not missing, f"rules missing from docs/checks.md: {missing}"


def test_the_docs_name_no_rule_that_does_not_exist() -> None:
    assert not sorted(set(documented()) - set(RULES))


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_the_documented_example_fires(rule_id: str) -> None:
    examples = documented().get(rule_id, {})
    if rule_id == "personal-data.other":
        pytest.skip("fires only for identifier kinds the shared detector adds later (unit-tested)")
    assert "Fires" in examples, f"{rule_id} has no example that fires"
    assert rule_id in rules_fired(examples["Fires"])


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_the_documented_counter_example_does_not_fire(rule_id: str) -> None:
    examples = documented().get(rule_id, {})
    assert "Does not fire" in examples, f"{rule_id} has no example that does not fire"
    assert rule_id not in rules_fired(examples["Does not fire"])


@pytest.mark.parametrize(
    ("rule_id", "index", "example"),
    every_example("Fires"),
    ids=[f"{rule_id}-{index}" for rule_id, index, _ in every_example("Fires")],
)
def test_every_documented_example_fires(rule_id: str, index: int, example: dict) -> None:
    if rule_id == "personal-data.other":
        pytest.skip("fires only for identifier kinds the shared detector adds later (unit-tested)")
    assert rule_id in rules_fired(example)


@pytest.mark.parametrize(
    ("rule_id", "index", "example"),
    every_example("Does not fire"),
    ids=[f"{rule_id}-{index}" for rule_id, index, _ in every_example("Does not fire")],
)
def test_every_documented_counter_example_does_not_fire(
    rule_id: str, index: int, example: dict
) -> None:
    assert rule_id not in rules_fired(example)
