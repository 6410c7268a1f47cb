"""The rule registry: every rule's stable id, severity and source, and the functions that run them.

A checker is a function `Inspection -> Iterable[Finding]`, registered with `@checker`:

    @checker                                   # the post only, on every draft
    @checker(fields=SHOWN_TEXTS)               # the post, title, alt texts, captions, poll options
    @checker(when=Trigger.DIGIT | Trigger.AT)  # only when the text has a digit or an "@"
    @checker(when=Trigger.URL, words=LINK_WORDS)  # ... a URL, or one of these lower-case words
    @checker(words=lambda data: data.attack_re.key_words)  # words from the rule data

`fields` names the kinds of shown text the checker runs on (see `Draft.shown_texts`); it runs
once per such text, with `inspection.text` and `inspection.facts` about that text (so a
checker reading more than the post reads `inspection.text`, never `draft.text`). `when` and
`words` declare what must be in the text for the checker to find anything: the engine skips
it when the text has none of them (`words` are the lower-cased word tokens of the whole text). They
are promises, not filters: `check(..., fast=False)` runs every checker regardless, and
tests/checks/test_fast_path.py holds the two paths to the same findings. A checker that
reads draft-wide fields (media, account, quote_of) runs on the post and declares no trigger.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, overload

from govsocial.checks.data import PlatformLimits, RuleData, normalise_handle
from govsocial.checks.lazy import computed_once
from govsocial.checks.model import (
    POST_FIELD,
    AccountRecord,
    CheckContext,
    Draft,
    FieldKind,
    Finding,
    Length,
    Severity,
    ShownText,
)
from govsocial.checks.text import TextFacts, Trigger

POST_ONLY = frozenset({FieldKind.POST})
SHOWN_TEXTS = frozenset(FieldKind)


@dataclass(frozen=True)
class Rule:
    """A rule as documented: `govsocial check --list-rules` prints these."""

    id: str
    severity: Severity
    source: str
    title: str
    number: int  # the rule's number in domain-rules.md section (a)

    def finding(
        self,
        message: str,
        start: int | None = None,
        end: int | None = None,
        *,
        severity: Severity | None = None,
    ) -> Finding:
        # The frozen dataclass's __init__ sets each field through object.__setattr__; filling
        # the new instance's __dict__ at once gives the same Finding in a third of the time
        # (rules make one or two a draft). Finding's defaults: field is the post.
        finding = object.__new__(Finding)
        finding.__dict__.update(
            rule=self.id,
            severity=severity or self.severity,
            message=message,
            source=self.source,
            start=start,
            end=end,
            field=POST_FIELD,
        )
        return finding


class Inspection:
    """One shown text of a draft under check, with the facts rules share, computed lazily.

    `shown` is the text being checked (the post unless a checker asked for more fields);
    `text` and `facts` are about it. Draft-wide questions (media, account, schedule) belong
    to checkers that run on the post only: `is_post` is true there.
    """

    def __init__(
        self,
        draft: Draft,
        context: CheckContext,
        platform: PlatformLimits,
        length: Length,
        shown: ShownText | None = None,
    ) -> None:
        # A plain class, not a dataclass: the engine makes one per shown text of every draft.
        self.draft, self.context, self.platform, self.length = draft, context, platform, length
        self.shown = shown if shown is not None else draft.shown_texts()[0]
        self.facts = TextFacts(self.shown.text)
        self.is_post = self.shown.kind is FieldKind.POST

    @property
    def text(self) -> str:
        return self.facts.text

    @computed_once
    def publish_at(self) -> datetime:
        """When the post goes out: its scheduled time, or now."""
        return self.draft.scheduled_at or self.context.now

    @computed_once
    def account(self) -> AccountRecord | None:
        """The draft's account in the official register, if the register was supplied."""
        accounts, handle = self.context.accounts, self.draft.account
        if accounts is None or handle is None:
            return None
        wanted = normalise_handle(handle)
        for key, record in accounts.items():
            if normalise_handle(key) == wanted:
                return record
        return None


CheckFunction = Callable[[Inspection], Iterable[Finding]]
TriggerWords = Iterable[str] | Callable[[RuleData], Iterable[str]]


@dataclass(frozen=True)
class Checker:
    """A registered check function with what it declares: the fields it reads, its triggers."""

    run: CheckFunction
    fields: frozenset[FieldKind] = POST_ONLY
    when: Trigger = Trigger.ALWAYS
    words: frozenset[str] | Callable[[RuleData], Iterable[str]] | None = None

    def word_set(self, data: RuleData) -> frozenset[str] | None:
        if self.words is None or isinstance(self.words, frozenset):
            return self.words
        return frozenset(w.lower() for w in self.words(data))


class Compiled(NamedTuple):
    """A checker ready to run against one rule data set: its word triggers resolved, its
    trigger bits a plain int (the engine tests them for every checker and text)."""

    run: CheckFunction
    when: int
    words: frozenset[str] | None
    always: bool

    def may_find(self, facts: TextFacts) -> bool:
        """False when the text has none of the triggers the checker declared."""
        if self.when & facts.triggers:
            return True
        return self.words is not None and not self.words.isdisjoint(facts.words)


RULES: dict[str, Rule] = {}
CHECKERS: list[Checker] = []


def define(rule_id: str, severity: Severity, *, source: str, title: str, number: int) -> Rule:
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} is defined twice")
    rule = Rule(rule_id, severity, source, title, number)
    RULES[rule_id] = rule
    return rule


