"""The inbox's legal and SLA clocks, from each account's InboxSettings (analysis.clocks does the sums)."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from govsocial.analysis.clocks import (
    SlaStatus,
    SlaTarget,
    StaffedHours,
    StaffedPeriod,
    foi_due_date,
    sar_due_date,
    sla_due_at,
    sla_status,
)
from govsocial.inbox.models import InboxSettings

LONDON = ZoneInfo("Europe/London")
DEFAULT_HOURS = StaffedHours.weekdays()
DEFAULT_TARGET = SlaTarget.working_days(2)


def parse_weekdays(text: str) -> tuple[int, ...]:
    """ "0,1,2,3,4" → (0, 1, 2, 3, 4); a clear error names the bad part."""
    days: list[int] = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        if not part.isdigit() or not 0 <= int(part) <= 6:
            raise ValueError(
                f"staffed day {part!r} is not 0 (Monday) to 6 (Sunday); write e.g. 0,1,2,3,4"
            )
        days.append(int(part))
    if not days:
        raise ValueError("choose at least one staffed day, e.g. 0,1,2,3,4 for Monday to Friday")
    return tuple(sorted(set(days)))


@lru_cache(maxsize=256)
def _staffed_hours(
    weekdays: tuple[int, ...], opens: time, closes: time, timezone: str, bank_holidays: bool
) -> StaffedHours:
    return StaffedHours(
        periods=tuple(StaffedPeriod(weekday=d, opens=opens, closes=closes) for d in weekdays),
        timezone=timezone,
        staffed_on_bank_holidays=bank_holidays,
    )


def staffed_hours_for(settings: InboxSettings | None) -> StaffedHours:
    """The account's staffed hours; Monday to Friday 9am to 5pm (London) when none are set."""
    if settings is None:
        return DEFAULT_HOURS
    return _staffed_hours(
        parse_weekdays(settings.weekdays),
        settings.opens,
        settings.closes,
        settings.timezone,
        settings.staffed_on_bank_holidays,
    )


def target_for(settings: InboxSettings | None) -> SlaTarget:
    if settings is None:
        return DEFAULT_TARGET
    return SlaTarget.hours(settings.response_target_hours)


def sla_due(*, received: datetime, settings: InboxSettings | None) -> datetime:
    return sla_due_at(
        received=received, target=target_for(settings), hours=staffed_hours_for(settings)
    )


def sla_now(*, received: datetime, at: datetime, settings: InboxSettings | None) -> SlaStatus:
    return sla_status(
        received=received, at=at, target=target_for(settings), hours=staffed_hours_for(settings)
    )


@lru_cache(maxsize=4096)
def _foi_due(day: date) -> date:
    return foi_due_date(received=day).due


@lru_cache(maxsize=4096)
def _sar_due(day: date) -> tuple[date, date | None]:
    deadline = sar_due_date(received=day)
    return deadline.due, deadline.extended_due


def _london_date(received: datetime) -> date:
    # The legal clocks count UK calendar days (analysis.clocks reads aware times in London).
    return received.astimezone(LONDON).date()


def foi_due(received: datetime) -> date:
    return _foi_due(_london_date(received))


def sar_due(received: datetime) -> tuple[date, date | None]:
    return _sar_due(_london_date(received))
