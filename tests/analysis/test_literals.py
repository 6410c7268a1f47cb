"""The gate in front of the triage phrases: a phrase is skipped only when it cannot match."""

import json
from pathlib import Path

import pytest
import yaml

from govsocial.analysis.literals import LiteralFinder, required_literals
from govsocial.analysis.triage import triage
from govsocial.analysis.triage_rules import TriageRules

DATA = Path(__file__).parent / "data"
LABELLED = Path(__file__).parents[1] / "data" / "triage"


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        ("how many", {"how many"}),
        ("(?<!\\w)(?:foia?( request| act)?)(?!\\w)", {"foi"}),
        ("(copy|copies) of my", {" of my"}),
        ("cctv|footage", {"cctv", "footage"}),
        ("(records?|notes) about me", {" about me"}),
        ("Hoffwn", {"hoffwn"}),
        ("\\?", {"?"}),
        ("(case )?notes|notes", {"notes"}),
    ],
)
def test_the_strings_a_pattern_cannot_match_without(pattern: str, needs: set[str]) -> None:
    assert required_literals(pattern) == needs


@pytest.mark.parametrize("pattern", ["\\w+", "(a|\\d)", "x?", "(?i)foi", "[abc]+", "a{0,3}"])
def test_a_pattern_with_no_required_text_is_always_tried(pattern: str) -> None:
    assert required_literals(pattern) is None


def test_the_finder_reports_every_string_present_including_prefixes_and_overlaps() -> None:
    finder = LiteralFinder({"how", "how many", "many", "any", "my file", "file"})
    assert finder.find("so how many? my file") == {
        "how",
        "how many",
        "many",
        "any",
        "my file",
        "file",
    }
    assert finder.find("nothing here") == set()


def every_labelled_text() -> list[str]:
    texts = []
    for path in sorted(LABELLED.glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines()]
    for path in sorted(DATA.glob("*.yaml")):
        texts += [item["text"] for item in yaml.safe_load(path.read_text("utf-8"))]
    return texts + ["İF YOU HOLD ANY RECORDS ABOUT ME", "ſend me my file", "ＦＯＩ request"]


def test_gated_and_ungated_scores_are_the_same_on_every_labelled_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = every_labelled_text()
    gated = [(triage(text).scores, triage(text).reasons) for text in texts]
    monkeypatch.setattr(
        TriageRules, "phrases_that_may_match", lambda self, text: list(self.phrases)
    )
    assert [(triage(text).scores, triage(text).reasons) for text in texts] == gated
