"""Where a text is party-political: party names in a party context, possessives, party
hashtags, slogans and calls to vote (rule 1). Pure functions over the rule data."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from govsocial.checks.data import PhraseMatch, RuleData
from govsocial.checks.text import TextFacts, sentence_start_at

# "Re-elect Sam Jones", "Elect Sam Jones as your councillor": a call to vote for a person.
RE_ELECT_RE = re.compile(
    r"\b(?:[Rr]e-?elect|[Ee]lect)\s+(?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+(?=\s+(?:as|for|on|to)\b|[\s.!,]*$|[.!,])"
)
VOTE_CUE_RE = re.compile(
    r"\b(?:vote|votes|voting|voted|elect|elected|re-elect|reelect|back|support)\s+(?:for\s+)?$",
    re.IGNORECASE,
)
# A word after a party name: a compound ("-led", "-run", "-backed"), a possessive ("Labour's",
# "the Greens' motion") or a word.
NEXT_WORD_RE = re.compile(r"(-[a-z]+\b|['’]s\b|['’](?=[\s,.;:!?]|$)|\s+[\w-]+)")
PREVIOUS_WORD_RE = re.compile(r"([\w-]+)\s+$")
POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})

# A call to vote that names no party: "vote for us/me/our candidate", "give us your vote",
# "put your cross next to", "use your vote for the Independents".
VOTE_FOR_US_RE = re.compile(
    r"\b(?:vote|voting)\s+for\s+(?:us|me|our\s+(?:candidates?|team|councillors?|party))\b"
    r"|\b(?:vote|voting)\s+for\s+(?:councillor|cllr|mayor|candidate)\s+(?-i:[A-Z])"
    r"|\b(?:give|lend)\s+(?:us|me)\s+your\s+(?:vote|votes|support\s+on\s+polling\s+day)\b"
    r"|\b(?:back|support)\s+(?:us|me)\s+(?:on\s+(?:polling|election)\s+day|at\s+the\s+(?:polls|ballot\s+box))"
    r"|\bput\s+your\s+cross\s+(?:next\s+to|by|for|against)\b"
    r"|\buse\s+your\s+vote\s+for\s+(?:the\s+)?(?-i:[A-Z])"
    # Welsh: "pleidleisiwch drosom ni" (vote for us), "dros ein hymgeisydd" (our candidate).
    r"|\bpleidleisiwch\s+(?:drosom|drosof|dros\s+(?:ein|fy)\s+(?:hymgeisydd|hymgeiswyr|nhîm))",
    re.IGNORECASE,
)
# "Vote for us" is also how councils ask for votes in awards and competitions.
AWARD_CONTEXT_RE = re.compile(
    r"\b(?:awards?|shortlist(?:ed)?|nominat\w*|competition|contest|prize|people['’]s\s+choice|"
    r"category|finalists?|poll\s+below|our\s+poll|gwobr\w*|ngwobr\w*|cystadleuaeth)\b",
    re.IGNORECASE,
)
# "Back Sarah Green for mayor", "Back Tom Hughes on 2 May": a person backed for an office or
# on polling day.
BACK_PERSON_RE = re.compile(
    r"\b(?:[Bb]ack|[Ss]upport|[Vv]ote\s+for)\s+(?:[A-Z][\w'’-]+\s+){1,3}?"
    r"(?:for\s+(?i:mayor|councillor|the\s+council|police\s+and\s+crime\s+commissioner|pcc|mp|"
    r"parliament)\b|for\s+[A-Z][\w-]+\s+ward\b"
    r"|on\s+(?:polling\s+day|election\s+day|[Tt]hursday|\d{1,2}\s+May)\b)"
)
# A hashtag's words: "SNPGov" -> SNP, Gov; "LibDemFightback" -> Lib, Dem, Fightback.
HASHTAG_WORD_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b)|[A-Z]?[a-z]+|\d+")


# Every call to vote that names no party has one of these words.
CALL_TO_VOTE_WORDS = frozenset(
    {"elect", "reelect", "vote", "voting", "cross", "back", "support", "pleidleisiwch"}
)


def party_words(data: RuleData) -> frozenset[str]:
    """Words one of which every party name, slogan, politician or call to vote contains (a
    party hashtag has a "#" instead): the trigger of the party-political rule."""
    matchers = (data.party_name_re, data.party_ambiguous_re, data.slogan_re, data.politician_re)
    return CALL_TO_VOTE_WORDS.union(*(m.key_words for m in matchers))


@dataclass(frozen=True)
class PartyHit:
    start: int
    end: int
    what: str


def party_political_hits(
    text: str, data: RuleData, facts: TextFacts | None = None
) -> list[PartyHit]:
    """Party names, slogans and calls to vote in `text`, with the offending span."""
    facts = facts if facts is not None else TextFacts(text)
    hits: list[PartyHit] = []
    for match in data.party_name_re.finditer(text):
        if not _starts_a_longer_name(text, match, data):
            hits.append(PartyHit(match.start(), match.end(), f'the party name "{match.group(0)}"'))
    for match in data.party_ambiguous_re.finditer(text):
        if _party_cue_near(text, match, data, facts):
            party = data.party_ambiguous[match.group(0)]
            hits.append(PartyHit(match.start(), match.end(), f"a reference to the {party}"))
    for match in data.slogan_re.finditer(text):
        hits.append(PartyHit(match.start(), match.end(), f'the party slogan "{match.group(0)}"'))
    for match in data.politician_re.finditer(text):
        window_start = max(0, match.start() - 20)
        cue = VOTE_CUE_RE.search(text, window_start, match.start())
        if cue:
            start = cue.start()
            hits.append(PartyHit(start, match.end(), f"a call to vote for {match.group(0)}"))
    calls_to_elect = RE_ELECT_RE.finditer(text) if "lect" in text else ()
    for elect in calls_to_elect:
        hits.append(PartyHit(elect.start(), elect.end(), f'a call to "{elect.group(0)}"'))
    if not facts.words.isdisjoint(CALL_TO_VOTE_WORDS):
        hits.extend(_calls_to_vote(text))
    for tag in facts.hashtags:
        campaigns_for = party_hashtag(tag.text, data)
        if campaigns_for:
            hits.append(PartyHit(tag.start, tag.end, f"the {campaigns_for} hashtag #{tag.text}"))
    return _without_overlaps(hits)


def _starts_a_longer_name(text: str, match: PhraseMatch, data: RuleData) -> bool:
    """ "New Labour Force Survey": a party name that is only the start of a Title Case name."""
    following = NEXT_WORD_RE.match(text, match.end())
    if not following or following.group(1) in POSSESSIVE_MARKS:
        return False
    next_word = following.group(1).strip()
    return next_word[:1].isupper() and next_word.lower() in data.not_party_after


# The same pattern (all lower case) without IGNORECASE, which `re` runs far slower: on
# ASCII text, where lower-casing changes nothing but the case, it reads the lower-cased text.
AWARD_CONTEXT_LOWER_CASE_RE = re.compile(AWARD_CONTEXT_RE.pattern)


def _award_context(text: str) -> bool:
    if text.isascii():
        return AWARD_CONTEXT_LOWER_CASE_RE.search(text.lower()) is not None
    return AWARD_CONTEXT_RE.search(text) is not None


def _calls_to_vote(text: str) -> list[PartyHit]:
    hits = []
    if not _award_context(text):
        for match in VOTE_FOR_US_RE.finditer(text):
            hits.append(
                PartyHit(match.start(), match.end(), f'a call to vote ("{match.group(0)}")')
            )
    for match in BACK_PERSON_RE.finditer(text):
        hits.append(PartyHit(match.start(), match.end(), f'a call to vote ("{match.group(0)}")'))
    return hits


def _party_cue_near(text: str, match: PhraseMatch, data: RuleData, facts: TextFacts) -> bool:
    word = match.group(0)
    following = NEXT_WORD_RE.match(text, match.end())
    next_word = following.group(1).strip() if following else ""
    if next_word.lower() in data.party_cues_after:
        return True
    preceding = PREVIOUS_WORD_RE.search(text, max(0, match.start() - 20), match.start())
    if preceding and preceding.group(1).lower() in data.party_cues_before:
        return True
    if next_word in POSSESSIVE_MARKS:
        return word in data.possessive_cue and _party_possessive(text, match, data, facts)
    if sentence_start_at(facts, match.start()):
        return False
    if word not in data.party_by_default:
        return False
    title_case = next_word[:1].isupper()
    return not title_case and next_word.lower() not in data.not_party_after


HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "cllr", "councillor", "sir", "dame"})
POSSESSED_WORD_RE = re.compile(r"(?:['’]s?)\s+([\w-]+)")


def _party_possessive(text: str, match: PhraseMatch, data: RuleData, facts: TextFacts) -> bool:
    """ "Labour's plan" means the party, even at the start of a sentence. Not after a capitalised
    word ("Sarah Green's"), not before an economist's noun ("Labour's share of income"), and
    not a place name ("the Greens' Lane car park")."""
    preceding = PREVIOUS_WORD_RE.search(text, max(0, match.start() - 20), match.start())
    if preceding and (
        preceding.group(1).lower() in HONORIFICS
        or (preceding.group(1)[:1].isupper() and not sentence_start_at(facts, preceding.start(1)))
    ):
        return False
    possessed = POSSESSED_WORD_RE.match(text, match.end())
    if possessed is None:
        return True
    noun = possessed.group(1)
    plural_place = text[match.end()] in "'’" and text[match.end() + 1 : match.end() + 2] != "s"
    return noun.lower() not in data.not_party_after and not (plural_place and noun[:1].isupper())


@functools.lru_cache(maxsize=4096)  # campaigns' hashtags recur from post to post
def party_hashtag(tag: str, data: RuleData) -> str | None:
    """The party a hashtag campaigns for (#LabourDelivers, #ToriesOut, #SNPGov), or None.

    A party's own name (#LibDems, #SNP) always counts. An ambiguous name (#Labour, #Green) counts
    only joined to a campaigning word (#LabourDelivers, #VoteGreen), so #LabourMarket and
    #GreenWaste do not.
    """
    lowered = tag.lower()
    if lowered in data.party_hashtags:
        return data.party_hashtags[lowered]
    words = [w.lower() for w in HASHTAG_WORD_RE.findall(tag)]
    if len(words) <= 1:
        return _run_together_party_hashtag(lowered, data)
    for first in range(len(words)):
        for last in range(min(len(words), first + 4), first, -1):
            joined = "".join(words[first:last])
            others = set(words[:first] + words[last:])
            if joined in data.party_stems:
                return data.party_stems[joined]
            if joined in data.party_ambiguous_stems and (
                not others.isdisjoint(data.hashtag_campaign_words)
                or not data.hashtag_prefix_words_set.isdisjoint(words[:first])
            ):
                return data.party_ambiguous_stems[joined]
    return None


def _run_together_party_hashtag(tag: str, data: RuleData) -> str | None:
    """#labourdelivers, #toriesout, #votesnp: a party stem joined to a campaigning word."""
    found = _run_together_re(data).match(tag)
    if not found:
        return None
    stem = found.group("stem")
    if stem in data.party_stems:
        return data.party_stems[stem]
    if found.group("prefix") or found.group("tail"):
        return data.party_ambiguous_stems[stem]
    return None


@functools.lru_cache(maxsize=8)
def _run_together_re(data: RuleData) -> re.Pattern[str]:
    def alternation(words: Iterable[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))

    stems = alternation([*data.party_stems, *data.party_ambiguous_stems])
    return re.compile(
        rf"(?P<prefix>{alternation(data.hashtag_prefix_words)})?(?P<stem>{stems})"
        rf"(?P<tail>{alternation(data.hashtag_campaign_words)})?$"
    )


def _without_overlaps(hits: list[PartyHit]) -> list[PartyHit]:
    kept: list[PartyHit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept
