"""The rule data: versioned YAML files an admin can replace, loaded once per directory.

`load_rule_data()` reads the packaged files under `govsocial/checks/data/`. With a config
directory, any file of the same name there replaces the packaged one (an admin replaces
`politicians.yaml` without touching the rest). The personal-data rules' list of public numbers,
role mailboxes and public buildings is the analysis engine's `public_contacts.toml`, which an
admin's file of that name in the same directory extends.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from govsocial.analysis.public_contacts import (
    PublicContacts,
    PublicContactsError,
    load_public_contacts,
)
from govsocial.analysis.words import WORD_TOKEN_RE, lower_words
from govsocial.checks.model import ElectionPeriod

PACKAGED_DATA_DIR = Path(__file__).parent / "data"
DATA_FILES = (
    "parties.yaml",
    "politicians.yaml",
    "partisan_accounts.yaml",
    "election_periods.yaml",
    "propriety.yaml",
    "style.yaml",
    "personal_data.yaml",
    "limits.yaml",
    "accessibility.yaml",
)
UK_TIME = ZoneInfo("Europe/London")


class ConfigError(ValueError):
    """A rule data file is missing, unreadable or malformed."""


@dataclass(frozen=True)
class PlatformLimits:
    name: str
    label: str
    limit: int
    unit: str
    alt_text: int | None = None
    url_length: int | None = None
    max_hashtags: int | None = None
    preview: int | None = None
    title_limit: int | None = None


@dataclass(frozen=True)
class AvoidWord:
    word: str
    forms: tuple[str, ...]
    pattern: PhraseMatcher
    suggest: str
    unless_next: tuple[str, ...]
    unless_prev: tuple[str, ...]
    only_next: tuple[str, ...]
    adjective_only: bool


@dataclass(frozen=True)
class Politician:
    name: str
    handles: tuple[str, ...]


def _phrase_regex(
    phrases: list[str], *, ignore_case: bool, hyphen_after: bool = False
) -> re.Pattern[str]:
    """One alternation over whole-word phrases, longest first so the longest phrase wins.

    A phrase never matches inside a longer word, nor (unless `hyphen_after`) as the first
    part of a hyphenated compound ("robust-looking").
    """
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!x)x")
    flags = re.IGNORECASE if ignore_case else 0
    tail = r"(?!\w)" if hyphen_after else r"(?!\w|-\w)"
    if ignore_case or any(p[0].islower() or p[0].isspace() for p in ordered):
        body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
        return re.compile(rf"(?<![\w@#-])(?:{body}){tail}", flags)
    # Phrases that start with a capital (names): each phrase's first character, then the
    # character before it looked behind. Every alternative then starts with a literal, so `re`
    # jumps from capital to capital instead of trying the look-behind at every position, about
    # eight times faster. (Phrases starting in lower case are left as they were: there `re`
    # would stop at most letters, and the old form is faster.)
    body = "|".join(
        re.escape(p[0]) + r"(?<![\w@#-][\s\S])" + re.escape(p[1:]).replace(r"\ ", r"\s+")
        for p in ordered
    )
    return re.compile(rf"(?:{body}){tail}", flags)


class PhraseMatch:
    """A match of a PhraseMatcher: offsets into, and text from, the string searched."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, index: int = 0) -> str:
        return self._text[self._start : self._end]


