"""Legal deadlines and office-hours SLA clocks, worked out by hand from a calendar."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from govsocial.analysis.clocks import (
    ENGLAND_AND_WALES,
    SlaTarget,
    StaffedHours,
    StaffedPeriod,
    WorkingCalendar,
    add_calendar_months,
    foi_due_date,
    sar_due_date,
    sla_due_at,
    sla_status,
    staffed_time_between,
)

LONDON = ZoneInfo("Europe/London")
NINE_TO_FIVE = StaffedHours.weekdays()
TWO_WORKING_DAYS = SlaTarget.working_days(2)


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


# --- Bank holidays -----------------------------------------------------------------


@pytest.mark.parametrize(
    "day, name_fragment",
    [
        (date(2025, 4, 18), "Good Friday"),
        (date(2025, 4, 21), "Easter Monday"),
        (date(2025, 5, 5), "May Day"),
        (date(2025, 5, 26), "Spring Bank Holiday"),
        (date(2025, 8, 25), "Late Summer Bank Holiday"),
        (date(2026, 12, 28), "Boxing Day (observed)"),  # substitute for Saturday 26th
        (date(2022, 1, 3), "New Year's Day (observed)"),
        (date(2020, 5, 8), "May Day"),  # moved to Friday for VE Day 75
        (date(2022, 6, 2), "Spring Bank Holiday"),  # moved for the Platinum Jubilee
        (date(2022, 6, 3), "Platinum Jubilee"),
        (date(2022, 9, 19), "State Funeral"),
        (date(2023, 5, 8), "Coronation"),
    ],
)
def test_england_and_wales_bank_holidays_are_not_working_days(
    day: date, name_fragment: str
) -> None:
    assert name_fragment in (ENGLAND_AND_WALES.bank_holiday_name(day) or "")
    assert not ENGLAND_AND_WALES.is_working_day(day)


def test_ordinary_days_weekends_and_extra_closures() -> None:
    assert ENGLAND_AND_WALES.is_working_day(date(2025, 3, 5))
    assert not ENGLAND_AND_WALES.is_working_day(date(2025, 3, 8))  # Saturday
    assert ENGLAND_AND_WALES.bank_holiday_name(date(2022, 5, 30)) is None  # no late May in 2022
    closed = WorkingCalendar(extra_closures=frozenset({date(2025, 3, 5)}))
    assert not closed.is_working_day(date(2025, 3, 5))


def test_scottish_bodies_get_scottish_bank_holidays() -> None:
    assert WorkingCalendar(subdivision="SCT").bank_holiday_name(date(2025, 1, 2)) is not None
    assert ENGLAND_AND_WALES.bank_holiday_name(date(2025, 1, 2)) is None


def test_unknown_subdivision_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown UK subdivision 'XX'"):
        WorkingCalendar(subdivision="XX")


# --- FOI: 20 working days ----------------------------------------------------------


@pytest.mark.parametrize(
    "received, due",
    [
        (date(2025, 3, 5), date(2025, 4, 2)),  # plain weeks
        (date(2025, 3, 8), date(2025, 4, 4)),  # Saturday: Monday is day 1
        (date(2025, 4, 8), date(2025, 5, 9)),  # Good Friday, Easter Monday, early May
        (date(2026, 12, 23), date(2027, 1, 25)),  # Christmas, substitute Boxing Day, New Year
        (date(2023, 5, 2), date(2023, 6, 1)),  # the Coronation holiday and spring
    ],
)
def test_foi_is_due_on_the_twentieth_working_day_after_receipt(received: date, due: date) -> None:
    deadline = foi_due_date(received=received)
    assert deadline.due == due
    assert deadline.kind == "foi"
    assert deadline.extended_due is None
    assert "20 working days" in deadline.rule


def test_foi_received_late_evening_utc_counts_from_the_london_date() -> None:
    # 23:30 UTC on Sunday 30 March 2025 is 00:30 BST on Monday 31 March.
    received = datetime(2025, 3, 30, 23, 30, tzinfo=UTC)
    assert foi_due_date(received=received).received == date(2025, 3, 31)


def test_foi_rejects_a_naive_datetime_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="no timezone"):
        foi_due_date(received=datetime(2025, 3, 5, 10, 0))


# --- SAR: one calendar month, extendable by two ------------------------------------


@pytest.mark.parametrize(
    "received, due, extended_due",
    [
        (date(2025, 3, 15), date(2025, 4, 15), date(2025, 6, 16)),  # 15 June is a Sunday
        (date(2025, 1, 31), date(2025, 2, 28), date(2025, 4, 30)),  # no 31 February
        (date(2024, 1, 31), date(2024, 2, 29), date(2024, 4, 30)),  # leap year
        (date(2025, 4, 5), date(2025, 5, 6), date(2025, 7, 7)),  # bank holiday; Saturday
        (date(2025, 11, 30), date(2025, 12, 30), date(2026, 3, 2)),  # 28 Feb is a Saturday
    ],
)
def test_sar_is_due_one_calendar_month_after_receipt(
    received: date, due: date, extended_due: date
) -> None:
    deadline = sar_due_date(received=received)
    assert (deadline.due, deadline.extended_due) == (due, extended_due)
    assert deadline.kind == "sar"


def test_adding_months_keeps_the_day_or_takes_the_last_day() -> None:
    assert add_calendar_months(date(2025, 8, 31), 1) == date(2025, 9, 30)
    assert add_calendar_months(date(2025, 12, 31), 2) == date(2026, 2, 28)
    assert add_calendar_months(date(2025, 5, 10), 12) == date(2026, 5, 10)


# --- Office-hours SLA clock --------------------------------------------------------


@pytest.mark.parametrize(
    "received, due",
    [
        (london(2025, 3, 3, 10), london(2025, 3, 5, 10)),  # Monday morning
        (london(2025, 3, 7, 16), london(2025, 3, 11, 16)),  # Friday afternoon, over a weekend
        (london(2025, 3, 4, 20), london(2025, 3, 6, 17)),  # evening: ends at close, not 9am
        (london(2025, 3, 4, 7), london(2025, 3, 5, 17)),  # before opening
        (london(2025, 3, 8, 11), london(2025, 3, 11, 17)),  # Saturday
        (london(2025, 4, 17, 15), london(2025, 4, 23, 15)),  # over Good Friday and Easter Monday
        (london(2025, 3, 28, 13), london(2025, 4, 1, 13)),  # clocks go forward on Sunday
        (london(2025, 10, 24, 13), london(2025, 10, 28, 13)),  # clocks go back on Sunday
    ],
)
def test_two_working_days_run_only_in_staffed_hours(received: datetime, due: datetime) -> None:
    assert sla_due_at(received=received, target=TWO_WORKING_DAYS, hours=NINE_TO_FIVE) == due


def test_due_moment_is_in_london_time_with_the_right_utc_offset() -> None:
    due = sla_due_at(received=london(2025, 3, 28, 13), target=TWO_WORKING_DAYS, hours=NINE_TO_FIVE)
    assert due.utcoffset() == timedelta(hours=1)
    assert due.astimezone(UTC) == datetime(2025, 4, 1, 12, 0, tzinfo=UTC)


def test_a_target_in_staffed_hours() -> None:
    due = sla_due_at(received=london(2025, 3, 3, 15), target=SlaTarget.hours(4), hours=NINE_TO_FIVE)
    assert due == london(2025, 3, 4, 11)


def test_received_given_in_utc_is_read_in_london_time() -> None:
    # 08:30 UTC in summer is 09:30 BST: half an hour already inside staffed time.
    received = datetime(2025, 6, 2, 8, 30, tzinfo=UTC)
    due = sla_due_at(received=received, target=SlaTarget.hours(8), hours=NINE_TO_FIVE)
    assert due == london(2025, 6, 3, 9, 30)


@pytest.mark.parametrize(
    "start, end, staffed",
    [
        (london(2025, 3, 7, 16), london(2025, 3, 10, 10), timedelta(hours=2)),  # weekend
        (london(2025, 3, 3, 17, 30), london(2025, 3, 3, 23), timedelta(0)),  # evening
        (london(2025, 3, 3, 8), london(2025, 3, 3, 18), timedelta(hours=8)),  # a full day
        (london(2025, 4, 17, 9), london(2025, 4, 22, 9), timedelta(hours=8)),  # Easter
        (london(2025, 3, 5, 12), london(2025, 3, 4, 12), timedelta(0)),  # end before start
        (london(2025, 3, 3, 9), london(2025, 3, 31, 9), timedelta(hours=160)),  # four weeks
    ],
)
def test_staffed_time_between_two_moments(
    start: datetime, end: datetime, staffed: timedelta
) -> None:
    assert staffed_time_between(start=start, end=end, hours=NINE_TO_FIVE) == staffed


def test_status_before_and_after_the_due_moment() -> None:
    received = london(2025, 3, 3, 10)
    just_before = sla_status(
        received=received, at=london(2025, 3, 5, 9, 59), target=TWO_WORKING_DAYS, hours=NINE_TO_FIVE
    )
    assert not just_before.breached
    assert just_before.elapsed == timedelta(hours=15, minutes=59)
    assert just_before.remaining == timedelta(minutes=1)
    assert just_before.due == london(2025, 3, 5, 10)

    just_after = sla_status(
        received=received, at=london(2025, 3, 5, 10, 1), target=TWO_WORKING_DAYS, hours=NINE_TO_FIVE
    )
    assert just_after.breached
    assert just_after.remaining == timedelta(0)


def test_a_message_arriving_on_friday_night_is_not_breached_on_monday_evening() -> None:
    status = sla_status(
        received=london(2025, 3, 7, 22),
        at=london(2025, 3, 10, 23),
        target=TWO_WORKING_DAYS,
        hours=NINE_TO_FIVE,
    )
    assert (status.breached, status.elapsed) == (False, timedelta(hours=8))


def test_split_shifts_weekend_cover_and_a_desk_open_until_midnight() -> None:
    hours = StaffedHours(
        periods=(
            StaffedPeriod(weekday=0, opens=time(8), closes=time(12)),
            StaffedPeriod(weekday=0, opens=time(13), closes=time(17)),
            StaffedPeriod(weekday=5, opens=time(18), closes=time(0)),
        )
    )
    # Monday 11:00: one hour before lunch, four after, then Saturday evening.
    due = sla_due_at(received=london(2025, 3, 3, 11), target=SlaTarget.hours(7), hours=hours)
    assert due == london(2025, 3, 8, 20)
    midnight_close = sla_due_at(
        received=london(2025, 3, 8, 18), target=SlaTarget.hours(6), hours=hours
    )
    assert midnight_close == london(2025, 3, 9, 0)


def test_a_desk_staffed_on_bank_holidays_keeps_the_clock_running() -> None:
    crisis_desk = StaffedHours(
        periods=StaffedHours.weekdays().periods, staffed_on_bank_holidays=True
    )
    due = sla_due_at(received=london(2025, 4, 17, 15), target=TWO_WORKING_DAYS, hours=crisis_desk)
    assert due == london(2025, 4, 21, 15)  # Friday and Easter Monday count


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: StaffedHours(periods=()), "at least one staffed period"),
        (lambda: StaffedPeriod(weekday=7, opens=time(9), closes=time(17)), "weekday must be"),
        (lambda: StaffedPeriod(weekday=0, opens=time(17), closes=time(9)), "not after it opens"),
        (lambda: StaffedHours.weekdays(timezone="Mars/Olympus"), "unknown timezone"),
        (lambda: SlaTarget.hours(0), "must be positive"),
        (
            lambda: StaffedHours(
                periods=(
                    StaffedPeriod(weekday=0, opens=time(9), closes=time(13)),
                    StaffedPeriod(weekday=0, opens=time(12), closes=time(17)),
                )
            ),
            "overlap",
        ),
    ],
)
def test_bad_configuration_is_a_clear_error(build: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()  # type: ignore[operator]


def test_naive_moments_are_rejected_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="received has no timezone"):
        sla_due_at(received=datetime(2025, 3, 3, 10), target=TWO_WORKING_DAYS, hours=NINE_TO_FIVE)
