"""The rule registry: every rule's stable id, severity and source, and the functions that run them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from govsocial.checks.data import PlatformLimits, normalise_handle
from govsocial.checks.model import AccountRecord, CheckContext, Draft, Finding, Length, Severity
from govsocial.checks.text import TextFacts


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
        return Finding(
            rule=self.id,
            severity=severity or self.severity,
            message=message,
            source=self.source,
            start=start,
            end=end,
        )


@dataclass
class Inspection:
    """One draft under check, with the shared facts rules compute lazily."""

    draft: Draft
    context: CheckContext
    platform: PlatformLimits
    length: Length
    facts: TextFacts = field(init=False)

    def __post_init__(self) -> None:
        self.facts = TextFacts(self.draft.text)

    @cached_property
    def publish_at(self) -> datetime:
        """When the post goes out: its scheduled time, or now."""
        return self.draft.scheduled_at or self.context.now

    @cached_property
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


Checker = Callable[[Inspection], Iterable[Finding]]
RULES: dict[str, Rule] = {}
CHECKERS: list[Checker] = []


def define(rule_id: str, severity: Severity, *, source: str, title: str, number: int) -> Rule:
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} is defined twice")
    rule = Rule(rule_id, severity, source, title, number)
    RULES[rule_id] = rule
    return rule


def checker(function: Checker) -> Checker:
    CHECKERS.append(function)
    return function
