"""The checks engine: a pure library (no Django) that checks a draft before it is published.

from govsocial.checks import Draft, Media, check, make_context
report = check(Draft(text="...", platform="x"), make_context())
report.verdict, report.findings, report.to_dict()
"""

from govsocial.checks.data import ConfigError, RuleData, load_rule_data
from govsocial.checks.engine import (
    UnknownPlatformError,
    check,
    check_inbound_channel,
    list_rules,
    make_context,
)
from govsocial.checks.model import (
    AccountRecord,
    CheckContext,
    Draft,
    ElectionPeriod,
    Finding,
    Length,
    LinkedPage,
    Media,
    ParliamentaryReference,
    Report,
    Severity,
)
from govsocial.checks.registry import RULES, Rule

__all__ = [
    "RULES",
    "AccountRecord",
    "CheckContext",
    "ConfigError",
    "Draft",
    "ElectionPeriod",
    "Finding",
    "Length",
    "LinkedPage",
    "Media",
    "ParliamentaryReference",
    "Report",
    "Rule",
    "RuleData",
    "Severity",
    "UnknownPlatformError",
    "check",
    "check_inbound_channel",
    "list_rules",
    "load_rule_data",
    "make_context",
]
