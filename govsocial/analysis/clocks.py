"""Legal deadlines (FOI, SAR) and office-hours SLA clocks.

Sources (docs/analysis.md has the detail):
- FOI: FOIA s10(1) and s10(6), ICO "Time limits for compliance": 20 working days,
  the first working day after receipt is day one; working days exclude weekends
  and bank holidays in any part of the UK where the request is handled.
- SAR: UK GDPR Art 12(3), ICO "Time limits for responding": one month from the day
  of receipt, to the corresponding date (or the last day of the month if there is
  none); a deadline on a weekend or bank holiday moves to the next working day;
  extendable by two further months for complex or numerous requests.
- SLA: the account's published staffed hours and response target (GDS: two working
  days); the clock runs only inside staffed hours and stops on bank holidays.
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

FOI_WORKING_DAYS = 20
SAR_MONTHS = 1
SAR_EXTENSION_MONTHS = 2
LONDON = "Europe/London"
_SUBDIVISIONS = ("ENG", "WLS", "SCT", "NIR")
# A due moment more than this far away means the staffed hours are (nearly) empty.
_SEARCH_LIMIT_DAYS = 5 * 366


@lru_cache(maxsize=8)
def _bank_holidays(subdivision: str) -> holidays.HolidayBase:
    # expand=True (the default) adds each year on first lookup.
    return holidays.country_holidays("GB", subdiv=subdivision)


@lru_cache(maxsize=8192)
def _bank_holiday_name(subdivision: str, day: date) -> str | None:
    # The inbox asks about the same few days for every message of a burst; holidays' own
    # lookup parses its key each time, so the answers are kept.
    name = _bank_holidays(subdivision).get(day)
    return str(name) if name else None


@dataclass(frozen=True)
class WorkingCalendar:
    """Weekdays that are not bank holidays in `subdivision` or extra closure days.

    England and Wales share bank holidays ("ENG", the default); "SCT" and "NIR" are
    there for bodies in Scotland and Northern Ireland.
    """

    subdivision: str = "ENG"
    extra_closures: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if self.subdivision not in _SUBDIVISIONS:
            raise ValueError(
                f"unknown UK subdivision {self.subdivision!r}: "
                f"use one of {', '.join(_SUBDIVISIONS)}"
            )

    def bank_holiday_name(self, day: date) -> str | None:
        return _bank_holiday_name(self.subdivision, day)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < 5
            and day not in self.extra_closures
            and day not in _bank_holidays(self.subdivision)
        )

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (the next working day counts as 1)."""
        if days < 0:
            raise ValueError(f"working days must be zero or more, got {days}")
        day, counted = start, 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def next_working_day_on_or_after(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


ENGLAND_AND_WALES = WorkingCalendar()


@dataclass(frozen=True)
class LegalDeadline:
    kind: str  # "foi" or "sar"
    received: date
    due: date
    extended_due: date | None
    rule: str


def _received_date(received: date, timezone: str = LONDON) -> date:
    """The UK calendar date of receipt; an aware datetime is read in London time."""
    if isinstance(received, datetime):
        if received.tzinfo is None:
            raise ValueError(
                "received time has no timezone: pass an aware datetime (e.g. UTC) or a date"
            )
        return received.astimezone(_zone(timezone)).date()
    if not isinstance(received, date):
        raise TypeError(f"received must be a date or datetime, got {type(received).__name__}")
    return received


def foi_due_date(*, received: date, calendar: WorkingCalendar = ENGLAND_AND_WALES) -> LegalDeadline:
    """FOI: the 20th working day after receipt."""
    day = _received_date(received)
    return LegalDeadline(
        kind="foi",
        received=day,
        due=calendar.add_working_days(day, FOI_WORKING_DAYS),
        extended_due=None,
        rule="FOIA s10(1): 20 working days; the first working day after receipt is day 1",
    )


def add_calendar_months(day: date, months: int) -> date:
    """The corresponding date `months` later, or the last day of that month if there is none."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = month_calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def sar_due_date(*, received: date, calendar: WorkingCalendar = ENGLAND_AND_WALES) -> LegalDeadline:
    """SAR: one calendar month from receipt, extendable by two further months."""
    day = _received_date(received)
    return LegalDeadline(
        kind="sar",
        received=day,
        due=calendar.next_working_day_on_or_after(add_calendar_months(day, SAR_MONTHS)),
        extended_due=calendar.next_working_day_on_or_after(
            add_calendar_months(day, SAR_MONTHS + SAR_EXTENSION_MONTHS)
        ),
        rule=(
            "UK GDPR Art 12(3): one month from receipt (last day of the month if no "
            "corresponding date; a weekend or bank holiday moves to the next working day), "
            "extendable by two further months"
        ),
    )


# --- Office-hours SLA clock ------------------------------------------------------------


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown timezone {name!r}: use an IANA name such as {LONDON!r}"
        ) from None


@dataclass(frozen=True)
class StaffedPeriod:
    """Staffed from `opens` to `closes` local time on `weekday` (0 = Monday).

    `closes=time(0)` means midnight at the end of the day.
    """

    weekday: int
    opens: time
    closes: time

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), got {self.weekday}")
        if self.closes != time(0) and self.closes <= self.opens:
            raise ValueError(
                f"staffed period on weekday {self.weekday} closes at {self.closes:%H:%M}, "
                f"not after it opens at {self.opens:%H:%M}"
            )


@dataclass(frozen=True)
class StaffedHours:
    periods: tuple[StaffedPeriod, ...]
    timezone: str = LONDON
    calendar: WorkingCalendar = field(default=ENGLAND_AND_WALES)
    staffed_on_bank_holidays: bool = False

    def __post_init__(self) -> None:
        if not self.periods:
            raise ValueError("staffed hours need at least one staffed period")
        _zone(self.timezone)
        by_day = sorted(self.periods, key=lambda p: (p.weekday, p.opens))
        for earlier, later in zip(by_day, by_day[1:], strict=False):
            if earlier.weekday == later.weekday and (
                earlier.closes == time(0) or earlier.closes > later.opens
            ):
                raise ValueError(f"staffed periods overlap on weekday {earlier.weekday}")

    @classmethod
    def weekdays(
        cls,
        *,
        opens: time = time(9),
        closes: time = time(17),
        timezone: str = LONDON,
        calendar: WorkingCalendar = ENGLAND_AND_WALES,
    ) -> StaffedHours:
        """The common published pattern: Monday to Friday, 9am to 5pm."""
        return cls(
            periods=tuple(StaffedPeriod(weekday=d, opens=opens, closes=closes) for d in range(5)),
            timezone=timezone,
            calendar=calendar,
        )

    def intervals_from(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Staffed intervals (UTC) that end after `moment`, in order, for up to five years."""
        local_day = moment.astimezone(_zone(self.timezone)).date() - timedelta(days=1)
        for _ in range(_SEARCH_LIMIT_DAYS):
            for start, end in _staffed_intervals_on(self, local_day):
                if end > moment:
                    yield start, end
            local_day += timedelta(days=1)

    def is_open_day(self, day: date) -> bool:
        if day in self.calendar.extra_closures:
            return False
        if self.staffed_on_bank_holidays:
            return True
        return self.calendar.bank_holiday_name(day) is None


@lru_cache(maxsize=4096)
def _staffed_intervals_on(
    hours: StaffedHours, local_day: date
) -> tuple[tuple[datetime, datetime], ...]:
    """The staffed intervals (UTC) that open on one local day; kept, because every message of a
    burst asks about the same few days."""
    if not hours.is_open_day(local_day):
        return ()
    zone = _zone(hours.timezone)
    intervals = []
    for period in sorted(hours.periods, key=lambda p: p.opens):
        if period.weekday != local_day.weekday():
            continue
        start = datetime.combine(local_day, period.opens, zone).astimezone(UTC)
        end_day = local_day + timedelta(days=1) if period.closes == time(0) else local_day
        intervals.append((start, datetime.combine(end_day, period.closes, zone).astimezone(UTC)))
    return tuple(intervals)


@dataclass(frozen=True)
class SlaTarget:
    """A response target measured in staffed time."""

    staffed: timedelta

    def __post_init__(self) -> None:
        if self.staffed <= timedelta(0):
            raise ValueError(f"response target must be positive, got {self.staffed}")

    @classmethod
    def hours(cls, hours: float) -> SlaTarget:
        return cls(staffed=timedelta(hours=hours))

    @classmethod
    def working_days(cls, days: float, *, hours_per_day: float = 8) -> SlaTarget:
        """GDS's "2 working days" on a 9-to-5 desk is 16 staffed hours."""
        return cls(staffed=timedelta(hours=days * hours_per_day))


@dataclass(frozen=True)
class SlaStatus:
    received: datetime
    due: datetime
    at: datetime
    elapsed: timedelta
    remaining: timedelta
    breached: bool


def _require_aware(moment: datetime, name: str) -> datetime:
    if not isinstance(moment, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} has no timezone: pass an aware datetime (e.g. in UTC)")
    return moment.astimezone(UTC)


def sla_due_at(*, received: datetime, target: SlaTarget, hours: StaffedHours) -> datetime:
    """When the target is used up, counting staffed time only; in the desk's timezone."""
    start = _require_aware(received, "received")
    remaining = target.staffed
    for opens, closes in hours.intervals_from(start):
        counted_from = max(opens, start)
        available = closes - counted_from
        if remaining <= available:
            return (counted_from + remaining).astimezone(_zone(hours.timezone))
        remaining -= available
    raise ValueError("no staffed time within five years: check the staffed hours and closures")


def staffed_time_between(*, start: datetime, end: datetime, hours: StaffedHours) -> timedelta:
    """Staffed time from `start` to `end` (zero if `end` is not after `start`)."""
    start_utc, end_utc = _require_aware(start, "start"), _require_aware(end, "end")
    total = timedelta(0)
    if end_utc <= start_utc:
        return total
    for opens, closes in hours.intervals_from(start_utc):
        if opens >= end_utc:
            break
        total += min(closes, end_utc) - max(opens, start_utc)
    return total


def sla_status(
    *, received: datetime, at: datetime, target: SlaTarget, hours: StaffedHours
) -> SlaStatus:
    """Where the clock stands at `at`: staffed time used, left, and whether it is breached."""
    due = sla_due_at(received=received, target=target, hours=hours)
    elapsed = staffed_time_between(start=received, end=at, hours=hours)
    zone = _zone(hours.timezone)
    return SlaStatus(
        received=_require_aware(received, "received").astimezone(zone),
        due=due,
        at=_require_aware(at, "at").astimezone(zone),
        elapsed=elapsed,
        remaining=max(timedelta(0), target.staffed - elapsed),
        breached=_require_aware(at, "at") > due,
    )
