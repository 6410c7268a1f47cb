"""Explainable, rule-based triage of an inbound message.

Every label comes with the phrases that fired and their weights, so a reviewer can
see why an item went to the FOI officer's queue and correct the word lists in
data/triage.yaml when it should not have.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from govsocial.analysis.personal_data import PersonalDataMatch, find_personal_data
from govsocial.analysis.triage_rules import LABELS, TriageRules, load_rules

QUEUES: dict[str, str] = {
    "possible_foi": "foi_officer",
    "possible_sar": "data_protection_officer",
    "abuse": "moderation",
    "spam": "moderation",
}
DEFAULT_QUEUE = "general"
SECURE_CHANNEL_PLACEHOLDER = "{secure_channel_url}"

# Any letter, accented ones included (Siobhán, Zoë); no digits or underscores.
_NAME_WORD = r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*"
_SIGNED_NAME = re.compile(
    r"(?:(?:kind |best )?regards|thanks|thank you|many thanks|cheers|best wishes|sincerely"
    r"|yours(?: faithfully| sincerely)?|my name is|i am|i'm)[,.!:]?\s*[-–—]?\s*"
    rf"((?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})\s*\.?\s*$",
    re.IGNORECASE,
)
_NAME_PUNCTUATION = frozenset(" '’.-")
_APOSTROPHES_AND_HYPHENS = re.compile(r"['’-]")


@dataclass(frozen=True)
class TriageReason:
    label: str
    phrase: str  # the text that matched, as the author wrote it
    weight: float


@dataclass(frozen=True)
class TriageResult:
    label: str
    confidence: float
    reasons: tuple[TriageReason, ...]
    secondary_labels: tuple[str, ...]
    flags: frozenset[str]
    scores: dict[str, float]
    personal_data: tuple[PersonalDataMatch, ...]
    valid_foi_name: bool | None  # None unless the message looks like an FOI request
    requester_name: str | None
    suggested_reply: str | None

    @property
    def queue(self) -> str:
        return QUEUES.get(self.label, DEFAULT_QUEUE)

    def reasons_for(self, label: str) -> tuple[TriageReason, ...]:
        return tuple(reason for reason in self.reasons if reason.label == label)


def triage(
    text: str,
    *,
    display_name: str = "",
    personal_data: Sequence[PersonalDataMatch] | None = None,
    secure_channel_url: str | None = None,
) -> TriageResult:
    """Classify an inbound message and explain why.

    `personal_data` saves a second scan when the caller has already run
    find_personal_data; `secure_channel_url` fills the suggested reply's link
    (without it the placeholder {secure_channel_url} stays in the text).
    """
    if not isinstance(text, str):
        raise TypeError(f"triage needs the message text as a str, got {type(text).__name__}")
    rules = load_rules()
    found = tuple(find_personal_data(text) if personal_data is None else personal_data)
    scores, reasons = _score(text, rules)
    flags: set[str] = set()
    if found:
        flags.add("personal_data")
    swearing = rules.profanity.search(text)
    if swearing:
        flags.add("profanity")
        scores["abuse"] += rules.profanity_abuse_weight
        reasons.append(TriageReason("abuse", swearing.group(), rules.profanity_abuse_weight))
    if found and scores["individual_case"] > 0:
        # Someone posting their own identifiers beside claim words is almost always a case.
        scores["individual_case"] += 1
        reasons.append(TriageReason("individual_case", found[0].kind, 1))

    applying = [label for label in rules.precedence if scores[label] >= rules.thresholds[label]]
    label = applying[0] if applying else "other"
    secondary = tuple(other for other in applying if other != label)

    requester_name = _real_name(text, display_name=display_name, rules=rules)
    is_foi = label == "possible_foi" or "possible_foi" in secondary
    if is_foi:
        flags.add("valid_foi_name" if requester_name else "foi_name_missing")

    needs_redirect = label == "individual_case" or "individual_case" in secondary
    return TriageResult(
        label=label,
        confidence=_confidence(label, scores, rules),
        reasons=tuple(reasons),
        secondary_labels=secondary,
        flags=frozenset(flags),
        scores=scores,
        personal_data=found,
        valid_foi_name=(requester_name is not None) if is_foi else None,
        requester_name=requester_name,
        suggested_reply=(
            _suggested_reply(text, requester_name, secure_channel_url, rules)
            if needs_redirect
            else None
        ),
    )


def _score(text: str, rules: TriageRules) -> tuple[dict[str, float], list[TriageReason]]:
    scores = dict.fromkeys(LABELS, 0.0)
    reasons: list[TriageReason] = []
    # Only phrases whose words occur in the message can match; the others are not tried.
    for phrase in rules.phrases_that_may_match(text):
        hit = phrase.pattern.search(text)
        if hit:
            scores[phrase.label] += phrase.weight
            reasons.append(TriageReason(phrase.label, hit.group(), phrase.weight))
    return scores, reasons


def _confidence(label: str, scores: dict[str, float], rules: TriageRules) -> float:
    """A ranking aid, not a calibrated probability: higher above the threshold is surer."""
    if label == "other":
        strongest = max(scores[name] for name in rules.precedence)
        return 0.6 if strongest <= 0 else 0.4
    margin = scores[label] - rules.thresholds[label]
    confidence = 1 - 0.5 * math.exp(-(margin + 1) / 2)
    runner_up = max((scores[name] for name in rules.precedence if name != label), default=0.0)
    if runner_up >= scores[label]:
        confidence -= 0.1
    return round(min(confidence, 0.97), 2)


def _real_name(text: str, *, display_name: str, rules: TriageRules) -> str | None:
    """The requester's real name, from the display name or a signature, else None.

    ICO: an FOI request must give the requester's real name; a handle or an
    obvious pseudonym does not count (a handle never reaches here: only the display
    name and the message text are read).
    """
    if _looks_like_real_name(display_name, rules=rules):
        return " ".join(display_name.split())
    signed = _SIGNED_NAME.search(text.strip())
    if signed and _looks_like_real_name(signed.group(1), rules=rules):
        return " ".join(signed.group(1).split())
    return None


def _looks_like_real_name(name: str, *, rules: TriageRules) -> bool:
    name = " ".join(name.split())
    if not name or not all(char.isalpha() or char in _NAME_PUNCTUATION for char in name):
        return False  # digits, underscores, emoji, @: a handle or a decorated pseudonym
    lowered = name.lower()
    if any(word in lowered for word in rules.pseudonym_words if " " in word):
        return False
    words = [word.strip(".") for word in name.split() if word.strip(".")]
    if not words:
        return False
    titled = words[0].lower() in rules.titles
    if titled:
        words = words[1:]
    if not words or any(word.lower() in rules.pseudonym_words for word in words):
        return False
    if not all(
        word[0].isupper() and _APOSTROPHES_AND_HYPHENS.sub("", word).isalpha() for word in words
    ):
        return False
    return len(words) >= 2 or titled


def _suggested_reply(
    text: str, requester_name: str | None, secure_channel_url: str | None, rules: TriageRules
) -> str:
    if rules.tax_words.search(text):
        topic = "tax"
    elif rules.benefit_words.search(text):
        topic = "benefit"
    else:
        topic = "general"
    first_name = _first_name(requester_name, rules)
    reply = rules.reply_templates[topic].replace(
        "{greeting_name}", f" {first_name}" if first_name else ""
    )
    if secure_channel_url:
        reply = reply.replace(SECURE_CHANNEL_PLACEHOLDER, secure_channel_url)
    return reply


def _first_name(requester_name: str | None, rules: TriageRules) -> str | None:
    if not requester_name:
        return None
    words = requester_name.split()
    if words[0].strip(".").lower() in rules.titles:
        return requester_name  # "Dr Grant": keep the title with the surname
    return words[0]
