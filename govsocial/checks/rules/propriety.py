"""Propriety and impartiality: rules 1 to 7 (Civil Service Code, GCS propriety, GCN checklist)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from govsocial.checks.data import RuleData, lower_words, normalise_handle
from govsocial.checks.model import Finding, Severity
from govsocial.checks.registry import SHOWN_TEXTS, Inspection, checker, define
from govsocial.checks.rules.party_cues import party_political_hits, party_words
from govsocial.checks.text import Span, Trigger, lowered

PARTY_POLITICAL = define(
    "propriety.party-political",
    Severity.BLOCK,
    source="GCN propriety checklist, Political [S11]; Civil Service Code [S8]",
    title="Party-political content on an official account",
    number=1,
)
PARTISAN_AMPLIFICATION = define(
    "propriety.partisan-amplification",
    Severity.BLOCK,
    source="GCN propriety checklist [S11]",
    title="Reposting, quoting or amplifying a party-political or partisan account",
    number=2,
)
MINISTER_VIEW = define(
    "propriety.minister-view",
    Severity.ESCALATE,
    source="GCN propriety checklist [S11]; ministers' social media guidance [S12, S13]",
    title="A minister's view is stated",
    number=3,
)
POLEMICAL_TONE = define(
    "propriety.polemical-tone",
    Severity.ESCALATE,
    source="GCS propriety guidance [S9]; GCN propriety checklist [S11]",
    title="Polemical tone aimed at a named organisation, person or group",
    number=4,
)
POLICY_BEFORE_PARLIAMENT = define(
    "propriety.policy-before-parliament",
    Severity.BLOCK,
    source="GCS propriety FAQ, primacy of Parliament [S10]; GCN propriety checklist [S11]",
    title="New policy announced before Parliament",
    number=5,
)
NO_CAMPAIGN_CODE = define(
    "propriety.no-campaign-code",
    Severity.WARN,
    source="GCS propriety in digital and social media [S4, S9]",
    title="Not linked to a departmental responsibility or campaign code",
    number=6,
)
UNSOURCED_STATISTIC = define(
    "propriety.unsourced-statistic",
    Severity.ESCALATE,
    source="Civil Service Code, honesty and objectivity [S8]; GCS accuracy [S3, S4]",
    title="A statistic or factual claim with no source link",
    number=7,
)

URL_PREFIX_RE = re.compile(r"^(?:https?://)?(?:www\.)?")
CAPITALISED_RE = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*")
# A sentence may open with the organisation it attacks: "FairFuelUK is peddling myths",
# "Save Our Streets campaigners are ...". Its first capitalised run counts as a name when it
# has several words, a capital inside a word, or is an acronym.
NAME_AT_START_RE = re.compile(
    r"^(?:The\s+)?(?:[A-Z][\w’'-]*\s+(?:of\s+|the\s+)?[A-Z]|\w*[a-z][A-Z]|[A-Z]{2,}\b)"
)


PARTY_FIX = (
    "Official accounts must not carry party-political content: remove it, or describe the "
    "government's role without naming the party"
)


@checker(fields=SHOWN_TEXTS, when=Trigger.HASH, words=party_words)
def check_party_political(inspection: Inspection) -> Iterator[Finding]:
    subject = "The post" if inspection.is_post else "It"
    for hit in party_political_hits(inspection.text, inspection.context.data, inspection.facts):
        yield PARTY_POLITICAL.finding(
            f"{subject} contains {hit.what}. {PARTY_FIX}.", hit.start, hit.end
        )


@checker(when=Trigger.SHARES | Trigger.MEDIA)
def check_party_political_in_shared_content(inspection: Inspection) -> Iterator[Finding]:
    draft, data = inspection.draft, inspection.context.data
    elsewhere: list[tuple[str, str]] = []
    if draft.quoted_text:
        elsewhere.append(("the post you are quoting or reposting", draft.quoted_text))
    elsewhere.extend((f"comment {i} under the story", c) for i, c in enumerate(draft.comments, 1))
    elsewhere.extend((f"the linked page {page.url}", page.text) for page in draft.links)
    elsewhere.extend(
        (f"the words in {media.kind} {i}", media.text)
        for i, media in enumerate(draft.media, 1)
        if media.text
    )
    for where, text in elsewhere:
        hits = party_political_hits(text, data)
        if hits:
            what = "; ".join(sorted({h.what for h in hits}))
            yield PARTY_POLITICAL.finding(
                f"{where[0].upper()}{where[1:]} contains {what}. {PARTY_FIX}, or do not share it."
            )


@checker(when=Trigger.SHARES)
def check_partisan_shares(inspection: Inspection) -> Iterator[Finding]:
    draft, data = inspection.draft, inspection.context.data
    for verb, handle in (("quotes", draft.quote_of), ("reposts", draft.repost_of)):
        if handle and normalise_handle(handle) in data.partisan_accounts:
            tags = " and ".join(data.partisan_accounts[normalise_handle(handle)])
            yield PARTISAN_AMPLIFICATION.finding(
                f"The post {verb} {handle}, which the registry tags {tags}. Official accounts "
                "must not spread messages from party-political or partisan accounts: remove the "
                f"{'quote' if verb == 'quotes' else 'repost'}."
            )


@checker(when=Trigger.AT | Trigger.URL)
def check_partisan_amplification(inspection: Inspection) -> Iterator[Finding]:
    data = inspection.context.data
    for mention in inspection.facts.mentions:
        tags_found = data.partisan_accounts.get(normalise_handle(mention.text))
        if tags_found:
            yield PARTISAN_AMPLIFICATION.finding(
                f"@{mention.text} is tagged {' and '.join(tags_found)} in the registry. Mentioning "
                "it amplifies a partisan account: remove the mention.",
                mention.start,
                mention.end,
            )
    for url in inspection.facts.urls:
        host = party_host(url.text, data)
        if host is not None:
            yield PARTISAN_AMPLIFICATION.finding(
                f"The link goes to a party website ({host}). Official accounts must not send "
                "readers to party-political sites: link to GOV.UK or remove the link.",
                url.start,
                url.end,
            )


@functools.lru_cache(maxsize=4096)  # the same links recur from post to post
def party_host(url: str, data: RuleData) -> str | None:
    """The URL's host when it is a party's website (or under one), else None."""
    host = URL_PREFIX_RE.sub("", url.lower()).split("/")[0]
    if any(host == d or host.endswith("." + d) for d in data.party_domains):
        return host
    return None


def minister_words(data: RuleData) -> frozenset[str]:
    return data.minister_re.key_words | data.politician_re.key_words


@checker(fields=SHOWN_TEXTS, words=minister_words)
def check_minister_view(inspection: Inspection) -> Iterator[Finding]:
    data, facts = inspection.context.data, inspection.facts
    text = facts.prose
    if not (data.minister_re.search(text) or data.politician_re.search(text)):
        return
    for sentence in facts.sentences:
        who = data.minister_re.search(sentence.text) or data.politician_re.search(sentence.text)
        if not who:
            continue
        quoted = any(q in sentence.text for q in ('"', "“", "”", "‘"))
        if quoted or data.view_verb_re.search(sentence.text):
            name = who.group(0)
            if name.lower() in data.minister_titles_set:
                name = "the " + name
            yield MINISTER_VIEW.finding(
                f"This states the view of {name}. A minister's view may appear only when "
                "it is about government or departmental business, never a party role: a senior "
                "approver must confirm that before it is published.",
                sentence.start,
                sentence.end,
            )


def _named_target(sentence: Span, inspection: Inspection) -> str | None:
    data, text = inspection.context.data, sentence.text
    for pattern in (data.politician_re, data.party_name_re, data.minister_re):
        found = pattern.search(text)
        if found:
            return found.group(0)
    for mention in inspection.facts.mentions:
        if sentence.start <= mention.start < sentence.end:
            return "@" + mention.text
    group = data.interest_group_re.search(text)
    if group:
        return group.group(0)
    for word in CAPITALISED_RE.finditer(text):
        if word.group(0) in ("I", "I'm", "I’m"):
            continue
        if word.start() == 0 and not NAME_AT_START_RE.match(text):
            continue
        return word.group(0)
    return None


@checker(fields=SHOWN_TEXTS, words=lambda data: data.attack_re.key_words)
def check_polemical_tone(inspection: Inspection) -> Iterator[Finding]:
    data, facts = inspection.context.data, inspection.facts
    if not data.attack_re.search(facts.prose):
        return
    for sentence in facts.sentences:
        attack = data.attack_re.search(sentence.text)
        if not attack or data.scam_cue_re.search(sentence.text):
            continue
        target = _named_target(sentence, inspection)
        if target:
            yield POLEMICAL_TONE.finding(
                f'"{attack.group(0)}" next to {target} reads as an attack. Government '
                "communication must be objective and explanatory, not polemical: state the facts "
                "neutrally. The engine cannot judge tone reliably, so a senior approver must check.",
                sentence.start + attack.start(),
                sentence.start + attack.end(),
            )


@checker(when=Trigger.TAGS)
def check_policy_before_parliament(inspection: Inspection) -> Iterator[Finding]:
    draft = inspection.draft
    if "new_policy_announcement" not in draft.tags:
        return
    reference = draft.parliamentary_reference
    if reference is None or not reference.reference.strip():
        yield POLICY_BEFORE_PARLIAMENT.finding(
            "This is tagged new_policy_announcement but has no parliamentary reference. Parliament "
            "must hear new policy first: add the Written Statement or PQ answer it follows."
        )
        return
    publish_at = inspection.publish_at
    if reference.published_at is not None and publish_at < reference.published_at:
        yield POLICY_BEFORE_PARLIAMENT.finding(
            f"This would go out at {publish_at:%d %B %Y %H:%M %Z}, before {reference.reference} "
            f"at {reference.published_at:%d %B %Y %H:%M %Z}. Schedule it for after that time."
        )
    if reference.recess and not (reference.select_committee_copied and reference.library_deposited):
        missing = [
            step
            for step, done in (
                (
                    "copy the press notice to the select committee chair",
                    reference.select_committee_copied,
                ),
                ("place it in the Library of the House", reference.library_deposited),
            )
            if not done
        ]
        yield POLICY_BEFORE_PARLIAMENT.finding(
            "Parliament is in recess, so before announcing you must "
            + " and ".join(missing)
            + ", then record that on the reference."
        )


@checker
def check_campaign_code(inspection: Inspection) -> Iterator[Finding]:
    draft = inspection.draft
    if draft.campaign_code or draft.responsibility:
        return
    yield NO_CAMPAIGN_CODE.finding(
        "The post is not linked to a departmental responsibility or campaign code. Add one, so "
        "it is clear the post is a justifiable use of public funds."
    )


# Matched against the lower-cased prose (case-sensitive patterns are much faster in `re`).
STATISTIC_PATTERN = (
    r"(?:£|\$|€)\s?\d[\d,.]*\s?(?:million|billion|trillion|bn|m|k)\b"
    r"|\d[\d,.]*\s?(?:%|per\s?cent|percent)"
    r"|\b\d[\d,.]*\s(?:million|billion|trillion)\b"
    r"|(?<![£$€])\b\d{1,3}(?:,\d{3})+(?!\d)(?![,.]\d)"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:in|out\s+of)\s+"
    r"(?:every\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b"
    # A share in words: "three quarters of our parks", "a third of drivers", "half of all
    # homes"; not a measure ("three quarters of an hour", "a third of the way").
    r"|\b(?:a|one|two|three|four|nine)\s+(?:thirds?|quarters?|fifths?|tenths?)\s+of\s+"
    r"(?!an?\s|the\s+(?:way|time|year|month|week|day)\b|hours?\b|miles?\b|minutes?\b)"
    r"|\b(?:half\s+of\s+all|(?:more\s+than|over|almost|nearly|around|about)\s+half\s+of)\b"
    r"|\b(?:doubled|tripled|trebled|halved|quadrupled)\b"
    r"|\brecord\s+(?:high|low|number|levels?|year|numbers)\b"
    r"|\b(?:largest|biggest|highest|lowest|fastest|greatest|most|fewest|best|worst)\s+"
    r"(?:ever|on\s+record|since\s+(?:records|\d{4}))\b"
    r"|\b(?:uk|britain|england|scotland|wales|europe|world|country|nation)['’]s\s+"
    r"(?:largest|biggest|highest|lowest|fastest|first|best|most|only)\b"
    r"|\b(?:rose|fell|risen|fallen|increased|decreased|grew|dropped|went\s+up|went\s+down|up|down)"
    r"\s+(?:by\s+(?:£|\$)?\d[\d,.]*(?:\s?(?:%|per\s?cent|percent|points?|million|billion)\b)?"
    r"|(?:£|\$)?\d[\d,.]*\s?(?:points?|million|billion)\b)"
)
# Every alternative starts at a currency sign, a digit or the start of a word: saying so up
# front lets `re` pass over the rest of each word quickly.
STATISTIC_START = r"(?=[£$€\d]|\b[a-z])"
STATISTIC_RE = re.compile(f"{STATISTIC_START}(?:{STATISTIC_PATTERN})")
STATISTIC_ANY_CASE_RE = re.compile(f"{STATISTIC_START}(?:{STATISTIC_PATTERN})", re.IGNORECASE)
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
SHARE_WORDS = (
    "half",
    "third",
    "thirds",
    "quarter",
    "quarters",
    "fifth",
    "fifths",
    "tenth",
    "tenths",
)
STATISTIC_WORDS = frozenset(
    {"doubled", "tripled", "trebled", "halved", "quadrupled", "record", "ever", "since", "s"}
).union(NUMBER_WORDS, SHARE_WORDS)
# Each alternative of STATISTIC_PATTERN needs one of these in the lower-cased text (a
# currency or per cent sign, "per cent", "million", "doubled", "ever", "'s", "by", "points"...),
# or a number with a thousands comma, "in (every) two", "out of ten" or "quarters of": tested first, with `in`, because
# most texts have none and the full pattern is slow.
STATISTIC_HINTS = (
    "£", "$", "€", "%", "per", "illion", "doubled", "tripled", "trebled", "halved",
    "quadrupled", "record", "ever", "since", "'s", "’s", "by", "point",
)  # fmt: skip
# Three patterns, not one alternation: each then starts at a digit, "in"/"out" or a fraction
# word, which `re` jumps to.
STATISTIC_THOUSANDS_HINT_RE = re.compile(r"\d,\d")
STATISTIC_IN_EVERY_HINT_RE = re.compile(
    r"(?:in|out\s+of)\s+(?:every\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d)"
    r"|(?:third|quarter|fifth|tenth|half)s?\s+of\b"
)


def _may_hold_statistic(folded: str) -> bool:
    return (
        any(hint in folded for hint in STATISTIC_HINTS)
        or STATISTIC_THOUSANDS_HINT_RE.search(folded) is not None
        or STATISTIC_IN_EVERY_HINT_RE.search(folded) is not None
    )


DIGIT_RE = re.compile(r"\d")
SOURCE_WORDS = frozenset({"source", "sources"})
SOURCE_CITED_RE = re.compile(r"\b(?:[Ss]ources?|SOURCE)\s*:|\(\s*[Ss]ource\b")
# The "0" first, then the word boundary before it looked behind: `re` jumps from 0 to 0.
PHONE_LIKE_RE = re.compile(r"0(?<!\w0)\d{2,4}[ -]?\d{3}[ -]?\d{3,4}\b")


@checker(when=Trigger.DIGIT, words=STATISTIC_WORDS)
def check_unsourced_statistic(inspection: Inspection) -> Iterator[Finding]:
    facts = inspection.facts
    if facts.urls or inspection.draft.links:
        return
    if not SOURCE_WORDS.isdisjoint(facts.words) and SOURCE_CITED_RE.search(facts.text):
        return
    prose = facts.prose
    if not DIGIT_RE.search(prose) and lower_words(prose).isdisjoint(STATISTIC_WORDS):
        return
    prose = PHONE_LIKE_RE.sub(lambda m: " " * len(m.group(0)), prose)
    folded = lowered(prose)
    if folded is not None and not _may_hold_statistic(folded):
        return
    found = STATISTIC_RE.search(folded) if folded else STATISTIC_ANY_CASE_RE.search(prose)
    if found:
        yield UNSOURCED_STATISTIC.finding(
            f'"{found.group(0).strip()}" is a statistic or factual claim with no source. Add a '
            "link to where the figure is published (for example the GOV.UK statistics release).",
            found.start(),
            found.start() + len(found.group(0).rstrip()),
        )
