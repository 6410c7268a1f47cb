"""The risk, benefit and cost report: what a CIO takes to a risk review.

Built only from audit records (`AuditRecord`: actor_role, action, target, data), so it counts
only what happened in the period. Each section is a `Series` (rows of label → number) that the
page draws as an SVG chart with its table, and the CSV and PDF list as rows. Actions are the
members of the audit vocabulary (records/events/); what each one carries in `data` is what its
catalogue entry lists, and the incidents are the actions the catalogue marks as incidents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from statistics import median
from typing import Any

from govsocial.accounts.roles import Role
from govsocial.checks import Severity
from govsocial.records.events import AuditAction, incident_actions

# The longest period one report covers: two years and a day, so a leap year fits.
MAX_REPORT_DAYS = 731

# The actions that store a checked version: their data holds its verdict and findings.
CHECKED_VERSIONS = (AuditAction.POST_CREATE, AuditAction.POST_EDIT, AuditAction.REPLY_CREATE)
MODERATION = (
    AuditAction.MODERATION_HIDE,
    AuditAction.MODERATION_DELETE,
    AuditAction.MODERATION_BLOCK,
    AuditAction.MODERATION_APPEAL,
    AuditAction.MODERATION_RESTORE,
    AuditAction.MODERATION_APPEAL_REFUSED,
)
FINDINGS_SECTIONS = {
    Severity.BLOCK: ("blocked", "Findings that blocked a post, by rule"),
    Severity.ESCALATE: ("escalated", "Findings escalated for approval, by rule"),
    Severity.WARN: ("warnings", "Other findings (warnings), by rule"),
}
VERDICT_LABELS = {
    Severity.PASS.label: "Passed",
    Severity.WARN.label: "Warnings only",
    Severity.ESCALATE.label: "Escalated for senior or propriety approval",
    Severity.BLOCK.label: "Blocked until changed",
}


@dataclass(frozen=True)
class Row:
    label: str
    value: float
    note: str = ""


@dataclass(frozen=True)
class Series:
    key: str
    title: str
    unit: str  # what each number counts, for the table header and the chart's description
    rows: tuple[Row, ...]
    empty: str = "Nothing recorded in this period."

    @property
    def total(self) -> float:
        return sum(r.value for r in self.rows)


@dataclass(frozen=True)
class Override:
    when: datetime
    who: str
    rule: str
    reason: str


@dataclass(frozen=True)
class RiskReport:
    organisation: str
    start: date
    end: date  # inclusive
    headline: tuple[Row, ...]
    series: tuple[Series, ...]
    overrides: tuple[Override, ...]
    generated_at: datetime
    notes: tuple[str, ...] = field(default_factory=tuple)

    def section(self, key: str) -> Series:
        return next(s for s in self.series if s.key == key)


@dataclass(frozen=True)
class Record:
    """The parts of an AuditRecord the report reads (so the summary needs no database)."""

    created_at: datetime
    action: str  # an AuditAction's value
    actor: str
    actor_id: int | None
    actor_role: str
    target_type: str
    data: Mapping[str, Any]


def summarise(
    records: Iterable[Record],
    *,
    organisation: str,
    start: date,
    end: date,
    account_names: Mapping[str, str],
    response_target_hours: float | None = None,
    generated_at: datetime,
) -> RiskReport:
    """Turns one organisation's audit records for [start, end] into the report's sections."""
    records = tuple(records)
    series = _sections(records, start=start, end=end, account_names=account_names)
    hours = _reply_hours(records)
    return RiskReport(
        organisation=organisation,
        start=start,
        end=end,
        headline=_headline(records, series, hours, response_target_hours),
        series=series,
        overrides=_overrides(records),
        generated_at=generated_at,
        notes=() if hours else ("No reply in this period recorded how long its message waited.",),
    )


def _sections(
    records: Sequence[Record], *, start: date, end: date, account_names: Mapping[str, str]
) -> tuple[Series, ...]:
    """The report's sections in page order; other warnings only when there are some."""
    sections = [
        _activity_by_week(records, start=start, end=end),
        _use_by_role(records),
        _use_by_account(records, account_names),
        _published_by_account(records, account_names),
        _check_verdicts(records),
        _findings_by_rule(records, Severity.BLOCK),
        _findings_by_rule(records, Severity.ESCALATE),
        _overrides_by_rule(records),
        _moderation_by_reason(records),
        _incidents(records),
        _volumes_by_area(records),
    ]
    warnings = _findings_by_rule(records, Severity.WARN)
    return (*sections, warnings) if warnings.rows else tuple(sections)


