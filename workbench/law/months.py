"""Counting in months and years: the corresponding day (民法典 第二百零二条: 按照年、月计算期间
的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日), and calendar-month
keys for figures. One place, because periods, preservation terms and both dashboards count so."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """The corresponding day `months` months later (or earlier), or the last day of that month."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_years(start: date, years: int) -> date:
    """The corresponding day `years` later; 29 February ends on the last day of February."""
    return add_months(start, 12 * years)


def month_keys(today: date, months: int) -> list[str]:
    """The last `months` calendar months as "YYYY-MM", oldest first, ending with today's."""
    first = today.replace(day=1)
    return [f"{d.year:04d}-{d.month:02d}"
            for d in (add_months(first, -i) for i in range(months - 1, -1, -1))]