class PhraseMatcher:
    """A phrase alternation with two speed-ups. A prefilter: the regex runs only when the
    longest word of some phrase occurs in the text (a set lookup instead of a scan). And
    case-insensitive phrases match the lower-cased text with a case-sensitive regex, which
    `re` runs several times faster than IGNORECASE."""

    def __init__(
        self, phrases: list[str], *, ignore_case: bool, hyphen_after: bool = False
    ) -> None:
        self.ignore_case = ignore_case
        folded = [p.lower() for p in phrases] if ignore_case else phrases
        self.regex = _phrase_regex(folded, ignore_case=False, hyphen_after=hyphen_after)
        self.any_case = _phrase_regex(phrases, ignore_case=ignore_case, hyphen_after=hyphen_after)
        words = (WORD_TOKEN_RE.findall(p.lower()) for p in phrases)
        self.key_words = frozenset(max(w, key=len) for w in words if w)

    def possible(self, text: str) -> bool:
        return not self.key_words.isdisjoint(lower_words(text))

    def finditer(self, text: str) -> Iterator[PhraseMatch]:
        if not self.possible(text):
            return iter(())
        if self.ignore_case:
            folded = _lowered(text)
            if folded is not None:
                return (PhraseMatch(text, m.start(), m.end()) for m in self.regex.finditer(folded))
            return (PhraseMatch(text, m.start(), m.end()) for m in self.any_case.finditer(text))
        return (PhraseMatch(text, m.start(), m.end()) for m in self.regex.finditer(text))

    def search(self, text: str) -> PhraseMatch | None:
        return next(self.finditer(text), None)


@functools.lru_cache(maxsize=512)
def _lowered(text: str) -> str | None:
    folded = text.lower()
    return folded if len(folded) == len(text) else None


class AnyOfLiterals:
    """Whether a text holds any of some strings, in any case.

    `re` runs IGNORECASE alternations many times slower than case-sensitive ones; in ASCII
    text (and with ASCII strings) lower-casing changes nothing but the case, so the lower-cased
    strings are looked for in the lower-cased text instead."""

    def __init__(self, literals: list[str]) -> None:
        self.any_case = re.compile("|".join(re.escape(s) for s in literals), re.IGNORECASE)
        self.lower_case = re.compile("|".join(re.escape(s.lower()) for s in literals))
        self.ascii = all(s.isascii() for s in literals)

    def found_in(self, text: str) -> bool:
        if self.ascii and text.isascii():
            return self.lower_case.search(text.lower()) is not None
        return self.any_case.search(text) is not None


def normalise_handle(handle: str) -> str:
    return handle.strip().lstrip("@").lower()


