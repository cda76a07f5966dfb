"""Court fees under 《诉讼费用交纳办法》 and the money formatting judgments use."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.law.fees import FeeResult, court_fee, preservation_fee, property_fee
from workbench.law.money import fmt_yuan, parse_amount, uppercase_amount
from workbench.errors import UserError

# --- property fee: every bracket boundary ------------------------------------------------------

# (bracket top, fee at the top, rate of the next bracket)
BRACKET_TOPS = [
    (10_000, "50", "0.025"),
    (100_000, "2300", "0.02"),
    (200_000, "4300", "0.015"),
    (500_000, "8800", "0.01"),
    (1_000_000, "13800", "0.009"),
    (2_000_000, "22800", "0.008"),
    (5_000_000, "46800", "0.007"),
    (10_000_000, "81800", "0.006"),
    (20_000_000, "141800", "0.005"),
]


@pytest.mark.parametrize("top, fee, _rate", BRACKET_TOPS)
def test_fee_at_bracket_top(top: int, fee: str, _rate: str) -> None:
    assert property_fee(D(top)) == D(fee)
    assert property_fee(top) == D(fee)  # int accepted too


@pytest.mark.parametrize("top, fee, rate", BRACKET_TOPS)
def test_one_fen_above_bracket_top(top: int, fee: str, rate: str) -> None:
    exact = D(fee) + D("0.01") * D(rate)  # at most 0.00025: rounds back to the top fee
    assert property_fee(D(top) + D("0.01")) == exact.quantize(D("0.01"))
    assert property_fee(D(top) + D("0.01")) == D(fee)


@pytest.mark.parametrize("top, fee, rate", BRACKET_TOPS)
def test_one_yuan_above_bracket_top_uses_next_rate(top: int, fee: str, rate: str) -> None:
    # 100 元 above the top shows the next bracket's rate unmistakably.
    assert property_fee(D(top) + 100) == (D(fee) + 100 * D(rate)).quantize(D("0.01"))


def test_reference_example_50000() -> None:
    assert property_fee(D(50_000)) == D("1050.00")


@pytest.mark.parametrize(
    "amount, fee",
    [(0, "50"), (D("0.01"), "50"), (5_000, "50"), (D("9999.99"), "50"),
     (80_000, "1800"), (150_000, "3300"), (30_000_000, "191800"), (D("123456.78"), "2769.14")],
)
def test_property_fee_examples(amount, fee: str) -> None:
    assert property_fee(amount) == D(fee)


def test_rounding_is_half_up_at_the_fen() -> None:
    # 0.20 × 2.5% = 0.005 → rounds up; 0.19 × 2.5% = 0.00475 → rounds down.
    assert property_fee(D("10000.20")) == D("50.01")
    assert property_fee(D("10000.19")) == D("50.00")
    # 0.50 × 2% = 0.01 exactly; 0.25 × 2% = 0.005 → up.
    assert property_fee(D("100000.25")) == D("2300.01")
    assert property_fee(D("100000.24")) == D("2300.00")


def test_fees_are_quantised_to_the_fen() -> None:
    assert property_fee(50_000).as_tuple().exponent == -2
    assert preservation_fee(None).as_tuple().exponent == -2
    assert preservation_fee(10**9).as_tuple().exponent == -2


@given(st.integers(min_value=0, max_value=10**10))
def test_property_fee_is_monotonic(fen: int) -> None:
    a = D(fen) / 100
    assert property_fee(a) <= property_fee(a + 1)


# --- court_fee: halving -----------------------------------------------------------------------

def test_ordinary_procedure_is_not_halved() -> None:
    r = court_fee(D(50_000))
    assert isinstance(r, FeeResult)
    assert (r.kind, r.amount, r.full_fee, r.fee, r.halved) == (
        "property", D(50_000), D("1050.00"), D("1050.00"), False)
    assert r.basis == "《诉讼费用交纳办法》第十三条第（一）项"
    assert r.steps == [
        "10,000 元以下部分：50 元",
        "10,000–50,000 元部分 40,000 × 2.5% = 1,000 元",
        "合计：1,050 元",
    ]


def test_ordinary_judgment_is_not_halved() -> None:
    r = court_fee(D(50_000), concluded_by="judgment")
    assert r.fee == D("1050.00") and not r.halved


@pytest.mark.parametrize("procedure", ["simple", "small_claims"])
def test_simple_and_small_claims_are_halved(procedure: str) -> None:
    r = court_fee(D(50_000), procedure=procedure)
    assert r.full_fee == D("1050.00")
    assert r.fee == D("525.00")
    assert r.halved
    assert r.basis == "《诉讼费用交纳办法》第十三条第（一）项、第十六条"
    assert r.steps[-1].endswith("1,050 ÷ 2 = 525 元")


@pytest.mark.parametrize("how", ["mediation", "withdrawal"])
def test_mediation_and_withdrawal_are_halved(how: str) -> None:
    r = court_fee(D(50_000), concluded_by=how)
    assert r.fee == D("525.00")
    assert r.halved
    assert r.basis == "《诉讼费用交纳办法》第十三条第（一）项、第十五条"


def test_halvings_do_not_stack_by_default() -> None:
    r = court_fee(D(50_000), procedure="simple", concluded_by="mediation")
    assert r.fee == D("525.00")
    # Halved once, under 第十六条: 第十五条 was not applied, so the basis does not cite it.
    assert r.basis == "《诉讼费用交纳办法》第十三条第（一）项、第十六条"
    assert "不再重复减半" in r.steps[-1]


def test_halvings_stack_when_the_profile_says_so() -> None:
    r = court_fee(D(50_000), procedure="small_claims", concluded_by="withdrawal",
                  stack_halvings=True)
    assert r.fee == D("262.50")
    assert r.halved


def test_stack_option_alone_does_not_halve() -> None:
    assert court_fee(D(50_000), stack_halvings=True).fee == D("1050.00")
    assert court_fee(D(50_000), procedure="simple", stack_halvings=True).fee == D("525.00")


def test_halving_rounds_half_up_at_each_step() -> None:
    # full 50.01 → 25.005 → 25.01 → (stacked) 12.505 → 12.51
    assert court_fee(D("10000.20"), procedure="simple").fee == D("25.01")
    r = court_fee(D("10000.20"), procedure="simple", concluded_by="mediation", stack_halvings=True)
    assert r.fee == D("12.51")
    assert "四舍五入至分：50.01 元" in r.steps[2]


def test_preservation_through_court_fee_is_never_halved() -> None:
    r = court_fee(D(200_000), procedure="simple", kind="preservation", concluded_by="mediation")
    assert (r.full_fee, r.fee, r.halved) == (D("1520.00"), D("1520.00"), False)
    assert r.basis == "《诉讼费用交纳办法》第十四条第（二）项"
    assert "不适用减半" in r.steps[-1]


def test_preservation_without_amount_through_court_fee() -> None:
    r = court_fee(None, kind="preservation")
    assert r.amount is None and r.fee == D("30.00")


@pytest.mark.parametrize(
    "kwargs, field",
    [({"procedure": "summary"}, "procedure"), ({"kind": "divorce"}, "kind"),
     ({"concluded_by": "settled"}, "concluded_by")],
)
def test_unknown_options_are_refused(kwargs: dict, field: str) -> None:
    with pytest.raises(UserError) as info:
        court_fee(D(1000), **kwargs)
    assert info.value.field == field


def test_property_case_needs_an_amount() -> None:
    with pytest.raises(UserError, match="needs a claim amount"):
        court_fee(None)


@pytest.mark.parametrize(
    "bad, en", [(D(-1), "negative"), (D("1.001"), "more than 2 decimal"), (D("NaN"), "finite"),
                (D("Infinity"), "finite")],
)
def test_bad_amounts_are_refused(bad: D, en: str) -> None:
    with pytest.raises(UserError, match=en):
        property_fee(bad)
    with pytest.raises(UserError, match=en):
        preservation_fee(bad)


def test_floats_are_a_programming_error() -> None:
    with pytest.raises(TypeError):
        property_fee(50000.0)  # type: ignore[arg-type]


# --- preservation fee -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "amount, fee",
    [
        (None, "30"),
        (0, "30"),
        (500, "30"),
        (1_000, "30"),
        (D("1000.01"), "30.00"),   # 30.0001
        (D("1000.50"), "30.01"),   # 30.005 → half up
        (2_000, "40"),
        (100_000, "1020"),         # 30 + 99,000 × 1%
        (D("100000.01"), "1020"),
        (200_000, "1520"),         # + 100,000 × 0.5%
        (895_999, "4999.995"),     # just under the cap, rounds to 5,000.00
        (896_000, "5000"),         # cap reached exactly
        (1_000_000, "5000"),
        (10**10, "5000"),
    ],
)
def test_preservation_fee(amount, fee: str) -> None:
    assert preservation_fee(amount) == D(fee).quantize(D("0.01"))


def test_preservation_steps_show_the_cap() -> None:
    r = court_fee(D(10**7), kind="preservation")
    assert r.steps[-1] == "超过上限，按 5,000 元收取"
    assert r.fee == D("5000.00")


# --- parse_amount ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, value",
    [("80000", "80000"), ("80,000.00", "80000"), ("８００００", "80000"), ("80000元", "80000"),
     (" 80000 元 ", "80000"), ("1,234,567.8", "1234567.80"), ("0.5", "0.50"), ("0", "0"),
     ("¥80,000", "80000"), ("￥８０，０００．５０", "80000.50"), ("人民币80000元", "80000")],
)
def test_parse_amount_accepts(text: str, value: str) -> None:
    got = parse_amount(text)
    assert got == D(value)
    assert got.as_tuple().exponent == -2


@pytest.mark.parametrize(
    "text, en",
    [("-5", "must not be negative"), ("-80,000.00", "must not be negative"),
     ("abc", "not a number"), ("八万", "not a number"), ("12.3.4", "not a number"),
     ("1e5", "not a number"), ("", "empty"), ("元", "empty"),
     ("1.234", "more than 2 decimal"), ("80000.001元", "more than 2 decimal"),
     ("NaN", "not a finite number"), ("inf", "not a finite number"),
     ("-Infinity", "not a finite number"), ("1,50", "misplaced thousands separator"),
     ("80,0000", "misplaced thousands separator")],
)
def test_parse_amount_rejects(text: str, en: str) -> None:
    with pytest.raises(UserError) as info:
        parse_amount(text)
    message = str(info.value)
    assert message.startswith("金额不正确：")
    assert en in message
    assert repr(text) in message
    assert info.value.field == "amount"


# --- fmt_yuan ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "value, text",
    [(D(1050), "1,050.00"), (D("1050.5"), "1,050.50"), (D(0), "0.00"),
     (D("1234567.005"), "1,234,567.01"), (D("0.004"), "0.00"), (D(141800), "141,800.00")],
)
def test_fmt_yuan(value: D, text: str) -> None:
    assert fmt_yuan(value) == text


# --- uppercase_amount --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "value, text",
    [
        ("50000", "伍万元整"),
        ("1050.5", "壹仟零伍拾元伍角"),
        ("80000.03", "捌万元零叁分"),
        ("100001", "壹拾万零壹元整"),
        ("0", "零元整"),
        ("10", "壹拾元整"),                # 壹拾, never bare 拾
        ("15", "壹拾伍元整"),
        ("1005", "壹仟零伍元整"),           # zeros inside a group: one 零
        ("1500", "壹仟伍佰元整"),           # trailing zeros: nothing
        ("10500", "壹万零伍佰元整"),        # group starting with zero: 零
        ("105000", "壹拾万伍仟元整"),       # 万位 zero, 千位 not: optional 零 left out
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),  # 元位 zero, 角 not: optional 零 left out
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),  # 角 zero, 分 not: 零 required
        ("107000.53", "壹拾万柒仟元伍角叁分"),
        ("100001000", "壹亿零壹仟元整"),    # a whole zero group between: one 零
        ("100010000", "壹亿零壹万元整"),
        ("120000000", "壹亿贰仟万元整"),
        ("1000000000", "壹拾亿元整"),
        ("2300", "贰仟叁佰元整"),
        ("141800", "壹拾肆万壹仟捌佰元整"),
        ("525.5", "伍佰贰拾伍元伍角"),
        ("0.5", "伍角"),
        ("0.05", "伍分"),
        ("0.55", "伍角伍分"),
        ("12.34", "壹拾贰元叁角肆分"),
        ("0.005", "壹分"),                 # rounded half-up to the fen first
    ],
)
def test_uppercase_amount(value: str, text: str) -> None:
    assert uppercase_amount(D(value)) == text


def test_uppercase_amount_refuses_negative() -> None:
    with pytest.raises(UserError):
        uppercase_amount(D(-1))