def _headline(
    records: Sequence[Record],
    series: Sequence[Series],
    reply_hours: Sequence[float],
    response_target_hours: float | None,
) -> tuple[Row, ...]:
    total = {s.key: s.total for s in series}
    rows = [
        Row("Audit records", len(records)),
        Row("People active", len({r.actor_id for r in records if r.actor_id is not None})),
        Row("Posts published", total["published"]),
        Row("Replies sent", _count(records, AuditAction.INBOUND_ITEM_REPLY)),
        Row("Drafts and edits checked", total["verdicts"]),
        Row("Findings that blocked a post", total["blocked"]),
        Row("Findings escalated for approval", total["escalated"]),
        Row("Warnings overridden, with a reason", total["overrides"]),
        Row("Moderation actions", total["moderation"]),
        Row("Incidents", total["incidents"]),
    ]
    return (*rows, *_reply_time_rows(reply_hours, response_target_hours))


def _reply_time_rows(hours: Sequence[float], target_hours: float | None) -> list[Row]:
    if not hours:
        return []
    rows = [Row("Median reply time (hours)", round(median(hours), 1))]
    if target_hours:
        within = sum(1 for h in hours if h <= target_hours)
        rows.append(Row(f"Replies within the {target_hours:g}-hour target", within))
    return rows


def _reply_hours(records: Sequence[Record]) -> list[float]:
    """How long each replied-to message waited, in hours."""
    waits = (
        r.data.get("response_seconds")
        for r in records
        if r.action == AuditAction.INBOUND_ITEM_REPLY
    )
    return [seconds / 3600 for seconds in waits if isinstance(seconds, int | float)]


def _count(records: Sequence[Record], action: AuditAction) -> int:
    return sum(1 for r in records if r.action == action)


def _activity_by_week(records: Sequence[Record], *, start: date, end: date) -> Series:
    weekly = Counter(_week(r.created_at.date()) for r in records)
    weeks = []
    week = _week(start)
    while week <= end:
        weeks.append(Row(f"Week of {week:%d %b %Y}", weekly[week]))
        week += timedelta(days=7)
    return Series("activity", "Activity by week", "audit records", tuple(weeks))


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _use_by_role(records: Sequence[Record]) -> Series:
    """What people did, by the role they acted in; the worker's own moves have no person."""
    actions: Counter[str] = Counter()
    people: dict[str, set[int]] = {}
    for record in records:
        if record.actor_id is not None:
            role = _role_label(record.actor_role)
            actions[role] += 1
            people.setdefault(role, set()).add(record.actor_id)
    notes = {role: _people(len(ids)) for role, ids in people.items()}
    return Series("roles", "Use by role", "actions", _sorted_rows(actions, notes))


def _role_label(role: str) -> str:
    if role in Role.values:
        return str(Role(role).label)
    return role or "No role recorded"


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def _use_by_account(records: Sequence[Record], account_names: Mapping[str, str]) -> Series:
    accounts = Counter(
        _account_label(r, account_names) for r in records if r.data.get("account_id")
    )
    return Series("accounts", "Use by official account", "actions", _sorted_rows(accounts))


def _published_by_account(records: Sequence[Record], account_names: Mapping[str, str]) -> Series:
    published = Counter(
        _account_label(r, account_names)
        for r in records
        if r.action == AuditAction.DELIVERY_PUBLISHED
    )
    return Series("published", "Posts published, by account", "posts", _sorted_rows(published))


def _account_label(record: Record, account_names: Mapping[str, str]) -> str:
    account_id = record.data.get("account_id")
    if not account_id:
        return "Unknown account"
    return account_names.get(str(account_id), f"Account {account_id}")