@overload
def checker(function: CheckFunction, /) -> CheckFunction: ...
@overload
def checker(
    *,
    fields: frozenset[FieldKind] = POST_ONLY,
    when: Trigger = Trigger.ALWAYS,
    words: TriggerWords | None = None,
) -> Callable[[CheckFunction], CheckFunction]: ...
def checker(
    function: CheckFunction | None = None,
    /,
    *,
    fields: frozenset[FieldKind] = POST_ONLY,
    when: Trigger = Trigger.ALWAYS,
    words: TriggerWords | None = None,
) -> CheckFunction | Callable[[CheckFunction], CheckFunction]:
    """Register a check function: bare for the post on every draft, or with its declarations."""

    def register(run: CheckFunction) -> CheckFunction:
        CHECKERS.append(
            Checker(
                run,
                fields=frozenset(fields),
                when=when,
                words=_declared_words(words),
            )
        )
        return run

    return register(function) if function is not None else register


def draft_triggers(draft: Draft, context: CheckContext) -> int:
    """The Trigger bits for what the draft carries besides its text, as a plain int."""
    found = 0
    if draft.media:
        found |= MEDIA_BIT
    if draft.in_reply_to:
        found |= REPLY_BIT
    if draft.quote_of or draft.repost_of or draft.quoted_text or draft.comments or draft.links:
        found |= SHARES_BIT
    if draft.tags:
        found |= TAGS_BIT
    if context.accounts is not None:
        found |= REGISTER_BIT
    if draft.automated:
        found |= AUTOMATED_BIT
    if draft.paid_partnership:
        found |= PAID_BIT
    return found


# Plain ints: `int | Trigger` is a call into the enum module, `int | int` is not.
MEDIA_BIT, REPLY_BIT, SHARES_BIT, TAGS_BIT = (
    int(Trigger.MEDIA),
    int(Trigger.REPLY),
    int(Trigger.SHARES),
    int(Trigger.TAGS),
)
REGISTER_BIT, AUTOMATED_BIT, PAID_BIT = (
    int(Trigger.REGISTER),
    int(Trigger.AUTOMATED),
    int(Trigger.PAID),
)


def _declared_words(
    words: TriggerWords | None,
) -> frozenset[str] | Callable[[RuleData], Iterable[str]] | None:
    if words is None or callable(words):
        return words
    return frozenset(w.lower() for w in words)


def compiled(kind: FieldKind, data: RuleData) -> tuple[Compiled, ...]:
    """The checkers that read `kind`, in registration order, with their triggers resolved
    against `data`: built once per kind and rule data set, then shared by every check."""
    return _compiled(kind, data, len(CHECKERS))


def runnable(
    kind: FieldKind, data: RuleData, triggers: int, words: frozenset[str]
) -> tuple[CheckFunction, ...]:
    """The checkers of `compiled(kind, data)` that may find something in a text with these
    trigger bits and these lower-case words, in registration order.

    Only the words some checker declares matter, and texts share a few patterns of trigger
    bits and such words: the answer is worked out once for each pattern, so that a skipped
    checker costs nothing and the engine makes no test per checker."""
    return _rule_set(kind, data, len(CHECKERS)).runnable(triggers, words)


class RuleSet:
    """The compiled checkers for one kind of text and one rule data set, with the runnable
    ones remembered for each pattern of triggers and trigger words seen.

    A pattern is the text's trigger bits and a bit per checker one of whose words the text
    has: texts share few such patterns, however varied their words."""

    REMEMBERED = 4096  # patterns kept; a text with a new one empties the memory when full

    def __init__(self, checkers: tuple[Compiled, ...]) -> None:
        self.checkers = checkers
        self.word_bits: dict[str, int] = {}
        for index, checker in enumerate(checkers):
            for word in checker.words or ():
                self.word_bits[word] = self.word_bits.get(word, 0) | 1 << index
        self.trigger_words = frozenset(self.word_bits)
        self.memory: dict[tuple[int, int], tuple[CheckFunction, ...]] = {}

    def runnable(self, triggers: int, words: frozenset[str]) -> tuple[CheckFunction, ...]:
        wanted = 0
        for word in self.trigger_words.intersection(words):
            wanted |= self.word_bits[word]
        key = (triggers, wanted)
        found = self.memory.get(key)
        if found is None:
            if len(self.memory) >= self.REMEMBERED:
                self.memory.clear()
            found = self.memory[key] = self._select(triggers, wanted)
        return found

    def _select(self, triggers: int, wanted: int) -> tuple[CheckFunction, ...]:
        return tuple(
            checker.run
            for index, checker in enumerate(self.checkers)
            if checker.always or checker.when & triggers or wanted >> index & 1
        )


@functools.lru_cache(maxsize=64)
def _rule_set(kind: FieldKind, data: RuleData, registered: int) -> RuleSet:
    return RuleSet(_compiled(kind, data, registered))


@functools.lru_cache(maxsize=64)
def _compiled(kind: FieldKind, data: RuleData, registered: int) -> tuple[Compiled, ...]:
    # `registered` is part of the key so that a checker registered later makes a new set.
    rule_set = []
    for c in CHECKERS[:registered]:
        if kind in c.fields:
            words = c.word_set(data)
            always = not c.when and words is None
            rule_set.append(Compiled(c.run, int(c.when), words, always))
    return tuple(rule_set)
