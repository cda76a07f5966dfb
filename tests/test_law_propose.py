"""The two reading helpers registration leans on: the GB 32100 check of a unified social credit
code, and amounts as complaints write them, read to the fen and never guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from workbench.law.cn_amounts import find_amounts, read_amount
from workbench.law.credit_codes import check_character, credit_code_problem

# Codes of real registered companies (as printed on their licences), and one pilot-region code
# issued before the standard that fails the check although it is lawful.
REAL = ["91350200776049653A", "91350500798359476R", "91350503MA31DKY80A", "91440101MA5CJQ4N59",
        "913502000728319549", "123502001549897397", "9135021359498494XQ", "91350213678251743X"]


@pytest.mark.parametrize("code", REAL)
def test_real_codes_pass_the_check(code):
    assert credit_code_problem(code) is None
    assert check_character(code[:17]) == code[17]


def test_a_wrong_check_character_or_character_is_named():
    assert "校验位应为" in credit_code_problem("91350200776049653B")[0]
    assert "不用 I、O、S、V、Z" in credit_code_problem("91320583MA1W2X3Y4Z")[0]  # case-json.md's example
    assert "18 位" in credit_code_problem("9132058")[0]
    assert credit_code_problem("91350203M0001QAY9B") is not None  # the pilot code: flagged, for a look


@pytest.mark.parametrize("text, value", [
    ("50000元", "50000.00"), ("50,000.00元", "50000.00"), ("5万元", "50000.00"), ("5.5万元", "55000.00"),
    ("人民币伍万元整", "50000.00"), ("壹拾万零伍佰元", "100500.00"), ("捌万元零叁分", "80000.03"),
    ("壹仟零伍拾元伍角", "1050.50"), ("五万三千二百元", "53200.00"), ("5万3千元", "53000.00"),
    ("12.345678万元", "123456.78"), ("壹亿贰仟万元", "120000000.00"), ("拾万元", "100000.00"),
])
def test_amounts_read_to_the_fen(text, value):
    assert read_amount(text) == Decimal(value)


@pytest.mark.parametrize("text", ["叁万伍元", "伍佰伍元", "5万3元", "1,50元", "五五元", "元"])
def test_an_amount_that_reads_two_ways_or_not_at_all_is_refused(text):
    with pytest.raises(ValueError):
        read_amount(text)


def test_mentions_in_running_text():
    found = find_amounts("判令被告偿还借款本金人民币50,000元（大写：伍万元整）及违约金5.5万元。")
    assert [(m[2], m[3]) for m in found] == [(Decimal("50000.00"), "人民币50,000元"),
                                             (Decimal("50000.00"), "伍万元整"),
                                             (Decimal("55000.00"), "5.5万元")]