def _check_verdicts(records: Sequence[Record]) -> Series:
    verdicts = Counter(
        VERDICT_LABELS.get(verdict, verdict)
        for r in records
        if r.action in CHECKED_VERSIONS and (verdict := r.data.get("verdict"))
    )
    title = "Checks on each draft and edit, by outcome"
    return Series("verdicts", title, "versions", _sorted_rows(verdicts))


def _findings_by_rule(records: Sequence[Record], severity: Severity) -> Series:
    """The rules that found something of `severity` in a checked version, once per version."""
    rules = Counter(
        finding["rule"]
        for r in records
        if r.action in CHECKED_VERSIONS
        for finding in r.data.get("findings", ())
        if finding.get("severity") == severity.label
    )
    key, title = FINDINGS_SECTIONS[severity]
    return Series(key, title, "findings", _sorted_rows(rules))


def _overrides(records: Sequence[Record]) -> tuple[Override, ...]:
    """Every warning overridden, oldest first, with the reason its author typed."""
    return tuple(
        Override(
            when=r.created_at,
            who=r.actor or "system",
            rule=str(r.data.get("rule", "")),
            reason=str(r.data.get("reason", "")),
        )
        for r in sorted(records, key=lambda r: r.created_at)
        if r.action == AuditAction.POST_OVERRIDE_WARNING
    )


def _overrides_by_rule(records: Sequence[Record]) -> Series:
    rules = Counter(o.rule for o in _overrides(records))
    return Series("overrides", "Warnings overridden, by rule", "overrides", _sorted_rows(rules))


def _moderation_by_reason(records: Sequence[Record]) -> Series:
    """Removals and restores by their house-rules reason; appeals have none, so stand alone."""
    moderation = Counter(
        _moderation_label(AuditAction(r.action), r.data.get("reason_code", ""))
        for r in records
        if r.action in MODERATION
    )
    title = "Moderation actions, by reason"
    return Series("moderation", title, "actions", _sorted_rows(moderation))


def _moderation_label(action: AuditAction, reason_code: str) -> str:
    kind = action.value.removeprefix("moderation.").replace("_", " ")
    return f"{kind}: {reason_code}" if reason_code else kind


def _incidents(records: Sequence[Record]) -> Series:
    """The actions the audit vocabulary marks as incidents, by kind; kinds with none are left out."""
    counted = Counter(r.action for r in records)
    incidents: Counter[str] = Counter()
    for action, kind in incident_actions().items():
        if counted[action]:
            incidents[kind] += counted[action]
    return Series("incidents", "Incidents", "incidents", _sorted_rows(incidents))


def _volumes_by_area(records: Sequence[Record]) -> Series:
    """Records by the part of the product that wrote them (an action's `<area>.` prefix)."""
    areas = Counter(r.action.split(".", 1)[0].replace("_", " ") for r in records)
    title = "Data volumes: records by area"
    return Series("volumes", title, "records", _sorted_rows(areas))


def _sorted_rows(
    counter: Mapping[str, float], notes: Mapping[str, str] | None = None
) -> tuple[Row, ...]:
    """Biggest first, then by label."""
    notes = notes or {}
    return tuple(
        Row(label, value, notes.get(label, ""))
        for label, value in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def csv_rows(report: RiskReport) -> list[list[str]]:
    """One table: section, label, value, note; then every override: when, rule, who, reason."""
    rows = [
        ["organisation", report.organisation, "", ""],
        ["period", f"{report.start.isoformat()} to {report.end.isoformat()}", "", ""],
        ["section", "label", "value", "note"],
    ]
    rows += [["headline", r.label, _number(r.value), r.note] for r in report.headline]
    for series in report.series:
        rows += [[series.title, r.label, _number(r.value), r.note] for r in series.rows]
    rows.append(["override", "when (UTC)", "rule", "who", "reason"])
    rows += [
        ["override", o.when.astimezone(UTC).strftime("%Y-%m-%d %H:%M"), o.rule, o.who, o.reason]
        for o in report.overrides
    ]
    return rows


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def safe_csv_cell(value: str) -> str:
    """Stops spreadsheet formula injection from text people typed (an override reason)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
