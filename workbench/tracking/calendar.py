"""Civil Code period arithmetic and the working-day calendar.

Rules encoded here (民法典 第二百零一条至第二百零三条; 民诉法 第八十五条):
- the day of the event is not counted: a period of n days ends on event + n;
- a period of months ends on the corresponding day of the last month, or on that month's last day
  when it has no such day (31 January + 3 months → 30 April);
- a period whose last day is a public holiday or a weekend rest day ends on the next working day
  instead; a weekend day the State Council has made a working day (调休上班) is a working day.

The holiday arrangements are data (resources/calendar/cn_holidays.json), published each year by
the General Office of the State Council; a data directory may carry a newer file of its own
(`calendar/cn_holidays.json` inside it) which then takes precedence year by year.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import Text, UserError
from ..law.months import add_months
from ..resources import resource

CALENDAR_FILE = "cn_holidays.json"
MAX_SHIFT_DAYS = 60  # no arrangement has ever run this long; more means a broken file


def add_days(start: date, days: int) -> date:
    """The last day of a period of `days` days from `start` (start day not counted)."""
    return start + timedelta(days=days)


@dataclass(frozen=True)
class HolidayCalendar:
    off: frozenset[date] = frozenset()
    work: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()
    names: dict[date, str] = field(default_factory=dict, compare=False)
    fallback: tuple[tuple[int, int], ...] = ()
    source: str = ""

    def covers(self, year: int) -> bool:
        """Whether the State Council's arrangement for `year` is loaded."""
        return year in self.years

    def is_holiday(self, d: date) -> bool:
        if d.year in self.years:
            return d in self.off
        return (d.month, d.day) in self.fallback

    def is_working_day(self, d: date) -> bool:
        if d in self.work:
            return True
        if self.is_holiday(d):
            return False
        return d.weekday() < 5

    def holiday_name(self, d: date) -> str | None:
        if d in self.names:
            return self.names[d]
        if d.weekday() >= 5 and d not in self.work:
            return "周末"
        return None

    def next_working_day(self, d: date) -> date:
        """`d` itself if it is a working day, else the first working day after it."""
        for i in range(MAX_SHIFT_DAYS + 1):
            candidate = d + timedelta(days=i)
            if self.is_working_day(candidate):
                return candidate
        raise UserError(Text(f"节假日数据有误：{d} 之后 {MAX_SHIFT_DAYS} 日内没有工作日",
                             "holiday calendar leaves no working day"))


@dataclass(frozen=True)
class PeriodEnd:
    nominal: date  # by day/month arithmetic alone
    due: date  # after moving off a rest day
    moved_because: str | None  # name of the holiday or 周末 when moved

    @property
    def moved(self) -> bool:
        return self.due != self.nominal


def period_end(start: date, cal: HolidayCalendar, *, days: int = 0, months: int = 0,
               extra_days: int = 0, shift: bool = True) -> PeriodEnd:
    """The last day of a period from `start`: months first (corresponding day), then days, then
    `extra_days` not counted (suspensions), then the move to the next working day."""
    nominal = add_days(add_months(start, months), days + extra_days)
    if not shift:
        return PeriodEnd(nominal, nominal, None)
    due = cal.next_working_day(nominal)
    return PeriodEnd(nominal, due, cal.holiday_name(nominal) if due != nominal else None)


# ---- loading -----------------------------------------------------------------------------------
def _fail(where: str, why: str) -> UserError:
    return UserError(Text(f"节假日数据 {where} 有误：{why}", f"holiday calendar field {where}: {why}"),
                     field=where)


