"""Helpers shared by the checks tests: build drafts and contexts the way the docs write them."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from govsocial.checks import CheckContext, Report, check, check_inbound_channel, load_rule_data
from govsocial.checks.data import parse_period
from govsocial.checks.drafts import account_from_dict, draft_from_dict

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def context_from(spec: dict[str, Any] | None = None) -> CheckContext:
    spec = spec or {}
    periods = spec.get("periods")
    accounts = spec.get("accounts")
    return CheckContext(
        now=spec.get("now", NOW),
        data=load_rule_data(),
        election_periods=tuple(parse_period(p) for p in periods) if periods is not None else None,
        accounts=(
            {a["handle"]: account_from_dict(dict(a), i) for i, a in enumerate(accounts)}
            if accounts is not None
            else None
        ),
    )


def run(example: dict[str, Any]) -> Report:
    """Check a documentation-style example: a JSON draft, maybe with a "context" key."""
    example = copy.deepcopy(example)
    if "inbound_channel" in example:
        return check_inbound_channel(account_from_dict(example["inbound_channel"], 0))
    context = context_from(example.pop("context", None))
    return check(draft_from_dict(example), context)


def rules_fired(example: dict[str, Any]) -> set[str]:
    return {finding.rule for finding in run(example).findings}


def text(value: str, **fields: Any) -> dict[str, Any]:
    """A draft with a campaign code, so propriety.no-campaign-code stays out of the way."""
    return {"text": value, "campaign_code": "C-1", **fields}
