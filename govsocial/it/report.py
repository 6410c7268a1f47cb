"""The risk, benefit and cost report: what a CIO takes to a risk review.

Built only from audit records (`AuditRecord`: actor_role, action, target, data), so it works
whatever each app stores, and counts only what happened in the period. Each section is a
`Series` (rows of label → number) that the page draws as an SVG chart with its table, and the
CSV and PDF list as rows. Action names follow `<entity>.<verb>`; the rules of what counts as
what are the constants below.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from statistics import median
from typing import Any

# The longest period one report covers: two years and a day, so a leap year fits.
MAX_REPORT_DAYS = 731

ROLE_LABELS = {
    "viewer": "Viewer",
    "author": "Author",
    "reviewer": "Reviewer",
    "publisher": "Publisher",
    "senior_approver": "Senior approver",
    "propriety_adviser": "Propriety adviser",
    "records_manager": "Records manager",
    "data_protection_officer": "Data protection officer",
    "foi_officer": "FOI officer",
    "account_admin": "Account admin",
    "it_admin": "IT admin",
}
PUBLISHED = {"delivery.published"}
REPLIES = {"inbound_item.reply"}
OVERRIDES = {"post.override_warning"}
MODERATION_PREFIX = "moderation."
BLOCKING_SEVERITIES = {"block", "blocked"}
ESCALATING_SEVERITIES = {"escalate", "escalated"}
# Incident kinds: an exact action, or a word anywhere in the action name.
INCIDENT_ACTIONS = {
    "post.break_glass": "Break-glass posts (published at once in a crisis)",
    "account.token_expiry_warning": "Network tokens about to expire",
    "account.token_expired": "Network tokens expired",
    "delivery.failed": "Posts that failed to publish",
    "delivery.unknown": "Posts whose outcome was unknown (checked before any retry)",
}
VERDICT_LABELS = {
    "pass": "Passed",
    "warn": "Warnings only",
    "escalate": "Escalated for senior or propriety approval",
    "block": "Blocked until changed",
}
INCIDENT_WORDS = {
    "duplicate": "Duplicate publishes caught",
    "outage": "Network outages",
    "platform_down": "Network outages",
    "circuit": "Network outages",
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
    action: str
    actor: str
    actor_id: int | None
    actor_role: str
    target_type: str
    data: Mapping[str, Any]


def _sorted_rows(
    counter: Mapping[str, float], notes: Mapping[str, str] | None = None
) -> tuple[Row, ...]:
    notes = notes or {}
    return tuple(
        Row(label, value, notes.get(label, ""))
        for label, value in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def _account_ids(data: Mapping[str, Any]) -> list[str]:
    ids: list[Any] = []
    for key in ("account_id", "account"):
        if data.get(key) not in (None, ""):
            ids.append(data[key])
    for key in ("account_ids", "accounts"):
        value = data.get(key)
        if isinstance(value, list):
            ids.extend(value)
    return [str(i) for i in ids if isinstance(i, int | str)]


def _findings(data: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """(rule, severity) pairs from data["findings"], whichever shape the writer used."""
    findings = data.get("findings")
    if not isinstance(findings, list):
        return
    for finding in findings:
        if isinstance(finding, str):
            yield finding, str(data.get("severity", "")).lower()
        elif isinstance(finding, Mapping) and finding.get("rule"):
            yield str(finding["rule"]), str(finding.get("severity", "")).lower()


def _week(moment: datetime) -> date:
    day = moment.date()
    return day - timedelta(days=day.weekday())


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
    by_role: Counter[str] = Counter()
    people_by_role: dict[str, set[int]] = defaultdict(set)
    by_account: Counter[str] = Counter()
    published: Counter[str] = Counter()
    weekly: Counter[date] = Counter()
    blocked: Counter[str] = Counter()
    escalated: Counter[str] = Counter()
    found: Counter[str] = Counter()
    moderation: Counter[str] = Counter()
    incidents: Counter[str] = Counter()
    volumes: Counter[str] = Counter()
    overrides: list[Override] = []
    overrides_by_rule: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    replies = 0
    response_hours: list[float] = []
    total = 0
    for record in records:
        total += 1
        action = record.action
        weekly[_week(record.created_at)] += 1
        area = action.split(".", 1)[0].replace("_", " ")
        volumes[area] += 1
        if record.actor_id is not None:
            role = ROLE_LABELS.get(record.actor_role, record.actor_role or "No role recorded")
            by_role[role] += 1
            people_by_role[role].add(record.actor_id)
        for account_id in _account_ids(record.data):
            by_account[account_names.get(account_id, f"Account {account_id}")] += 1
        if action in PUBLISHED:
            ids = _account_ids(record.data)
            name = account_names.get(ids[0], f"Account {ids[0]}") if ids else "Unknown account"
            published[name] += 1
        if action in REPLIES:
            replies += 1
            seconds = record.data.get("response_seconds")
            if isinstance(seconds, int | float):
                response_hours.append(seconds / 3600)
        verdict = record.data.get("verdict")
        if isinstance(verdict, str) and verdict and action.endswith((".create", ".edit")):
            verdicts[VERDICT_LABELS.get(verdict.lower(), verdict)] += 1
        for rule, severity in _findings(record.data):
            if severity in BLOCKING_SEVERITIES:
                blocked[rule] += 1
            elif severity in ESCALATING_SEVERITIES:
                escalated[rule] += 1
            else:
                found[rule] += 1
        if action in OVERRIDES:
            rule = str(record.data.get("rule", "")) or "unnamed rule"
            overrides_by_rule[rule] += 1
            overrides.append(
                Override(
                    when=record.created_at,
                    who=record.actor or "system",
                    rule=rule,
                    reason=str(record.data.get("reason", "")),
                )
            )
        if action.startswith(MODERATION_PREFIX):
            kind = action[len(MODERATION_PREFIX) :].replace("_", " ")
            reason = str(record.data.get("reason_code", "") or "no reason code")
            moderation[f"{kind}: {reason}"] += 1
        if action in INCIDENT_ACTIONS:
            incidents[INCIDENT_ACTIONS[action]] += 1
        else:
            for word, kind in INCIDENT_WORDS.items():
                if word in action:
                    incidents[kind] += 1
                    break
    people = {role: len(ids) for role, ids in people_by_role.items()}
    headline = [
        Row("Audit records", total),
        Row("People active", len({i for ids in people_by_role.values() for i in ids})),
        Row("Posts published", sum(published.values())),
        Row("Replies sent", replies),
        Row("Drafts and edits checked", sum(verdicts.values())),
        Row("Findings that blocked a post", sum(blocked.values())),
        Row("Findings escalated for approval", sum(escalated.values())),
        Row("Warnings overridden, with a reason", len(overrides)),
        Row("Moderation actions", sum(moderation.values())),
        Row("Incidents", sum(incidents.values())),
    ]
    notes = []
    if response_hours:
        middle = median(response_hours)
        headline.append(Row("Median reply time (hours)", round(middle, 1)))
        if response_target_hours:
            within = sum(1 for h in response_hours if h <= response_target_hours)
            headline.append(
                Row(f"Replies within the {response_target_hours:g}-hour target", within)
            )
    else:
        notes.append("Reply times appear once replies record how long the message waited.")
    weeks = []
    week = _week(datetime.combine(start, datetime.min.time()))
    while week <= end:
        weeks.append(Row(f"Week of {week:%d %b %Y}", weekly.get(week, 0)))
        week += timedelta(days=7)
    series: tuple[Series, ...] = (
        Series("activity", "Activity by week", "audit records", tuple(weeks)),
        Series(
            "roles",
            "Use by role",
            "actions",
            _sorted_rows(
                by_role,
                {r: f"{people[r]} {'person' if people[r] == 1 else 'people'}" for r in people},
            ),
        ),
        Series("accounts", "Use by official account", "actions", _sorted_rows(by_account)),
        Series("published", "Posts published, by account", "posts", _sorted_rows(published)),
        Series(
            "verdicts",
            "Checks on each draft and edit, by outcome",
            "versions",
            _sorted_rows(verdicts),
        ),
        Series(
            "blocked", "Findings that blocked a post, by rule", "findings", _sorted_rows(blocked)
        ),
        Series(
            "escalated",
            "Findings escalated for approval, by rule",
            "findings",
            _sorted_rows(escalated),
        ),
        Series(
            "overrides",
            "Warnings overridden, by rule",
            "overrides",
            _sorted_rows(overrides_by_rule),
        ),
        Series("moderation", "Moderation actions, by reason", "actions", _sorted_rows(moderation)),
        Series("incidents", "Incidents", "incidents", _sorted_rows(incidents)),
        Series("volumes", "Data volumes: records by area", "records", _sorted_rows(volumes)),
    )
    if found:
        series = (
            *series,
            Series(
                "warnings", "Other findings (warnings), by rule", "findings", _sorted_rows(found)
            ),
        )
    return RiskReport(
        organisation=organisation,
        start=start,
        end=end,
        headline=tuple(headline),
        series=series,
        overrides=tuple(sorted(overrides, key=lambda o: o.when)),
        generated_at=generated_at,
        notes=tuple(notes),
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
