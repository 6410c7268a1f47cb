"""Load and compile the triage word lists in data/triage.yaml, once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from govsocial.analysis.literals import LiteralFinder, Requirement, required_literals

LABELS: tuple[str, ...] = (
    "question",
    "complaint",
    "individual_case",
    "possible_foi",
    "possible_sar",
    "abuse",
    "spam",
    "praise",
    "other",
)
RULES_FILE = "data/triage.yaml"


class TriageRulesError(ValueError):
    """The triage word lists are malformed; the message names the file and the fix."""


@dataclass(frozen=True)
class Phrase:
    label: str
    source: str
    pattern: re.Pattern[str]
    weight: float
    needs: Requirement = None  # case-folded strings one of which a match contains


@dataclass(frozen=True)
class TriageRules:
    precedence: tuple[str, ...]
    thresholds: dict[str, float]
    phrases: tuple[Phrase, ...]
    pseudonym_words: frozenset[str]
    titles: frozenset[str]
    reply_templates: dict[str, str]
    tax_words: re.Pattern[str]
    benefit_words: re.Pattern[str]
    profanity: re.Pattern[str]
    profanity_abuse_weight: float
    literals: LiteralFinder = LiteralFinder(frozenset())  # every string some phrase needs
    phrases_needing: dict[str, tuple[int, ...]] = field(default_factory=dict)
    ungated: tuple[int, ...] = ()  # phrases whose needs could not be read: always tried

    def phrases_that_may_match(self, text: str) -> list[Phrase]:
        """The phrases, in file order, that need a string `text` contains (or need nothing known).

        Strings are compared case-folded, as the phrases match. Casefold writes a capital dotted
        I as i + U+0307 while the regular expressions match it as i, so the combining dot is
        dropped to keep the gate from refusing a real match.
        """
        chosen = set(self.ungated)
        for literal in self.literals.find(text.casefold().replace("\u0307", "")):
            chosen.update(self.phrases_needing[literal])
        return [self.phrases[index] for index in sorted(chosen)]


def _fail(problem: str) -> TriageRulesError:
    return TriageRulesError(f"{RULES_FILE}: {problem}; fix the file and restart")


def _compile(source: str, *, raw: bool, where: str) -> re.Pattern[str]:
    # Word boundaries stop "sar" firing inside "necessary"; raw phrases ("?", emoji) skip them.
    pattern = source if raw else rf"(?<!\w)(?:{source})(?!\w)"
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise _fail(f"{where}: bad regular expression {source!r} ({exc})") from None


def _with_vocabulary(source: str, vocabulary: dict[str, str]) -> str:
    for name, alternatives in vocabulary.items():
        source = source.replace("{" + name + "}", alternatives)
    return source


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise _fail(f"'{key}' must be a mapping")
    return value


def rules_from_mapping(data: Any) -> TriageRules:
    """Validate and compile rules already parsed from YAML."""
    if not isinstance(data, dict):
        raise _fail("the top level must be a mapping")
    precedence = tuple(data.get("precedence") or ())
    unknown = [label for label in precedence if label not in LABELS]
    if unknown or not precedence:
        raise _fail(f"'precedence' must list labels from {', '.join(LABELS)}; got {unknown}")
    thresholds = {str(k): float(v) for k, v in _mapping(data, "thresholds").items()}
    missing = [label for label in precedence if label not in thresholds]
    if missing:
        raise _fail(f"'thresholds' has no value for {', '.join(missing)}")
    vocabulary = {str(k): str(v) for k, v in (data.get("vocabulary") or {}).items()}
    phrases: list[Phrase] = []
    for label, entries in _mapping(data, "labels").items():
        if label not in LABELS:
            raise _fail(f"unknown label {label!r} under 'labels'")
        for index, entry in enumerate(entries or []):
            where = f"labels.{label}[{index}]"
            if not isinstance(entry, dict) or "phrase" not in entry or "weight" not in entry:
                raise _fail(f"{where} needs 'phrase' and 'weight'")
            source = _with_vocabulary(str(entry["phrase"]), vocabulary)
            pattern = _compile(source, raw=bool(entry.get("raw")), where=where)
            phrases.append(
                Phrase(
                    label=label,
                    source=source,
                    pattern=pattern,
                    weight=float(entry["weight"]),
                    needs=required_literals(pattern.pattern),
                )
            )
    templates = {str(k): str(v) for k, v in _mapping(data, "reply_templates").items()}
    for topic in ("benefit", "tax", "general"):
        if "{secure_channel_url}" not in templates.get(topic, ""):
            raise _fail(f"reply_templates.{topic} must contain {{secure_channel_url}}")
    return TriageRules(
        precedence=precedence,
        thresholds=thresholds,
        phrases=tuple(phrases),
        pseudonym_words=frozenset(str(w).lower() for w in data.get("pseudonym_words") or ()),
        titles=frozenset(str(w).lower() for w in data.get("titles") or ()),
        reply_templates=templates,
        tax_words=_compile(str(data.get("tax_words", "tax")), raw=False, where="tax_words"),
        benefit_words=_compile(
            str(data.get("benefit_words", "benefit")), raw=False, where="benefit_words"
        ),
        profanity=_compile(str(data.get("profanity", "fuck")), raw=False, where="profanity"),
        profanity_abuse_weight=float(data.get("profanity_abuse_weight", 1)),
        **_gate(phrases),
    )


def _gate(phrases: list[Phrase]) -> dict[str, Any]:
    needing: dict[str, list[int]] = {}
    for index, phrase in enumerate(phrases):
        for literal in phrase.needs or ():
            needing.setdefault(literal, []).append(index)
    return {
        "literals": LiteralFinder(set(needing)),
        "phrases_needing": {literal: tuple(indices) for literal, indices in needing.items()},
        "ungated": tuple(i for i, phrase in enumerate(phrases) if phrase.needs is None),
    }


@lru_cache(maxsize=1)
def load_rules() -> TriageRules:
    """The packaged rules, parsed and compiled on first use."""
    text = resources.files("govsocial.analysis").joinpath(RULES_FILE).read_text("utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _fail(f"not valid YAML ({exc})") from None
    return rules_from_mapping(data)