def _iso(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _fail(where, f"日期应为 YYYY-MM-DD，实为 {value!r}") from None


def parse_calendar(raw: Any) -> dict[int, dict[str, Any]]:
    """Validate a holiday file; return {year: {"off": {date: name}, "work": set, "notice": str}}."""
    if not isinstance(raw, dict) or not isinstance(raw.get("years"), dict):
        raise _fail("years", Text("缺少按年度的安排", "missing the per-year arrangements"))
    out: dict[int, dict[str, Any]] = {}
    for key, spec in raw["years"].items():
        if not (isinstance(key, str) and key.isdigit() and len(key) == 4):
            raise _fail(f"years.{key}", Text("年度应为四位数字", "year must be four digits"))
        year = int(key)
        if not isinstance(spec, dict) or not isinstance(spec.get("holidays"), list):
            raise _fail(f"years.{key}.holidays", Text("应为数组", "must be a list"))
        off: dict[date, str] = {}
        work: set[date] = set()
        for i, h in enumerate(spec["holidays"]):
            where = f"years.{key}.holidays[{i}]"
            if not isinstance(h, dict) or not isinstance(h.get("name"), str):
                raise _fail(where, Text("应为含 name、off、work 的对象", "needs name, off, work"))
            span = h.get("off")
            if not isinstance(span, list) or len(span) not in (1, 2):
                raise _fail(f"{where}.off", Text("应为 [首日] 或 [首日, 末日]", "[first] or [first, last]"))
            first, last = _iso(span[0], f"{where}.off"), _iso(span[-1], f"{where}.off")
            if last < first or (last - first).days > 15:
                raise _fail(f"{where}.off", f"起止日期不合理：{first}–{last}")
            d = first
            while d <= last:
                off[d] = h["name"]
                d += timedelta(days=1)
            for w in h.get("work", []):
                wd = _iso(w, f"{where}.work")
                if wd.weekday() < 5:
                    raise _fail(f"{where}.work", Text(f"{wd} 不是周末，无需调休上班", "not a weekend day"))
                work.add(wd)
        for d in list(off) + list(work):
            if d.year != year and not (d.year == year - 1 and d.month == 12) \
                    and not (d.year == year + 1 and d.month == 1):
                raise _fail(f"years.{key}", Text(f"{d} 不属于 {year} 年的安排", "date outside the year"))
        out[year] = {"off": off, "work": work, "notice": spec.get("notice", "")}
    return out


def _fallback(raw: dict) -> tuple[tuple[int, int], ...]:
    dates = (raw.get("fixed_dates_fallback") or {}).get("dates", [])
    return tuple((int(s[:2]), int(s[3:5])) for s in dates)


@lru_cache(maxsize=8)
def _load(paths: tuple[tuple[str, float], ...]) -> HolidayCalendar:
    years: dict[int, dict[str, Any]] = {}
    fallback: tuple[tuple[int, int], ...] = ()
    sources = []
    for path, _mtime in paths:  # later files override earlier ones, year by year
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        years.update(parse_calendar(raw))
        fallback = _fallback(raw) or fallback
        sources.append(raw.get("source", path))
    off = {d: n for y in years.values() for d, n in y["off"].items()}
    work = {d for y in years.values() for d in y["work"]}
    return HolidayCalendar(frozenset(off), frozenset(work), frozenset(years), off, fallback,
                           "；".join(dict.fromkeys(sources)))


def calendar_paths(data_dir: Path | None = None) -> list[Path]:
    paths = [resource("calendar", CALENDAR_FILE)]
    if data_dir is not None and (Path(data_dir) / "calendar" / CALENDAR_FILE).exists():
        paths.append(Path(data_dir) / "calendar" / CALENDAR_FILE)
    return paths


def load_calendar(data_dir: Path | str | None = None) -> HolidayCalendar:
    """The shipped calendar, overlaid with the data directory's own file when it has one."""
    paths = calendar_paths(Path(data_dir) if data_dir else None)
    return _load(tuple((str(p), p.stat().st_mtime) for p in paths))


def install_calendar(data_dir: Path | str, source: Path | str) -> list[int]:
    """Validate a holiday file and make it the data directory's calendar; return its years."""
    from ..files import atomic_write_bytes

    try:
        text = Path(source).read_text(encoding="utf-8-sig")
        raw = json.loads(text)
    except FileNotFoundError:
        raise UserError(Text(f"文件不存在：{source}", f"no such file: {source}")) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise UserError(Text(f"{source}: 不是有效的 JSON（{e}）", f"{source}: not valid JSON ({e})")) from None
    years = sorted(parse_calendar(raw))
    atomic_write_bytes(Path(data_dir) / "calendar" / CALENDAR_FILE, text.encode("utf-8"))
    return years
