"""The civil mediation paper (民事调解书): sections, the fee halved once, the agreement's items,
the .docx and PDF round trips, the checker, and the CLI."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from workbench.cases.casejson import case_from_json
from workbench.cli import main
from workbench.drafting.checker import check_document
from workbench.drafting.docx_writer import docx_bytes, read_docx
from workbench.drafting.judgment import build_judgment, party_lines
from workbench.drafting.judgment_pdf import render_draft_pdf
from workbench.drafting.mediation import build_mediation
from workbench.errors import UserError

EXAMPLE = Path(__file__).parent / "data" / "example_case.json"
NUMBER = "（2026）苏0583民初1234号"
ON = date(2026, 4, 20)
TERMS = ["被告昆山市宏达贸易有限公司于2026年5月31日前支付原告王建国借款本金75000元",
         "原告王建国放弃其他诉讼请求。"]


def example(**changes):
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc.update(changes)
    return case_from_json(doc)[0]


def texts(draft, section):
    return [p.text for p in draft.section(section)]


def errors(paragraphs, case):
    return [f for f in check_document(paragraphs, case) if f.severity == "error"]


def test_the_paper_has_its_sections_in_order():
    case = example()
    draft = build_mediation(case, agreed_on=ON, terms=TERMS)
    assert draft.kind == "mediation" and draft.title == "民事调解书"
    assert draft.sections() == ["title", "parties", "procedure", "claims", "basis", "operative",
                                "costs", "appeal", "signature"]
    assert texts(draft, "title") == ["江苏省昆山市人民法院", "民事调解书", NUMBER]
    assert texts(draft, "parties") == party_lines(case)
    assert texts(draft, "procedure") == [
        "原告王建国与被告昆山市宏达贸易有限公司民间借贷纠纷一案，本院于2026年3月5日立案后，"
        "依法适用简易程序进行了审理。"]
    # the claims, facts and reasons are the judgment's own paragraph
    assert texts(draft, "claims") == texts(build_judgment(case, judgment_date=ON), "claims")
    assert texts(draft, "claims")[0].startswith("原告王建国向本院提出诉讼请求：1.判令被告偿还借款本金80000元；")
    assert "事实和理由：" in texts(draft, "claims")[0]
    assert texts(draft, "basis") == ["本案审理过程中，经本院主持调解，当事人自愿达成如下协议："]
    assert texts(draft, "appeal") == ["上述协议，不违反法律规定，本院予以确认。",
                                      "本调解书经各方当事人签收后，即具有法律效力。"]
    assert texts(draft, "signature") == ["审判员　周明", "二〇二六年四月二十日", "本件与原本核对无异",
                                         "书记员　陈静"]
    # ordered as the form orders them, read off the text
    text = draft.text
    marks = ["民事调解书", "原告：王建国", "立案后", "向本院提出诉讼请求", "事实和理由",
             "经本院主持调解，当事人自愿达成如下协议", "一、", "二、", "案件受理费",
             "本院予以确认", "即具有法律效力", "审判员", "二〇二六年四月二十日", "本件与原本核对无异", "书记员"]
    at = [text.index(m) for m in marks]
    assert at == sorted(at)


def test_no_appeal_notice_and_no_late_performance_clause():
    draft = build_mediation(example(), agreed_on=ON, terms=TERMS)
    assert "上诉" not in draft.text
    assert "迟延履行" not in draft.text and "加倍支付" not in draft.text
    assert not draft.section("late_performance")
    assert not draft.citations


def test_fee_is_halved_once_not_twice():
    case = example()
    assert case.claim_total == Decimal("82400.00")
    draft = build_mediation(case, agreed_on=ON, terms=TERMS)
    assert draft.fee.full_fee == Decimal("1860.00")
    assert draft.fee.fee == Decimal("930.00")  # not 465: 第十五条 and 第十六条 do not stack
    assert texts(draft, "costs") == ["案件受理费1860元，减半收取计930元，由被告昆山市宏达贸易有限公司负担。"]
    # ordinary procedure: halved under 第十五条 (mediation) this time
    ordinary = build_mediation(example(procedure="ordinary"), agreed_on=ON, terms=TERMS)
    assert ordinary.fee.fee == Decimal("930.00") and "第十五条" in ordinary.fee.basis
    assert texts(ordinary, "procedure")[0].endswith("依法适用普通程序进行了审理。")
    # the plaintiff may bear it by agreement
    borne = build_mediation(case, agreed_on=ON, terms=TERMS, fee_borne_by="plaintiff")
    assert texts(borne, "costs")[0].endswith("由原告王建国负担。")


def test_the_terms_given_are_numbered_and_unmarked():
    draft = build_mediation(example(), agreed_on=ON, terms=TERMS)
    assert texts(draft, "operative") == [
        "一、被告昆山市宏达贸易有限公司于2026年5月31日前支付原告王建国借款本金75000元；",
        "二、原告王建国放弃其他诉讼请求。"]
    assert all(p.style == "item" for p in draft.section("operative"))
    assert "【待确认】" not in draft.text and not draft.issues
    one = build_mediation(example(), agreed_on=ON, terms=["被告于2026年5月31日前支付原告80000元"])
    assert texts(one, "operative") == ["被告于2026年5月31日前支付原告80000元。"]


def test_without_terms_a_placeholder_term_is_marked_for_the_judge():
    draft = build_mediation(example(), agreed_on=ON)
    assert texts(draft, "operative") == [
        "被告昆山市宏达贸易有限公司于2026年4月30日前支付原告王建国80000元【待确认】。"]
    assert draft.issues and "【待确认】" in draft.issues[0]
    assert build_mediation(example(), agreed_on=ON, terms=[]).text == draft.text


def test_the_agreement_may_not_predate_the_filing():
    with pytest.raises(UserError):
        build_mediation(example(), agreed_on=date(2026, 3, 1))


def test_docx_round_trip_and_the_checker_finds_no_error():
    case = example()
    draft = build_mediation(case, agreed_on=ON, terms=TERMS)
    paras = read_docx(docx_bytes(draft))
    assert [(p.section, p.text, p.style) for p in paras] == \
        [(p.section, p.text, p.style) for p in draft.paragraphs]
    assert errors(draft.paragraphs, case) == []
    assert errors(paras, case) == []
    # …and the placeholder draft too (its amount is the claim's, its marker is no 待补充 gap)
    assert errors(build_mediation(case, agreed_on=ON).paragraphs, case) == []


def test_the_checker_still_checks_the_fee_of_a_mediation_paper():
    case = example()
    draft = build_mediation(case, agreed_on=ON, terms=TERMS)
    costs = draft.section("costs")[0]
    costs.text = costs.text.replace("减半收取计930元", "减半收取计465元")
    assert [f.code for f in errors(draft.paragraphs, case)] == ["fee"]


def test_pdf_reads_back_through_pypdf():
    draft = build_mediation(example(), agreed_on=ON, terms=TERMS)
    pdf = render_draft_pdf(draft)
    assert pdf.startswith(b"%PDF") and pdf == render_draft_pdf(draft)
    flat = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    for s in ("民事调解书", NUMBER, "当事人自愿达成如下协议", "一、被告昆山市宏达贸易有限公司",
              "减半收取计930元", "本院予以确认", "二〇二六年四月二十日", "书记员陈静"):
        assert s in flat, s
    assert "上诉" not in flat


def test_cli_mediation(tmp_path, capsys):
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "case", "import", str(EXAMPLE)]) == 0
    capsys.readouterr()
    out, pdf = tmp_path / "m.docx", tmp_path / "m.pdf"
    assert main(["--data-dir", data, "draft", NUMBER, "--kind", "mediation", "--agreed-on",
                 "2026-04-20", "--term", TERMS[0], "--term", TERMS[1], "-o", str(out),
                 "--pdf", str(pdf), "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["kind"] == "mediation" and res["title"] == "民事调解书"
    assert res["fee"]["fee"] == "930.00" and res["judgment_date"] == "2026-04-20"
    assert out.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert main(["--data-dir", data, "check", str(out), "--case", NUMBER, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["errors"] == 0
    assert main(["--data-dir", data, "draft", NUMBER, "--kind", "mediation", "--agreed-on",
                 "2026-01-01"]) == 2


PANEL = [{"role": "审判长", "name": "周明"}, {"role": "审判员", "name": "李华"},
         {"role": "人民陪审员", "name": "王芳"}]


def test_judgment_ruling_and_mediation_paper_sign_alike_and_name_a_collegiate_panel():
    from workbench.drafting.ruling import build_withdrawal_ruling

    def signature(case):
        return [texts(build_judgment(case, judgment_date=ON), "signature"),
                texts(build_withdrawal_ruling(case, applied_on=date(2026, 4, 1), ruling_date=ON),
                      "signature"),
                texts(build_mediation(case, agreed_on=ON, terms=TERMS), "signature")]

    sole = signature(example())
    assert sole[0] == sole[1] == sole[2]
    assert sole[0][1:] == ["二〇二六年四月二十日", "本件与原本核对无异", sole[0][3]]
    assert sole[0][3].startswith("书记员") or sole[0][3].startswith("法官助理")

    panel = signature(example(procedure="ordinary", panel=PANEL))
    for block in panel:  # the ruling used to name the sole judge even before a panel
        assert block[:3] == ["审判长　周明", "审判员　李华", "人民陪审员　王芳"]
        assert block[3:5] == ["二〇二六年四月二十日", "本件与原本核对无异"]
        assert len(block) == 6