class RuleData:
    """Parsed and precompiled rule data. Build with `load_rule_data()`."""

    def __init__(
        self,
        raw: dict[str, dict[str, Any]],
        *,
        origin: str,
        public_contacts: PublicContacts | None = None,
    ) -> None:
        self.origin = origin
        # The personal-data detector's list of organisations' numbers, mailboxes and buildings,
        # shared with the inbox (govsocial/analysis/data/public_contacts.toml).
        self.public_contacts = public_contacts or load_public_contacts()
        self.versions = {name: str(doc.get("version", "unversioned")) for name, doc in raw.items()}
        try:
            self._build(raw)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(f"rule data in {origin} is malformed: {exc!r}") from exc

    def _build(self, raw: dict[str, dict[str, Any]]) -> None:
        parties = raw["parties.yaml"]
        self.party_names: dict[str, str] = {}
        self.party_ambiguous: dict[str, str] = {}
        self.party_hashtags: dict[str, str] = {}
        for party in parties["parties"]:
            for name in party.get("names", []):
                self.party_names[name] = party["name"]
            for name in party.get("ambiguous", []):
                self.party_ambiguous[name] = party["name"]
            for tag in party.get("hashtags", []):
                self.party_hashtags[tag.lower()] = party["name"]
        # A party's name is party-political in a compound too ("Tory-led", "SNP-backed").
        self.party_name_re = PhraseMatcher(
            list(self.party_names), ignore_case=False, hyphen_after=True
        )
        self.party_ambiguous_re = PhraseMatcher(
            list(self.party_ambiguous), ignore_case=False, hyphen_after=True
        )
        self.party_cues_before = frozenset(c.lower() for c in parties["party_cues_before"])
        self.party_cues_after = frozenset(c.lower() for c in parties["party_cues_after"])
        self.slogan_re = PhraseMatcher(parties.get("slogans", []), ignore_case=True)
        self.possessive_cue = frozenset(parties.get("possessive_cue", []))
        self.party_by_default = frozenset(parties.get("party_by_default", []))
        self.not_party_after = frozenset(w.lower() for w in parties.get("not_party_after", []))
        self.party_domains = tuple(d.lower() for d in parties.get("domains", []))
        # Hashtag forms of the names: "Lib Dems" -> "libdems" (#LibDemsWin, #libdems).
        self.party_stems = {_squashed(n): p for n, p in self.party_names.items()}
        self.party_ambiguous_stems = {
            _squashed(n): p for n, p in self.party_ambiguous.items() if n not in self.party_names
        }
        self.hashtag_campaign_words = frozenset(parties.get("hashtag_campaign_words", []))
        self.hashtag_prefix_words = tuple(parties.get("hashtag_prefix_words", []))
        self.hashtag_prefix_words_set = frozenset(self.hashtag_prefix_words)

        politicians = raw["politicians.yaml"]
        self.politicians: list[Politician] = []
        names: dict[str, str] = {}
        for entry in [*politicians.get("politicians", []), *politicians.get("candidates", [])]:
            handles = tuple(normalise_handle(h) for h in entry.get("handles", []))
            self.politicians.append(Politician(entry["name"], handles))
            for alias in [entry["name"], *entry.get("aliases", [])]:
                names[alias] = entry["name"]
        self.politician_names = names
        self.politician_re = PhraseMatcher(list(names), ignore_case=False)
        self.politician_handles = {h: p.name for p in self.politicians for h in p.handles}

        partisan = raw["partisan_accounts.yaml"]
        self.partisan_accounts: dict[str, tuple[str, ...]] = {
            normalise_handle(a["handle"]): tuple(a.get("tags", [])) for a in partisan["accounts"]
        }

        self.election_periods = tuple(
            parse_period(p) for p in raw["election_periods.yaml"].get("periods") or []
        )

        propriety = raw["propriety.yaml"]
        self.minister_re = PhraseMatcher(propriety["minister_titles"], ignore_case=True)
        self.minister_titles_set = frozenset(t.lower() for t in propriety["minister_titles"])
        self.view_verb_re = PhraseMatcher(propriety["view_verbs"], ignore_case=True)
        self.attack_re = PhraseMatcher(propriety["attack_words"], ignore_case=True)
        self.interest_group_re = PhraseMatcher(propriety["interest_groups"], ignore_case=True)
        self.scam_cue_re = PhraseMatcher(propriety.get("scam_cues", []), ignore_case=True)
        self.change_words = frozenset(w.lower() for w in propriety["change_words"])

        style = raw["style.yaml"]
        self.well_known_acronyms = frozenset(style["well_known_acronyms"])
        self.avoid_words = tuple(_avoid_word(entry) for entry in style["words_to_avoid"])
        self.avoid_by_key_word: dict[str, list[AvoidWord]] = {}
        for avoid in self.avoid_words:
            for first in avoid.pattern.key_words:
                bucket = self.avoid_by_key_word.setdefault(first, [])
                if avoid not in bucket:
                    bucket.append(avoid)
        self.impersonal_passives = frozenset(style["impersonal_passives"])
        self.irregular_participles = frozenset(style["irregular_participles"])

        personal = raw["personal_data.yaml"]
        self.individual_case_re = PhraseMatcher(personal["individual_case_terms"], ignore_case=True)
        self.secure_channel_re = re.compile(
            "|".join(re.escape(m) for m in personal["secure_channel_markers"]), re.IGNORECASE
        )
        self.secure_channel = AnyOfLiterals(personal["secure_channel_markers"])
        self.secure_channel_default = str(personal["secure_channel_default"])

        limits = raw["limits.yaml"]
        self.platforms = {
            name: PlatformLimits(name=name, **values)
            for name, values in limits["platforms"].items()
        }
        self.alt_text_warn = int(limits["alt_text_warn"])
        self.platform_aliases = {
            str(k).lower(): str(v) for k, v in (limits.get("aliases") or {}).items()
        }

        access = raw["accessibility.yaml"]
        self.max_hashtags = int(access["max_hashtags"])
        self.max_emoji = int(access["max_emoji"])
        self.max_links = int(access["max_links"])
        self.max_sentence_words = int(access["max_sentence_words"])
        self.max_paragraph_chars = int(access["max_paragraph_chars"])
        self.reading_age_warn = float(access["reading_age_warn"])
        self.reading_age_min_words = int(access["reading_age_min_words"])
        self.placeholder_alt = frozenset(str(a).lower() for a in access["placeholder_alt"])
        self.min_contrast = float(access["min_contrast"])


