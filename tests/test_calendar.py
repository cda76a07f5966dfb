"""Civil Code day and month arithmetic and the State Council's holiday arrangements."""

from __future__ import annotations

import calendar as stdcal
import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.errors import UserError
from workbench.resources import resources_dir
from workbench.tracking.calendar import (add_days, add_months, install_calendar, load_calendar,
                                         period_end)

CAL = load_calendar()


@pytest.mark.parametrize("start,months,expected", [
    (date(2026, 1, 31), 3, date(2026, 4, 30)),   # no 31 April: the month's last day
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),   # leap year
    (date(2025, 11, 30), 3, date(2026, 2, 28)),  # across the new year into February
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2026, 3, 5), 3, date(2026, 6, 5)),     # the corresponding day
    (date(2026, 12, 15), 2, date(2027, 2, 15)),
    (date(2026, 5, 31), 1, date(2026, 6, 30)),
    (date(2026, 4, 30), 1, date(2026, 5, 30)),   # 30 April → 30 May, not the end of May
])
def test_months_end_on_the_corresponding_day_or_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_days_do_not_count_the_start_day():
    assert add_days(date(2026, 3, 5), 15) == date(2026, 3, 20)
    assert add_days(date(2026, 12, 27), 5) == date(2027, 1, 1)


@pytest.mark.parametrize("day,working", [
    (date(2026, 2, 14), True),    # Saturday made a working day (春节调休)
    (date(2026, 2, 16), False),   # Monday inside the Spring Festival
    (date(2026, 2, 28), True),    # Saturday made a working day
    (date(2026, 10, 10), True),
    (date(2026, 10, 8), True),    # the day after National Day
    (date(2026, 10, 7), False),
    (date(2026, 3, 7), False),    # an ordinary Saturday
    (date(2026, 3, 9), True),     # an ordinary Monday
    (date(2025, 10, 8), False),   # 2025: National Day and Mid-Autumn merged, eight days
    (date(2025, 9, 28), True),
    (date(2024, 2, 18), True),    # 2024: Sunday made a working day
    (date(2024, 5, 11), True),
    (date(2024, 6, 10), False),   # Dragon Boat Festival
])
def test_holidays_and_adjusted_working_days(day, working):
    assert CAL.is_working_day(day) is working


def test_the_calendar_holds_each_year_as_published():
    for year, days_off in ((2024, 30), (2025, 28), (2026, 33)):
        assert CAL.covers(year)
        assert sum(1 for d in CAL.off if d.year == year) == days_off
        assert all(d.weekday() >= 5 for d in CAL.work if d.year == year)
    raw = json.loads((resources_dir() / "calendar" / "cn_holidays.json").read_text(encoding="utf-8"))
    assert "国务院办公厅" in raw["source"]
    assert all("国务院办公厅" in raw["years"][y]["notice"] for y in ("2024", "2025", "2026"))


@pytest.mark.parametrize("start,days,due,because", [
    (date(2026, 3, 3), 4, date(2026, 3, 9), "周末"),            # Saturday 7 March → Monday
    (date(2026, 9, 16), 15, date(2026, 10, 8), "国庆节"),        # 1 October → after the holiday
    (date(2026, 2, 4), 12, date(2026, 2, 24), "春节"),         # 16 Feb → after the holiday
    (date(2026, 2, 13), 1, date(2026, 2, 14), None),            # a 调休 Saturday is a working day
    (date(2026, 3, 4), 5, date(2026, 3, 9), None),              # a Monday: stays
])
def test_a_period_ending_on_a_rest_day_moves_to_the_next_working_day(start, days, due, because):
    end = period_end(start, CAL, days=days)
    assert end.due == due
    assert end.moved_because == because
    assert end.moved is (because is not None)


def test_shift_can_be_switched_off():
    end = period_end(date(2026, 3, 3), CAL, days=4, shift=False)
    assert end.due == end.nominal == date(2026, 3, 7)


def test_a_year_without_an_arrangement_falls_back_to_fixed_holidays():
    assert not CAL.covers(2031)
    assert not CAL.is_working_day(date(2031, 10, 2))  # Thursday, fixed National Day
    assert not CAL.is_working_day(date(2031, 1, 1))
    assert CAL.is_working_day(date(2031, 3, 4))


def test_a_court_installs_next_years_arrangement(tmp_path):
    data = tmp_path / "data"
    src = tmp_path / "2027.json"
    src.write_text(json.dumps({"source": "test", "years": {"2027": {"holidays": [
        {"name": "元旦", "off": ["2027-01-01", "2027-01-03"], "work": []},
        {"name": "国庆节", "off": ["2027-10-01", "2027-10-07"], "work": ["2027-09-26"]}]}}}),
        encoding="utf-8")
    assert install_calendar(data, src) == [2027]
    cal = load_calendar(data)
    assert cal.covers(2027) and cal.covers(2026)
    assert cal.is_working_day(date(2027, 9, 26))  # a Sunday made a working day
    assert not cal.is_working_day(date(2027, 10, 5))
    assert not load_calendar().covers(2027)  # the shipped calendar is untouched


@pytest.mark.parametrize("bad,field", [
    ({"years": {"27": {"holidays": []}}}, "years.27"),
    ({"years": {"2027": {"holidays": [{"name": "元旦", "off": ["2027-13-01"]}]}}}, "off"),
    ({"years": {"2027": {"holidays": [{"name": "x", "off": ["2027-01-01"], "work": ["2027-01-04"]}]}}},
     "work"),
])
def test_a_malformed_calendar_is_refused_and_nothing_written(tmp_path, bad, field):
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(UserError) as e:
        install_calendar(tmp_path / "data", src)
    assert field in str(e.value)
    assert not (tmp_path / "data" / "calendar").exists()


@given(st.dates(date(1990, 1, 1), date(2090, 12, 31)), st.integers(0, 240))
def test_month_arithmetic_keeps_the_day_or_takes_the_month_end(start, months):
    end = add_months(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    last = stdcal.monthrange(end.year, end.month)[1]
    assert end.day == start.day or (end.day == last and start.day > last)


@given(st.dates(date(2024, 1, 1), date(2026, 12, 31)))
def test_next_working_day_skips_only_rest_days(d):
    w = CAL.next_working_day(d)
    assert w >= d and CAL.is_working_day(w)
    assert all(not CAL.is_working_day(d + timedelta(days=i)) for i in range((w - d).days))
