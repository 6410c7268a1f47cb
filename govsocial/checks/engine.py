"""`check(draft, context) -> Report`: run every rule over one draft."""

from __future__ import annotations

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
)
from govsocial.checks.registry import CHECKERS, RULES, Inspection, Rule
from govsocial.checks.rules.account import inbound_channel_findings


class UnknownPlatformError(ValueError):
    """The draft names a platform the limits data does not know."""


def check(draft: Draft, context: CheckContext) -> Report:
    """Check one draft against every rule; the report's verdict is the most severe finding."""
    name = draft.platform.strip().lower()
    platform = context.data.platforms.get(context.data.platform_aliases.get(name, name))
    if platform is None:
        known = ", ".join(sorted(context.data.platforms))
        raise UnknownPlatformError(f"unknown platform {draft.platform!r}; use one of: {known}")
    instance_limit = context.instance_limit if platform.url_length is not None else None
    length = measure(draft.text, platform, instance_limit=instance_limit)
    inspection = Inspection(draft=draft, context=context, platform=platform, length=length)
    findings: list[Finding] = []
    for run in CHECKERS:
        findings.extend(run(inspection))
    findings.sort(key=lambda f: (-f.severity, f.start if f.start is not None else -1, f.rule))
    return Report(findings=tuple(findings), length=length)


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
