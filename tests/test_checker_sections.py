"""Issue 12, the checker: every amount against the case and the other sections, a figure against
its uppercase, dates in order, party names and roles, the statute version by judgment date, the
appeal notice (none for small claims), the fee and who bears it. One planted error at a time,
each found where it is; nothing on a clean draft."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from test_checker import plant

from workbench.cases.casejson import case_from_json
from workbench.drafting.checker import check_document
from workbench.drafting.judgment import build_judgment
from workbench.drafting.profile import profile_for

DATA = Path(__file__).parent / "data" / "drafting"
ON = date(2026, 4, 20)
CAUSES = ["private_loan", "financial_loan", "credit_card", "sale_contract", "property_service",
          "traffic_accident"]


def case_of(name="private_loan", **changes):
    doc = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    doc.update(changes)
    return case_from_json(doc)[0]


def made(name="private_loan", **changes):
    case = case_of(name, **changes)
    profile = profile_for(case, {"uppercase_amounts": True})
    return case, build_judgment(case, judgment_date=ON, profile=profile), profile


def found(draft, case, profile, code):
    out = check_document(draft.paragraphs, case, profile=profile)
    hits = [f for f in out if f.code == code]
    assert hits, [f.message for f in out]
    return hits


def at(f):
    return f.location.paragraph, f.location.start, f.location.end


@pytest.mark.parametrize("name", CAUSES)
@pytest.mark.parametrize("procedure", ["simple", "small_claims", "ordinary"])
def test_a_clean_draft_has_no_finding(name, procedure):
    case, draft, profile = made(name, procedure=procedure)
    assert check_document(draft.paragraphs, case, profile=profile) == []


def test_the_principal_changed_in_the_claims_paragraph_is_found_where_it_is():
    case, draft, profile = made()
    # The claim list says 8000 though the claim, the holding and the record all say 80000.
    i, s, e = plant(draft, "claims", "借款本金80000元", "借款本金8000元")
    hits = found(draft, case, profile, "claim_amount")
    assert at(hits[0]) == (i, s + len("借款本金"), e - 1)
    assert "80000" in hits[0].zh


@pytest.mark.parametrize("name,old,new", [
    ("financial_loan", "利息、罚息、复利12300.50元；", "利息、罚息、复利12300.05元；"),
    ("traffic_accident", "各项损失共计136420.30元；", "各项损失共计13642.30元；"),
])
def test_a_claim_amount_changed_in_other_causes(name, old, new):
    case, draft, profile = made(name)
    i, s, e = plant(draft, "claims", old, new)
    hit = found(draft, case, profile, "claim_amount")[0]
    assert hit.location.paragraph == i and s <= hit.location.start < e


def test_an_amount_in_the_findings_that_nothing_else_states():
    case, draft, profile = made()
    i, s, e = plant(draft, "findings", "借款80000元", "借款60000元")
    hit = found(draft, case, profile, "amount_unknown")[0]
    assert at(hit) == (i, s + 2, e - 1)


def test_an_amount_in_the_reasoning_that_differs_from_the_holding():
    case, draft, profile = made()
    i, s, e = plant(draft, "reasoning", "借款本金80000元", "借款本金8000元")
    hits = found(draft, case, profile, "amount_unknown")
    assert any(at(h) == (i, s + 4, e - 1) for h in hits)


def test_a_figure_and_its_uppercase_must_agree():
    case, draft, profile = made()
    i, s, e = plant(draft, "operative", "人民币捌万元整", "人民币捌仟元整")
    hit = found(draft, case, profile, "uppercase_amount")[0]
    assert at(hit) == (i, s + len("人民币"), e) and "捌万元整" in hit.zh


def test_the_fee_figure_and_its_uppercase():
    case, draft, profile = made()
    i, s, e = plant(draft, "costs", "人民币玖佰叁拾元整", "人民币玖佰叁拾伍元整")
    assert at(found(draft, case, profile, "uppercase_amount")[0]) == (i, s + len("人民币"), e)


def test_the_hearing_before_the_filing_is_out_of_order():
    case, draft, profile = made()
    case.hearing.held_on = date(2026, 3, 1)  # filed 2026-03-05
    assert any("开庭日期" in f.zh for f in found(draft, case, profile, "date_order"))


def test_the_judgment_before_the_hearing_is_out_of_order():
    case, draft, profile = made()
    i, s, e = plant(draft, "signature", "二〇二六年四月二十日", "二〇二六年三月十日")
    case.hearing.held_on = date(2026, 4, 1)
    hit = found(draft, case, profile, "date_order")[0]
    assert at(hit) == (i, s, e)


def test_a_party_in_the_wrong_role():
    case, draft, profile = made()
    i, s, e = plant(draft, "parties", "被告：张志强", "第三人：张志强")
    hit = found(draft, case, profile, "party_name")[0]
    assert hit.location.paragraph == i


def test_an_article_cited_by_another_versions_number():
    # 《民事诉讼法》第二百五十三条 is the late-performance article of the 2017 text; on 2026-04-20
    # the 2023 text is in force, where it is 第二百六十四条.
    case, draft, profile = made()
    i, s, e = plant(draft, "late_performance", "第二百六十四条", "第二百五十三条")
    hit = found(draft, case, profile, "citation_version")[0]
    assert at(hit) == (i, s, e) and "第二百六十四条" in hit.zh and "2023年修正" in hit.zh


def test_no_appeal_notice_in_a_small_claims_judgment():
    case, draft, profile = made(procedure="small_claims")
    i = next(i for i, p in enumerate(draft.paragraphs) if p.section == "appeal")
    draft.paragraphs[i].text = ("如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，"
                                "上诉于江苏省苏州市中级人民法院。")
    hits = found(draft, case, profile, "appeal")
    assert any(h.location.paragraph == i and "终审" in h.zh for h in hits)


def test_a_small_claims_judgment_must_say_it_is_final():
    case, draft, profile = made(procedure="small_claims")
    i, s, e = plant(draft, "appeal", "本判决为终审判决。", "本判决自送达之日起生效。")
    assert found(draft, case, profile, "appeal")[0].location.paragraph == i


def test_the_winner_does_not_bear_the_fee():
    case, draft, profile = made()
    i, s, e = plant(draft, "costs", "由被告张志强负担", "由原告王建国负担")
    hit = found(draft, case, profile, "fee_bearer")[0]
    assert hit.location.paragraph == i and "第二十九条" in hit.zh


def test_the_fee_borne_by_someone_not_a_party():
    case, draft, profile = made()
    i, s, e = plant(draft, "costs", "由被告张志强负担", "由被告李志强负担")
    hit = found(draft, case, profile, "fee_bearer")[0]
    assert at(hit) == (i, s + 3, e - 2)


def test_the_fee_amount_against_the_schedule():
    case, draft, profile = made()
    i, s, e = plant(draft, "costs", "减半收取计930元", "减半收取计903元")
    hit = found(draft, case, profile, "fee")[0]
    assert hit.location.paragraph == i


def test_the_issues_example_50000_to_5000_in_the_claims_paragraph_of_a_docx(tmp_path):
    from workbench.drafting.checker import check_docx
    from workbench.drafting.docx_writer import write_docx, read_docx
    doc = json.loads((DATA / "private_loan.json").read_text(encoding="utf-8"))
    doc["claims"][0].update(amount="50000.00", text="判令被告偿还借款本金50000元")
    doc["elements"]["principal"] = "50000.00"
    case = case_from_json(doc)[0]
    profile = profile_for(case, {"uppercase_amounts": True})
    draft = build_judgment(case, judgment_date=ON, profile=profile)
    assert check_docx(write_docx(draft, tmp_path / "clean.docx", profile), case, profile=profile) == []
    i, s, e = plant(draft, "claims", "借款本金50000元", "借款本金5000元")
    path = write_docx(draft, tmp_path / "j.docx", profile)
    hits = [f for f in check_docx(path, case, profile=profile) if f.code == "claim_amount"]
    assert len(hits) == 1
    paras = read_docx(path)
    loc = hits[0].location
    assert paras[loc.paragraph].section == "claims"
    assert paras[loc.paragraph].text[loc.start:loc.end] == "5000"
    assert "50000" in hits[0].zh
