"""Case elements per cause: schemas, filling from the case, the complaint and the hearing record,
and validation."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from workbench.cases.casejson import case_from_json
from workbench.drafting.elements import (causes, element_form, elements_to_json, extract_from_text,
                                         fill_elements, hearing_statements, lpr_on, parse_value,
                                         schema_for, validate)
from workbench.errors import UserError

DATA = Path(__file__).parent / "data" / "drafting"
SIX = ["民间借贷纠纷", "金融借款合同纠纷", "信用卡纠纷", "买卖合同纠纷", "物业服务合同纠纷", "机动车交通事故责任纠纷"]


def load(name: str, **changes):
    doc = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    doc.update(changes)
    return case_from_json(doc)[0]


def test_the_six_causes_have_schemas_and_forms():
    assert set(SIX) <= set(causes())
    for cause in SIX:
        form = element_form(cause)
        assert any(f["required"] for f in form)
        assert any(f["claim"] == "principal" for f in form), cause
        assert any(f["type"] == "party" and f["role"] == "plaintiff" for f in form)
        assert "evidence" in [f["key"] for f in form]
    assert schema_for("民间借贷").cause == "民间借贷纠纷"
    assert schema_for("traffic_accident").cause == "机动车交通事故责任纠纷"
    with pytest.raises(UserError, match="离婚纠纷"):
        schema_for("离婚纠纷")


@pytest.mark.parametrize("name", ["private_loan", "financial_loan", "credit_card", "sale_contract",
                                  "property_service", "traffic_accident"])
def test_fixtures_fill_completely_and_validate(name):
    el = fill_elements(load(name))
    assert not [i for i in el.issues if i.severity == "error"], [i.message for i in el.issues]
    for f in schema_for(el.cause).fields:
        if f.required:
            assert el.get(f.key) is not None, f.key


def test_values_are_typed_and_remember_their_source():
    case = load("private_loan")
    case.elements.pop("principal")
    el = fill_elements(case)
    assert el.values["principal"] == Decimal("80000.00") and el.sources["principal"] == "claims"
    assert el.values["interest"] == Decimal("2400.00") and el.sources["interest"] == "claims"
    assert el.values["lent_on"] == date(2025, 3, 1) and el.sources["lent_on"] == "case"
    assert el.values["annual_rate_percent"] == Decimal("3.6")
    assert el.values["lender"] == "王建国" and el.sources["lender"] == "parties"
    assert el.values["borrower"] == "张志强"
    assert el.values["evidence"] == ["借条", "银行转账凭证"]


def test_guarantor_is_not_taken_for_the_borrower():
    el = fill_elements(load("financial_loan"))
    assert el.values["borrower"] == "吴敏" and el.values["guarantors"] == ["徐建华"]


COMPLAINT = """民事起诉状
原告：王建国，男，1975年6月3日出生
诉讼请求：
1.判令被告偿还借款本金80,000元；
事实和理由：
2025年3月1日，被告张志强因资金周转向原告借款，原告当日通过银行转账交付借款本金80000元，双方约定年利率为6%，
约定于2025年9月1日前归还。被告已归还5000元，余款经催讨未还。
此致
江苏省昆山市人民法院"""


def test_elements_from_the_complaint_text_when_the_case_lacks_them():
    case = load("private_loan", elements={}, claims=[{"kind": "costs", "text": "本案诉讼费用由被告负担"}])
    el = fill_elements(case, complaint_text=COMPLAINT)
    assert el.values["principal"] == Decimal("80000.00") and el.sources["principal"] == "complaint"
    assert el.values["lent_on"] == date(2025, 3, 1) and el.sources["lent_on"] == "complaint"
    assert el.values["annual_rate_percent"] == Decimal("6")
    assert el.values["due_on"] == date(2025, 9, 1)
    assert el.values["repaid"] == Decimal("5000.00") and el.sources["repaid"] == "complaint"


def test_the_case_wins_over_the_complaint():
    el = fill_elements(load("private_loan"), complaint_text=COMPLAINT)
    assert el.values["annual_rate_percent"] == Decimal("3.6") and el.sources["annual_rate_percent"] == "case"


def test_extraction_for_other_causes():
    s = schema_for("机动车交通事故责任纠纷")
    got = extract_from_text(s, "2025年9月18日，在昆山市发生交通事故。经认定，被告陈海涛负事故全部责任。"
                               "医疗费98650.30元，误工费21600元，护理费12,600元，交通费3570元，各项损失合计136420.30元。")
    assert got["accident_on"] == date(2025, 9, 18)
    assert got["medical"] == Decimal("98650.30") and got["nursing"] == Decimal("12600.00")
    assert got["principal"] == Decimal("136420.30")
    assert "全部责任" in got["liability"]
    s = schema_for("信用卡纠纷")
    assert extract_from_text(s, "卡号尾号为6021，透支本金23,456.78元")["card_last4"] == "6021"


def test_the_hearing_record_gives_the_defence_when_no_answer_was_filed():
    record = "审判员：被告对原告的诉讼请求有何意见？\n被告：借款属实，但我已经还了一部分。\n原告：没有还过。\n" \
             "被告委托诉讼代理人：请求法庭查明已还款金额"
    assert hearing_statements(record) == ["借款属实，但我已经还了一部分。", "请求法庭查明已还款金额"]
    case = load("private_loan")
    case.hearing.defendant_answer = None
    el = fill_elements(case, hearing_text=record)
    assert el.values["hearing_defence"] == "借款属实，但我已经还了一部分。请求法庭查明已还款金额。"
    assert el.sources["hearing_defence"] == "hearing"


def test_validation_reports_missing_and_inconsistent_elements():
    case = load("private_loan")
    schema = schema_for(case.cause)
    values = dict(fill_elements(case).values)
    values.update(lent_on=date(2025, 10, 1), repaid=Decimal("90000"), lender="李四")
    values.pop("borrower")
    issues = {i.key: i for i in validate(schema, values, case)}
    assert issues["borrower"].severity == "error" and "借款人" in issues["borrower"].zh
    assert "早于" in issues["due_on"].zh
    assert "超过" in issues["repaid"].zh
    assert "不是本案的当事人" in issues["lender"].zh


def test_rate_above_four_times_lpr_is_a_warning():
    case = load("private_loan")
    case.elements["annual_rate_percent"] = "24"
    el = fill_elements(case)
    warn = [i for i in el.issues if i.key == "annual_rate_percent"]
    assert warn and warn[0].severity == "warning" and "12.4" in warn[0].zh  # 4 × 3.10% LPR in March 2025


def test_traffic_items_must_add_up():
    case = load("traffic_accident")
    case.elements["medical"] = "98000.00"
    assert any(i.key == "principal" and "各分项之和" in i.zh for i in fill_elements(case).issues)


def test_bad_values_name_the_field():
    spec = schema_for("民间借贷纠纷").field("principal")
    with pytest.raises(UserError, match="principal"):
        parse_value(spec, "八万")
    case = load("private_loan")
    case.elements["lent_on"] = "2025-13-01"
    el = fill_elements(case)
    assert any(i.key == "lent_on" and i.severity == "error" for i in el.issues)
    assert parse_value(schema_for("信用卡纠纷").field("card_last4"), "6021") == "6021"
    with pytest.raises(UserError):
        parse_value(schema_for("信用卡纠纷").field("card_last4"), "60210")


def test_unknown_keys_are_kept_and_json_round_trips():
    case = load("private_loan")
    case.elements["witness"] = "李四"
    el = fill_elements(case)
    out = elements_to_json(el)
    assert out["witness"] == "李四"
    assert out["principal"] == "80000.00" and out["annual_rate_percent"] == "3.6"
    assert out["lent_on"] == "2025-03-01"
    again = fill_elements(load("private_loan", elements=out))
    assert again.values["principal"] == el.values["principal"]


def test_lpr_table():
    assert lpr_on(date(2019, 8, 1)) is None
    assert lpr_on(date(2019, 8, 20)) == Decimal("4.25")
    assert lpr_on(date(2024, 10, 21)) == Decimal("3.10")
    assert lpr_on(date(2026, 1, 1)) == Decimal("3.00")
