"""Case numbers: every variant people and scanners produce collapses to one canonical form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.law import case_numbers as numbers
from workbench.law.case_numbers import (
    CASE_TYPES,
    PROVINCES,
    CaseNumber,
    find_case_numbers,
    format_case_number,
    is_valid_case_number,
    parse_case_number,
)
from workbench.errors import CaseNumberError, UserError


@pytest.fixture(autouse=True)
def _pin_year(monkeypatch: pytest.MonkeyPatch) -> None:
    """Year bounds move every New Year; pin 'now' to 2026 so messages and bounds are stable."""
    monkeypatch.setattr(numbers, "_current_year", lambda: 2026)


REQUIRED_TYPES = "民初 民终 民特 民申 民辖 执 执恢 执保 执异 刑初 刑终 行初 行终 财保".split()
MAINLAND = "京 津 沪 渝 冀 豫 云 辽 黑 湘 皖 鲁 新 苏 浙 赣 鄂 桂 甘 晋 蒙 陕 吉 闽 贵 粤 青 藏 川 宁 琼".split()


# --- the reference example -------------------------------------------------------------------

def test_reference_example() -> None:
    n = parse_case_number("（2026）苏0583民初1234号")
    assert n == CaseNumber(2026, "苏0583", "民初", 1234)
    assert n.canonical == "（2026）苏0583民初1234号"
    assert str(n) == n.canonical
    assert n.province == "苏"
    assert n.court_level == "basic"
    assert n.type_description.zh == "民事一审"


# --- type codes --------------------------------------------------------------------------------

@pytest.mark.parametrize("code", REQUIRED_TYPES)
def test_every_required_type_code_parses(code: str) -> None:
    n = parse_case_number(f"（2025）苏05{code}17号")
    assert n.type_code == code
    assert n.canonical == f"（2025）苏05{code}17号"


def test_type_mapping_has_both_languages() -> None:
    assert set(REQUIRED_TYPES) <= set(CASE_TYPES)
    assert CASE_TYPES["民初"].zh == "民事一审"
    assert CASE_TYPES["民初"].en == "civil, first instance"
    for code, t in CASE_TYPES.items():
        assert t.zh and t.en, code


@pytest.mark.parametrize(
    "text, code",
    [("（2026）苏0583执恢12号", "执恢"), ("（2026）苏0583执12号", "执"),
     ("（2026）苏0583执保3号", "执保"), ("（2026）苏0583执异3号", "执异")],
)
def test_longest_type_code_wins(text: str, code: str) -> None:
    assert parse_case_number(text).type_code == code


# --- courts ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "court, level",
    [("苏", "higher"), ("苏05", "intermediate"), ("苏0583", "basic"), ("最高法", "supreme")],
)
def test_court_levels(court: str, level: str) -> None:
    n = parse_case_number(f"（2026）{court}民终8号")
    assert n.court == court
    assert n.court_level == level


def test_supreme_court_has_no_province() -> None:
    assert parse_case_number("（2024）最高法民申100号").province is None


@pytest.mark.parametrize("abbr", MAINLAND + ["兵"])
def test_every_province_abbreviation(abbr: str) -> None:
    assert set(MAINLAND) | {"兵"} == set(PROVINCES)
    n = parse_case_number(f"（2026）{abbr}0102民初5号")
    assert n.province == abbr


# --- accepted variants -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "variant",
    [
        "(2026)苏0583民初1234号",          # half-width parentheses
        "〔2026〕苏0583民初1234号",          # 六角括号
        "[2026]苏0583民初1234号",           # square brackets
        "［2026］苏0583民初1234号",          # full-width square brackets
        "(2026）苏0583民初1234号",          # mixed
        "（2026）苏0583民初1234",           # no 号
        " （2026） 苏 0583 民 初 1234 号 ",  # ASCII spaces anywhere
        "（2026）\u3000苏0583民初\u30001234号",  # ideographic space
        "（2026）苏\xa00583民初1234\xa0号",  # NBSP
        "（2026）苏0583民初12\t34号",       # tab
        "（２０２６）苏０５８３民初１２３４号",  # full-width digits
        "(２０２６) 苏0583民初1234",         # several at once
    ],
)
def test_accepted_variants_give_canonical(variant: str) -> None:
    assert parse_case_number(variant).canonical == "（2026）苏0583民初1234号"
    assert is_valid_case_number(variant)


# --- rejections, each naming its problem -------------------------------------------------------

@pytest.mark.parametrize(
    "text, zh, en",
    [
        ("（2026）X0583民初1号", "未知的省份简称「X」", "unknown province abbreviation 'X'"),
        ("（2026）港0583民初1号", "未知的省份简称「港」", "unknown province abbreviation '港'"),
        ("（2026）苏058民初1号", "0、2 或 4 位", "must be 0, 2 or 4, got 3"),
        ("（2026）苏5民初1号", "0、2 或 4 位", "must be 0, 2 or 4, got 1"),
        ("（2026）苏058312民初1号", "0、2 或 4 位", "must be 0, 2 or 4, got 6"),
        ("（2026）0583民初1号", "缺少省份简称", "missing its province abbreviation"),
        ("（2026）苏0583民再1号", "未知的类型代字「民再」", "unknown case type code '民再'"),
        ("（2026）苏0583民辖终1号", "未知的类型代字「民辖终」", "unknown case type code '民辖终'"),
        ("（2026）苏05831号", "缺少类型代字", "missing case type code"),
        ("（1948）苏0583民初1号", "年度 1948 超出范围", "year 1948 out of range (1949-2027)"),
        ("（2028）苏0583民初1号", "年度 2028 超出范围", "year 2028 out of range (1949-2027)"),
        ("（26）苏0583民初1号", "应为四位数字", "year '26' must be four digits"),
        ("（）苏0583民初1号", "缺少年度", "missing year"),
        ("2026苏0583民初1号", "年度须用括号括起", "year must be in brackets"),
        ("苏0583民初1号", "应以（年度）开头", "must begin with the year in brackets"),
        ("（2026苏0583民初1号", "缺少右括号", "missing closing bracket"),
        ("（2026）", "缺少法院代字", "missing court code"),
        ("（2026）苏0583民初号", "缺少序号", "missing sequence number"),
        ("（2026）苏0583民初", "缺少序号", "missing sequence number"),
        ("（2026）苏0583民初0123号", "前导零", "'0123' has a leading zero"),
        ("（2026）苏0583民初0号", "必须大于 0", "must be greater than 0"),
        ("（2026）苏0583民初12号之一", "多余字符「之一」", "trailing characters '之一'"),
        ("（2026）苏0583民初12a", "多余字符「a」", "trailing characters 'a'"),
        ("（2026）最高法01民申1号", "不带数字", "takes no digits"),
        ("", "为空", "empty"),
        ("   ", "为空", "empty"),
    ],
)
def test_rejections_name_the_problem(text: str, zh: str, en: str) -> None:
    with pytest.raises(CaseNumberError) as info:
        parse_case_number(text)
    message = str(info.value)
    assert message.startswith("案号格式不正确：")
    assert "invalid case number: " in message
    assert zh in message
    assert en in message
    assert repr(text) in message  # the input is quoted
    assert info.value.field == "case_number"
    assert isinstance(info.value, UserError)
    assert not is_valid_case_number(text)


def test_non_string_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        parse_case_number(2026)  # type: ignore[arg-type]


# --- construction and formatting ---------------------------------------------------------------

def test_format_case_number() -> None:
    assert format_case_number(2026, "苏0583", "民初", 1234) == "（2026）苏0583民初1234号"
    assert format_case_number(2024, "最高法", "民申", 3) == "（2024）最高法民申3号"


@pytest.mark.parametrize(
    "args, en",
    [
        ((2026, "苏058", "民初", 1), "court code '苏058'"),
        ((2026, "X05", "民初", 1), "court code 'X05'"),
        ((2026, "苏05", "民再", 1), "unknown case type code '民再'"),
        ((2026, "苏05", "民初", 0), "positive integer"),
        ((2026, "苏05", "民初", -3), "positive integer"),
        ((1900, "苏05", "民初", 1), "year 1900 out of range"),
        (("2026", "苏05", "民初", 1), "year must be an integer"),
        ((2026, "苏05", "民初", True), "positive integer"),
    ],
)
def test_invalid_parts_are_refused(args: tuple, en: str) -> None:
    with pytest.raises(CaseNumberError, match=en):
        format_case_number(*args)
    with pytest.raises(CaseNumberError):
        CaseNumber(*args)


def test_case_number_is_frozen_and_hashable() -> None:
    n = parse_case_number("（2026）苏05民终9号")
    with pytest.raises(AttributeError):
        n.seq = 10  # type: ignore[misc]
    assert {n, parse_case_number("(2026)苏05民终9")} == {n}


# --- finding numbers in OCR text ---------------------------------------------------------------

OCR_PAGE = """江苏省昆山市人民法院
民 事 判 决 书
（2026） 苏 0583 民 初 1234 号
原告张三与被告李四民间借贷纠纷一案，本院于2026年1月5日立案后……
本院（2025）苏05民终88号民事判决已经发生法律效力。参见(2025)苏05民终88号。
另案 〔2026〕苏0583执恢 7 号、[2026]苏0583执7号 正在执行。
第 3 页 共 12 页  （2026）苏0583民初1234号
"""


def test_find_in_realistic_page() -> None:
    assert [n.canonical for n in find_case_numbers(OCR_PAGE)] == [
        "（2026）苏0583民初1234号",
        "（2025）苏05民终88号",
        "（2026）苏0583执恢7号",
        "（2026）苏0583执7号",
    ]


def test_find_returns_case_numbers() -> None:
    found = find_case_numbers("见（２０２６）最 高 法 民 申 ５号。")
    assert found == [CaseNumber(2026, "最高法", "民申", 5)]


@pytest.mark.parametrize(
    "noise",
    [
        "（2026）苏0583民初0012号",   # leading zero: a misread, not a number
        "（1900）苏0583民初12号",     # year out of range
        "（2026）港0583民初12号",     # not a province
        "（2026）苏058民初12号",      # 3-digit court
        "（2026）苏0583民再12号",     # unknown type code
        "（2026）苏05民辖终12号",     # 民辖终 must not be read as 民辖 + garbage
        "（2026）苏0583民初12 5页",   # no 号: the digits might run on into other text
        "2026苏0583民初12号",         # no brackets
        "（12026）苏0583民初12号",    # five-digit 'year'
        "电话（0512）57001234号码",   # bracketed area code
        "民初1234号",                 # fragment
    ],
)
def test_find_never_returns_invalid_numbers(noise: str) -> None:
    assert find_case_numbers(f"正文{noise}正文") == []


def test_find_empty_text() -> None:
    assert find_case_numbers("") == []
    assert find_case_numbers("本页无案号。") == []


def test_find_numbers_adjacent_to_text() -> None:
    text = "案号:(2026)苏0583民初1号,关联(2026)苏0583财保2号;"
    assert [str(n) for n in find_case_numbers(text)] == [
        "（2026）苏0583民初1号",
        "（2026）苏0583财保2号",
    ]


# --- round trips -------------------------------------------------------------------------------

_courts = st.one_of(
    st.just("最高法"),
    st.builds(
        lambda p, d: p + d,
        st.sampled_from(sorted(PROVINCES)),
        st.sampled_from(["", "01", "05", "99"]) | st.from_regex(r"\A[0-9]{4}\Z"),
    ),
)
_parts = st.tuples(
    st.integers(min_value=1949, max_value=2027),
    _courts,
    st.sampled_from(sorted(CASE_TYPES)),
    st.integers(min_value=1, max_value=10**7),
)


@given(_parts)
def test_round_trip(parts: tuple[int, str, str, int]) -> None:
    canonical = format_case_number(*parts)
    n = parse_case_number(canonical)
    assert (n.year, n.court, n.type_code, n.seq) == parts
    assert n.canonical == canonical
    assert parse_case_number(n.canonical) == n  # idempotent


@given(_parts, st.randoms(use_true_random=False))
def test_noisy_variants_parse_to_canonical(parts: tuple[int, str, str, int], rnd) -> None:
    canonical = format_case_number(*parts)
    opener, closer = rnd.choice([("(", ")"), ("（", "）"), ("〔", "〕"), ("[", "]")])
    noisy = opener + canonical[1:5] + closer + canonical[6:]
    if rnd.random() < 0.5:
        noisy = noisy[:-1]  # drop 号
    noisy = "".join(
        c + rnd.choice(["", "", " ", "\u3000", "\xa0"]) for c in noisy
    )
    noisy = noisy.translate({ord(str(i)): chr(0xFF10 + i) for i in range(10)}) \
        if rnd.random() < 0.3 else noisy
    assert parse_case_number(noisy).canonical == canonical
    if noisy.rstrip().endswith("号"):
        assert [x.canonical for x in find_case_numbers("前文" + noisy + "后文")] == [canonical]
