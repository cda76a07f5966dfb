"""The leaf of domain facts: one way to write each Chinese number, and the dates read back."""

from __future__ import annotations

import datetime

import pytest

from workbench.law.numerals import (CN_DATE, chinese_date, chinese_digits, chinese_number,
                                    parse_chinese_date, parse_chinese_number)


def test_a_year_is_written_digit_by_digit_and_a_number_by_position():
    assert chinese_digits(2026) == "二〇二六"
    assert chinese_digits(2000) == "二〇〇〇"
    assert chinese_number(147) == "一百四十七"  # 第一百四十七条, not 一四七
    assert chinese_number(15) == "十五" and chinese_number(30) == "三十"
    assert chinese_date(datetime.date(2026, 12, 31)) == "二〇二六年十二月三十一日"
    with pytest.raises(ValueError):
        chinese_number(0)


@pytest.mark.parametrize("text, d", [("二〇二六年三月五日", datetime.date(2026, 3, 5)),
                                     ("二零二五年十二月三十一日", datetime.date(2025, 12, 31)),
                                     ("二〇二六年十月二十日", datetime.date(2026, 10, 20))])
def test_a_chinese_date_reads_back(text, d):
    assert parse_chinese_date(CN_DATE.search(f"落款{text}")) == d
    assert chinese_date(d) == text.replace("零", "〇")


def test_every_day_of_a_leap_year_round_trips():
    d = datetime.date(2028, 1, 1)
    while d.year == 2028:
        assert parse_chinese_date(CN_DATE.fullmatch(chinese_date(d))) == d
        d += datetime.timedelta(days=1)
    assert parse_chinese_number("二〇二六") == 2026 and parse_chinese_number("一百零五") == 105
    with pytest.raises(ValueError):
        parse_chinese_date(CN_DATE.search("二〇二六年二月三十日"))
