"""Acceptance 2: the checker finds each planted error, one at a time, where it is; and it finds
nothing in the unaltered draft."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from workbench.cases.casejson import case_from_json
from workbench.drafting.checker import check_document, check_docx, id_checksum_ok
from workbench.drafting.docx_writer import write_docx
from workbench.drafting.judgment import build_judgment
from workbench.drafting.profile import profile_for

DATA = Path(__file__).parent / "data" / "drafting"
ON = date(2026, 4, 20)


def case_of(name="private_loan", **changes):
    doc = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    doc.update(changes)
    return case_from_json(doc)[0]


@pytest.fixture
def made():
    case = case_of()
    profile = profile_for(case, {"uppercase_amounts": True})
    draft = build_judgment(case, judgment_date=ON, profile=profile)
    return case, draft, profile


def plant(draft, section, old, new, nth=0):
    """Replace `old` by `new` in the nth paragraph of `section` that has it; return its index and
    the span of the new text."""
    hits = [i for i, p in enumerate(draft.paragraphs) if p.section == section and old in p.text]
    i = hits[nth]
    p = draft.paragraphs[i]
    start = p.text.index(old)
    p.text = p.text.replace(old, new, 1)
    return i, start, start + len(new)


def findings(draft, case, profile=None):
    return check_document(draft.paragraphs, case, profile=profile)


def only(found, code):
    hits = [f for f in found if f.code == code]
    assert hits, [f.message for f in found]
    return hits


def test_the_unaltered_draft_has_no_finding(made):
    case, draft, profile = made
    assert findings(draft, case, profile) == []


@pytest.mark.parametrize("name", ["financial_loan", "credit_card", "sale_contract", "property_service",
                                  "traffic_accident"])
def test_no_finding_on_the_other_causes(name):
    case = case_of(name)
    profile = profile_for(case, {"uppercase_amounts": True})
    assert findings(build_judgment(case, judgment_date=ON, profile=profile), case, profile) == []


def test_party_name_changed_by_one_character_in_the_parties(made):
    case, draft, profile = made
    i, s, e = plant(draft, "parties", "原告：王建国", "原告：王建军")
    hits = only(findings(draft, case, profile), "party_name")
    loc = hits[0].location
    assert (loc.paragraph, loc.start, loc.end) == (i, s + 3, e)
    assert "王建军" in hits[0].zh and "王建国" in hits[0].zh  # says what it should be


def test_party_name_changed_by_one_character_in_running_text(made):
    case, draft, profile = made
    i, s, e = plant(draft, "procedure", "原告王建国与", "原告王建军与")
    hits = only(findings(draft, case, profile), "party_name")
    loc = hits[0].location
    assert (loc.paragraph, draft.paragraphs[i].text[loc.start:loc.end]) == (i, "王建军")
    assert loc.section == "procedure"


def test_id_number_changed(made):
    case, draft, profile = made
    i, _, _ = plant(draft, "parties", "32058319750603123X", "320583197506031239")
    hit = only(findings(draft, case, profile), "id_number")[0]
    assert hit.location.paragraph == i
    assert draft.paragraphs[i].text[hit.location.start:hit.location.end] == "320583197506031239"


@pytest.mark.parametrize("new", ["85000元（人民币捌万伍仟元整）", "8000元（人民币捌仟元整）"])
def test_amount_in_an_operative_item_changed(made, new):
    case, draft, profile = made
    i, s, _ = plant(draft, "operative", "80000元（人民币捌万元整）", new)
    hits = only(findings(draft, case, profile), "operative_amount")
    assert all(h.location.paragraph == i for h in hits)
    assert draft.paragraphs[i].text[hits[0].location.start:hits[0].location.end] == new.split("元")[0]
    assert not [f for f in findings(draft, case, profile) if f.code == "uppercase_amount"]


def test_amount_changed_without_uppercase_is_found_too():
    case = case_of()
    draft = build_judgment(case, judgment_date=ON)
    i, _, _ = plant(draft, "operative", "利息2400元", "利息2600元")
    hits = only(findings(draft, case), "operative_amount")
    assert hits[0].location.paragraph == i and "超过" in hits[0].zh


def test_uppercase_that_does_not_match_its_figures(made):
    case, draft, profile = made
    i, s, e = plant(draft, "operative", "人民币捌万元整", "人民币捌万伍仟元整")
    hit = only(findings(draft, case, profile), "uppercase_amount")[0]
    assert hit.location.paragraph == i
    assert draft.paragraphs[i].text[hit.location.start:hit.location.end] == "捌万伍仟元整"
    assert "捌万元整" in hit.zh


@pytest.mark.parametrize("old, new, why", [
    ("案件受理费1860元（人民币壹仟捌佰陆拾元整）", "案件受理费1850元（人民币壹仟捌佰伍拾元整）", "1860"),
    ("减半收取计930元（人民币玖佰叁拾元整）", "减半收取计940元（人民币玖佰肆拾元整）", "930"),
])
def test_wrong_fee(made, old, new, why):
    case, draft, profile = made
    i, _, _ = plant(draft, "costs", old, new)
    hit = only(findings(draft, case, profile), "fee")[0]
    assert hit.location.paragraph == i and why in hit.zh


def test_fee_not_halved_in_simple_procedure(made):
    case, draft, profile = made
    i, _, _ = plant(draft, "costs", "，减半收取计930元（人民币玖佰叁拾元整）", "")
    assert "减半" in only(findings(draft, case, profile), "fee")[0].zh


def test_judgment_date_before_the_filing_date(made):
    case, draft, profile = made
    i, s, e = plant(draft, "signature", "二〇二六年四月二十日", "二〇二六年三月一日")
    hit = only(findings(draft, case, profile), "date_order")[0]
    assert (hit.location.paragraph, hit.location.start, hit.location.end) == (i, s, e)
    assert "早于立案日期" in hit.zh


def test_judgment_date_before_the_hearing_and_a_wrong_filing_date(made):
    case, draft, profile = made
    plant(draft, "signature", "二〇二六年四月二十日", "二〇二六年四月八日")
    plant(draft, "procedure", "本院于2026年3月5日立案", "本院于2026年3月6日立案")
    codes = [f.zh for f in findings(draft, case, profile) if f.code == "date_order"]
    assert any("早于开庭日期" in z for z in codes) and any("立案日期" in z for z in codes)


def test_citation_of_an_article_the_law_does_not_have(made):
    case, draft, profile = made
    i, s, e = plant(draft, "basis", "第六百六十七条", "第一千三百条")
    hit = only(findings(draft, case, profile), "citation")[0]
    assert (hit.location.paragraph, hit.location.start, hit.location.end) == (i, s, e)
    assert "1260" in hit.zh or "一千二百六十" in hit.zh or "共1260条" in hit.zh


def test_late_performance_article_of_the_wrong_version(made):
    case, draft, profile = made
    i, s, e = plant(draft, "late_performance", "第二百六十四条", "第二百六十条")
    hit = only(findings(draft, case, profile), "citation")[0]
    assert (hit.location.paragraph, hit.location.start, hit.location.end) == (i, s, e)
    assert "第二百六十四条" in hit.zh


def test_default_judgment_must_cite_the_default_article():
    case = case_of(hearing={"held_on": "2026-04-10", "public": True, "present": ["plaintiff"],
                            "defendant_answer": None})
    draft = build_judgment(case, judgment_date=ON)
    assert findings(draft, case) == []
    plant(draft, "basis", "，《中华人民共和国民事诉讼法》第一百四十七条", "")
    assert "第一百四十七条" in only(findings(draft, case), "citation")[0].zh


@pytest.mark.parametrize("bad", ["（2026）苏0583民出2101号", "(2026)苏0583民初2101号", "（2026）苏0583民初2101",
                                 "（2026）苏0583民初2102号", "（２０２６）苏0583民初2101号"])
def test_malformed_case_number(made, bad):
    case, draft, profile = made
    i, s, e = plant(draft, "title", "（2026）苏0583民初2101号", bad)
    hit = only(findings(draft, case, profile), "case_number")[0]
    assert (hit.location.paragraph, hit.location.start, hit.location.end) == (i, s, e)


def test_a_case_number_in_running_text_must_match(made):
    case, draft, profile = made
    p = draft.paragraphs[next(i for i, p in enumerate(draft.paragraphs) if p.section == "findings")]
    p.text += "另查明，（2025）苏0583民初99号案件已审结。"
    hit = only(findings(draft, case, profile), "case_number")[0]
    assert "（2025）苏0583民初99号" in hit.zh


def test_appeal_court_and_period(made):
    case, draft, profile = made
    plant(draft, "appeal", "十五日", "十日")
    plant(draft, "appeal", "江苏省苏州市中级人民法院", "江苏省无锡市中级人民法院")
    zh = [f.zh for f in only(findings(draft, case, profile), "appeal")]
    assert any("十五日" in z for z in zh) and any("江苏省苏州市中级人民法院" in z for z in zh)


def test_left_placeholder_and_missing_section(made):
    case, draft, profile = made
    plant(draft, "findings", "2025年3月1日", "【待补充：出借日期】")
    draft.paragraphs = [p for p in draft.paragraphs if p.section != "appeal"]
    found = findings(draft, case, profile)
    assert only(found, "gap") and only(found, "section_missing")


def test_planted_error_found_through_the_docx(made, tmp_path):
    case, draft, profile = made
    i, s, e = plant(draft, "parties", "被告：张志强", "被告：张志刚")
    path = write_docx(draft, tmp_path / "j.docx", profile)
    hit = only(check_docx(path, case, profile=profile), "party_name")[0]
    assert (hit.location.paragraph, hit.location.start, hit.location.end) == (i, s + 3, e)
    data = hit.to_json()
    assert data["location"]["section"] == "parties" and " / " in data["message"]


def test_id_check_digit():
    assert id_checksum_ok("11010519491231002X")
    assert not id_checksum_ok("110105194912310021")
    assert not id_checksum_ok("12345")


def test_withdrawal_ruling_checks():
    from workbench.drafting.ruling import build_withdrawal_ruling
    case = case_of("sale_contract")
    ruling = build_withdrawal_ruling(case, applied_on=date(2026, 2, 10), ruling_date=date(2026, 2, 12))
    assert findings(ruling, case) == []  # no claims, findings or appeal notice needed
    i, _, _ = plant(ruling, "basis", "第一百四十八条", "第一百四十五条")
    assert only(findings(ruling, case), "citation")[0].location.paragraph == i
    ruling = build_withdrawal_ruling(case, applied_on=date(2026, 2, 10), ruling_date=date(2026, 2, 12))
    fee = ruling.fee.fee
    plant(ruling, "costs", f"减半收取计{fee}元", "减半收取计1元")
    assert only(findings(ruling, case), "fee")


def test_a_contract_number_is_not_taken_for_a_case_number(made):
    case, draft, profile = made
    plant(draft, "findings", "2025年3月1日，", "2025年3月1日，双方签订（2024）昆银借字第123号借款合同，")
    assert findings(draft, case, profile) == []