def _squashed(name: str) -> str:
    return re.sub(r"\W", "", name.lower())


def _avoid_word(entry: dict[str, Any]) -> AvoidWord:
    forms = tuple(str(f) for f in entry.get("forms", [entry["word"]]))
    return AvoidWord(
        word=str(entry["word"]),
        forms=forms,
        pattern=PhraseMatcher(list(forms), ignore_case=True),
        suggest=str(entry["suggest"]),
        unless_next=tuple(str(w).lower() for w in entry.get("unless_next", [])),
        unless_prev=tuple(str(w).lower() for w in entry.get("unless_prev", [])),
        only_next=tuple(str(w).lower() for w in entry.get("only_next", [])),
        adjective_only=bool(entry.get("adjective_only", False)),
    )


def _parse_moment(value: Any, *, end: bool) -> datetime:
    if isinstance(value, str) and len(value.strip()) == len("2026-05-07"):
        value = date.fromisoformat(value.strip())
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        # Periods start at 00:01 UK time (Cabinet Office guidance) and run to the end of the day.
        if end:
            moment = datetime.combine(value + timedelta(days=1), time(0, 0), tzinfo=UK_TIME)
        else:
            moment = datetime.combine(value, time(0, 1), tzinfo=UK_TIME)
    else:
        moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UK_TIME)
    return moment


def parse_period(entry: dict[str, Any]) -> ElectionPeriod:
    start = _parse_moment(entry["start"], end=False)
    end = _parse_moment(entry["end"], end=True)
    if end <= start:
        raise ValueError(f"election period {entry.get('name')!r} ends before it starts")
    return ElectionPeriod(
        name=str(entry.get("name", "pre-election period")),
        kind=str(entry.get("kind", "general")),
        start=start,
        end=end,
        approved_campaigns=frozenset(str(c) for c in entry.get("approved_campaigns", [])),
    )


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read rule data file {path}: {exc.strerror}") from exc
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"rule data file {path} is not valid YAML: {exc}") from exc
    if not isinstance(document, dict):
        raise ConfigError(f"rule data file {path} must hold a mapping at the top level")
    return document


@functools.lru_cache(maxsize=8)
def _load(config_dir: str | None) -> RuleData:
    raw: dict[str, dict[str, Any]] = {}
    for name in DATA_FILES:
        path = PACKAGED_DATA_DIR / name
        if config_dir is not None and (Path(config_dir) / name).is_file():
            path = Path(config_dir) / name
        raw[name] = _read_yaml(path)
    try:
        contacts = load_public_contacts(config_dir)
    except PublicContactsError as exc:
        raise ConfigError(str(exc)) from exc
    return RuleData(raw, origin=config_dir or str(PACKAGED_DATA_DIR), public_contacts=contacts)


def load_rule_data(config_dir: str | Path | None = None) -> RuleData:
    """The rule data, loaded once per directory; files in `config_dir` replace packaged ones."""
    if config_dir is None:
        return _load(None)
    directory = Path(config_dir)
    if not directory.is_dir():
        raise ConfigError(f"config directory {directory} does not exist or is not a directory")
    return _load(str(directory.resolve()))
