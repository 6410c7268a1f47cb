"""`check(draft, context) -> Report`: run every rule over one draft."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from govsocial.checks import rules as _rules  # noqa: F401  (registers every rule)
from govsocial.checks.data import load_rule_data
from govsocial.checks.length import measure
from govsocial.checks.model import (
    AccountRecord,
    CheckContext,
    Draft,
    ElectionPeriod,
    Finding,
    Report,
    ShownText,
)
from govsocial.checks.registry import (
    RULES,
    Inspection,
    Rule,
    compiled,
    draft_triggers,
    runnable,
)
from govsocial.checks.rules.account import inbound_channel_findings


class UnknownPlatformError(ValueError):
    """The draft names a platform the limits data does not know."""


def check(draft: Draft, context: CheckContext, *, fast: bool = True) -> Report:
    """Check every text of one draft the network will show against the rules that read it;
    the report's verdict is the most severe finding.

    `fast=False` runs every checker even when its declared triggers are absent: the
    reference the tests hold the fast path to.
    """
    name = draft.platform.strip().lower()
    platform = context.data.platforms.get(context.data.platform_aliases.get(name, name))
    if platform is None:
        known = ", ".join(sorted(context.data.platforms))
        raise UnknownPlatformError(f"unknown platform {draft.platform!r}; use one of: {known}")
    instance_limit = context.instance_limit if platform.url_length is not None else None
    length = measure(draft.text, platform, instance_limit=instance_limit)
    findings: list[Finding] = []
    carried = draft_triggers(draft, context)
    for shown in draft.shown_texts():
        inspection = Inspection(
            draft=draft, context=context, platform=platform, length=length, shown=shown
        )
        found: list[Finding] = []
        if fast:
            facts = inspection.facts
            triggers = facts.triggers | carried if inspection.is_post else facts.triggers
            for run in runnable(shown.kind, context.data, triggers, facts.words):
                found.extend(run(inspection))
        else:
            for checker in compiled(shown.kind, context.data):
                found.extend(checker.run(inspection))
        findings.extend(found if inspection.is_post else [_placed(f, shown) for f in found])
    findings.sort(key=_finding_order)
    return Report(findings=tuple(findings), length=length)


def _placed(finding: Finding, shown: ShownText) -> Finding:
    """A finding in a text other than the post, naming that text."""
    return dataclasses.replace(
        finding, field=shown.field, message=f"In {shown.label}: {finding.message}"
    )


def _finding_order(finding: Finding) -> tuple[int, bool, int, str]:
    # Most severe first; the post's findings before those in other fields, then by position.
    start = finding.start if finding.start is not None else -1
    return (-finding.severity, finding.field != "text", start, finding.rule)


def check_inbound_channel(record: AccountRecord) -> Report:
    """Rule 26: may this account's inbound channel be turned on? BLOCK without staffing or rules."""
    return Report(findings=tuple(inbound_channel_findings(record)), length=None)


def make_context(
    *,
    now: datetime | None = None,
    config_dir: str | Path | None = None,
    election_periods: tuple[ElectionPeriod, ...] | None = None,
    accounts: dict[str, AccountRecord] | None = None,
    instance_limit: int | None = None,
) -> CheckContext:
    """A context with the rule data loaded (once) from the packaged files or `config_dir`."""
    return CheckContext(
        now=now or datetime.now(UTC),
        data=load_rule_data(config_dir),
        election_periods=election_periods,
        accounts=accounts,
        instance_limit=instance_limit,
    )


def list_rules() -> list[Rule]:
    """Every rule, in domain-rules order."""
    return sorted(RULES.values(), key=lambda r: (r.number, r.id))
