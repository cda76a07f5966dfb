"""Acceptance 1: a complete draft judgment for every cause, attended or default, simple or
ordinary procedure; the fee from the schedule; the right articles; and the CLI and filing."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from workbench.cases.casejson import case_from_json
from workbench.cli import main
from workbench.drafting.checker import check_document
from workbench.drafting.document import SECTIONS
from workbench.law.fees import court_fee
from workbench.drafting.judgment import build_judgment, party_lines
from workbench.drafting.judgment_pdf import render_draft_pdf
from workbench.drafting.profile import profile_for

DATA = Path(__file__).parent / "data" / "drafting"
CAUSES = ["private_loan", "financial_loan", "credit_card", "sale_contract", "property_service",
          "traffic_accident"]
ON = date(2026, 4, 28)


def doc_of(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def case_of(name: str, *, default: bool = False, procedure: str = "simple", **changes):
    doc = doc_of(name)
    doc["procedure"] = procedure
    if default:
        doc["hearing"]["present"] = ["plaintiff"]
        doc["hearing"]["defendant_answer"] = None
    doc.update(changes)
    if "filed_on" in changes and "case_number" not in changes:
        # A case filed in another year carries that year in its number (case JSON checks it).
        import re
        doc["case_number"] = re.sub(r"^（\d{4}）", f"（{changes['filed_on'][:4]}）", doc["case_number"])
    return case_from_json(doc)[0]


def texts(draft, section):
    return [p.text for p in draft.section(section)]


@pytest.mark.parametrize("procedure", ["simple", "ordinary"])
@pytest.mark.parametrize("default", [False, True], ids=["attended", "default"])
@pytest.mark.parametrize("name", CAUSES)
def test_complete_draft(name, default, procedure):
    case = case_of(name, default=default, procedure=procedure)
    draft = build_judgment(case, judgment_date=ON)

    assert draft.sections() == list(SECTIONS)  # every section of the 2016 form, in order
    assert not draft.gaps and not draft.issues, (draft.gaps, draft.issues)
    assert "【待补充" not in draft.text
    court, title, number = draft.section("title")
    assert (court.text, title.text, number.text) == (case.court_name, "民事判决书", case.number)
    assert texts(draft, "parties") == party_lines(case)
    for p in case.parties:
        assert p.name in "".join(texts(draft, "parties"))
        for a in p.agents:
            assert f"委托诉讼代理人：{a.name}" in "".join(texts(draft, "parties"))

    proc = texts(draft, "procedure")[0]
    assert "本院于2026年" in proc and "立案后" in proc
    assert ("依法适用简易程序" if procedure == "simple" else "依法适用普通程序") in proc
    basis = texts(draft, "basis")[0]
    if default:
        absent = case.names("defendant")
        assert f"被告{absent}经本院传票传唤，无正当理由拒不到庭参加诉讼" in proc
        assert "《中华人民共和国民事诉讼法》第一百四十七条" in basis
        assert draft.default
    else:
        assert "拒不到庭" not in proc and "第一百四十七条" not in basis
        assert "辩称" in texts(draft, "defence")[0]
    assert basis.startswith("综上所述，依照《中华人民共和国") and basis.endswith("之规定，判决如下：")

    claims = texts(draft, "claims")[0]
    for c in case.claims:
        assert c.text in claims
    assert "事实和理由：" in claims
    assert "本院认定事实如下" in "".join(texts(draft, "findings"))
    assert texts(draft, "reasoning")[0].startswith("本院认为")

    ops = texts(draft, "operative")
    for c in case.claims:
        if c.amount is not None:
            assert any(f"{c.amount.normalize():f}元" in o or f"{c.amount:.2f}元" in o for o in ops), c
    assert ops[-1].endswith("。") and all(o.endswith("；") for o in ops[:-1])
    assert "第二百六十四条" in texts(draft, "late_performance")[0]

    fee = court_fee(case.claim_total, procedure=procedure)
    assert draft.fee == fee
    costs = texts(draft, "costs")[0]
    if procedure == "simple":
        half = (fee.full_fee / 2).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert "减半收取" in costs and fee.halved and fee.fee == half
    else:
        assert "减半" not in costs and not fee.halved
    assert f"由被告{case.names('defendant')}负担" in costs

    appeal = texts(draft, "appeal")[0]
    assert "判决书送达之日起十五日内" in appeal and appeal.endswith(f"上诉于{case.appeal_court}。")
    sig = texts(draft, "signature")
    assert sig == [f"审判员　{case.judge}", "二〇二六年四月二十八日", "本件与原本核对无异", f"书记员　{case.clerk}"]

    assert check_document(draft.paragraphs, case) == []


def _fixed(draft) -> str:
    return re.sub(r"[，。]", "", texts(draft, "costs")[0])


@pytest.mark.parametrize("amount, full", [
    ("10000", "50"), ("10000.01", "50"), ("100000", "2300"), ("200000", "4300"), ("500000", "8800"),
    ("1000000", "13800"), ("2000000", "22800"), ("5000000", "46800"), ("10000000", "81800"),
    ("20000000", "141800"), ("25000000", "166800"), ("50000", "1050")])
@pytest.mark.parametrize("procedure", ["ordinary", "simple", "small_claims"])
def test_fee_in_the_judgment_follows_the_schedule_at_every_bracket_boundary(amount, full, procedure):
    doc = doc_of("private_loan")
    doc["claims"] = [{"kind": "principal", "amount": amount, "text": f"判令被告偿还借款本金{amount}元"}]
    doc["elements"]["principal"] = amount
    doc["procedure"] = procedure
    case = case_from_json(doc)[0]
    draft = build_judgment(case, judgment_date=ON)
    costs = texts(draft, "costs")[0]
    fee = court_fee(case.claim_total, procedure=procedure)
    assert fee.full_fee == Decimal(full) or amount == "10000.01" and fee.full_fee == Decimal("50.00")
    if procedure == "ordinary":
        assert costs.startswith(f"案件受理费{full}元，由被告")
    else:
        half = (Decimal(full) / 2).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        shown = f"{half:.0f}" if half == half.to_integral_value() else f"{half:.2f}"
        assert costs.startswith(f"案件受理费{full}元，减半收取计{shown}元，由被告")
    assert check_document(draft.paragraphs, case) == []


def test_an_older_judgment_cites_the_2021_numbering():
    case = case_of("private_loan", default=True, filed_on="2023-03-01",
                   hearing={"held_on": "2023-04-10", "public": True, "present": ["plaintiff"],
                            "defendant_answer": None},
                   elements={**doc_of("private_loan")["elements"], "lent_on": "2022-03-01",
                             "due_on": "2022-09-01"})
    draft = build_judgment(case, judgment_date=date(2023, 4, 20))
    assert "第二百六十条之规定" in texts(draft, "late_performance")[0]
    assert "《中华人民共和国民事诉讼法》第一百四十七条" in texts(draft, "basis")[0]
    assert [a.version for a in draft.citations if "民事诉讼法" in a.law_title] == ["2021年修正"]
    assert check_document(draft.paragraphs, case) == []


def test_small_claims_judgment_is_final():
    case = case_of("property_service", procedure="small_claims")
    draft = build_judgment(case, judgment_date=ON)
    assert texts(draft, "appeal") == ["本判决为终审判决。"]
    assert "第一百六十五条" in texts(draft, "basis")[0]
    assert "依法适用小额诉讼程序" in texts(draft, "procedure")[0]
    assert check_document(draft.paragraphs, case) == []


def test_partial_support_rejects_the_rest_and_splits_the_costs():
    case = case_of("sale_contract")
    draft = build_judgment(case, judgment_date=ON, awards={1: Decimal("8000")})
    ops = texts(draft, "operative")
    assert draft.outcome == "partial"
    assert ops[-1] == "三、驳回原告苏州精工机械制造有限公司的其他诉讼请求。"
    assert "违约金8000元" in ops[1]
    assert "第六十七条" in texts(draft, "basis")[0]
    costs = texts(draft, "costs")[0]
    fee = court_fee(case.claim_total, procedure="simple").fee
    shares = [Decimal(x) for x in re.findall(r"负担([0-9.]+)元", costs)]
    assert sum(shares) == fee and "由原告苏州精工机械制造有限公司负担" in costs
    assert check_document(draft.paragraphs, case) == []


def test_interest_above_four_times_lpr_is_cut_and_the_rest_rejected():
    case = case_of("private_loan")
    case.elements["annual_rate_percent"] = "24"  # 4 × 3.10% = 12.4%
    draft = build_judgment(case, judgment_date=ON)
    assert draft.outcome == "partial"
    interest = next(a for a in draft.awards if a.kind == "interest")
    assert interest.awarded == Decimal("1240.00")  # 2400 × 12.4 / 24
    assert "利息1240元" in texts(draft, "operative")[1]
    assert "超过合同成立时一年期贷款市场报价利率四倍（12.4%）" in texts(draft, "reasoning")[0]
    assert check_document(draft.paragraphs, case) == []


def test_uppercase_amounts_when_the_profile_asks():
    case = case_of("credit_card")
    draft = build_judgment(case, judgment_date=ON, profile=profile_for(case, {"uppercase_amounts": True}))
    assert "23456.78元（人民币贰万叁仟肆佰伍拾陆元柒角捌分）" in texts(draft, "operative")[0]
    assert check_document(draft.paragraphs, case) == []


def test_court_profile_in_the_case_json():
    doc = doc_of("credit_card")
    doc["court"]["drafting"] = {"uppercase_amounts": True, "performance_days": 15}
    case = case_from_json(doc)[0]
    ops = texts(build_judgment(case, judgment_date=ON), "operative")
    assert "于本判决生效之日起十五日内" in ops[0] and "（人民币" in ops[0]


def test_panel_party_abroad_and_facts_from_the_complaint():
    doc = doc_of("sale_contract")
    doc["procedure"] = "ordinary"
    doc["panel"] = [{"role": "审判长", "name": "周明"}, {"role": "审判员", "name": "李华"},
                    {"role": "人民陪审员", "name": "王芳"}]
    doc["parties"][1]["abroad"] = True
    case = case_from_json(doc)[0]
    complaint = "诉讼请求：……\n事实和理由：\n原告与被告签订数控车床配件买卖合同，原告依约供货，\n被告拖欠货款。\n此致\n江苏省昆山市人民法院"
    draft = build_judgment(case, judgment_date=ON, complaint_text=complaint)
    assert "组成合议庭" in texts(draft, "procedure")[0]
    assert texts(draft, "signature")[:3] == ["审判长　周明", "审判员　李华", "人民陪审员　王芳"]
    assert "送达之日起三十日内" in texts(draft, "appeal")[0]
    assert texts(draft, "claims")[0].endswith("事实和理由：原告与被告签订数控车床配件买卖合同，原告依约供货，被告拖欠货款。")


def test_gaps_are_visible_not_invented():
    doc = doc_of("private_loan")
    doc["court"] = {"name": doc["court"]["name"]}
    doc["elements"] = {}
    case = case_from_json(doc)[0]
    draft = build_judgment(case, judgment_date=ON)
    assert "【待补充：上诉法院】" in texts(draft, "appeal")[0]
    assert "【待补充：出借日期】" not in draft.text  # optional clauses drop out instead
    assert draft.issues  # the missing required element is reported
    assert any(f.code == "gap" for f in check_document(draft.paragraphs, case))


def test_pdf_reads_back_through_pypdf():
    case = case_of("traffic_accident", default=True)
    draft = build_judgment(case, judgment_date=ON)
    pdf = render_draft_pdf(draft)
    assert pdf == render_draft_pdf(draft)  # stored by SHA-256: same draft, same bytes
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", "", text)
    for s in ("民事判决书", case.number, "第一百四十七条", "二〇二六年四月二十八日", "136420.30元"):
        assert s in flat


def test_draft_json_is_serialisable():
    draft = build_judgment(case_of("financial_loan"), judgment_date=ON)
    data = json.loads(json.dumps(draft.to_json(), ensure_ascii=False))
    assert data["fee"]["fee"] == "1773.01" and data["outcome"] == "full"
    assert {c["article"] for c in data["citations"]} == {667, 674, 675, 676, 688, 700}  # 700: the guarantor's recourse the operative item states


# -- the CLI and the e-file ------------------------------------------------------------------
NUMBER = "（2026）苏0583民初2101号"


def test_cli_fee(capsys):
    assert main(["fee", "--amount", "50000", "--procedure", "simple", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["full_fee"], out["fee"], out["halved"]) == ("1050.00", "525.00", True)
    assert main(["fee", "--kind", "preservation", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["fee"] == "30.00"
    assert main(["fee", "--amount", "1,50"]) == 2


def test_cli_draft_check_and_filing(tmp_path, capsys):
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "case", "import", str(DATA / "private_loan.json")]) == 0
    capsys.readouterr()
    out, pdf = tmp_path / "j.docx", tmp_path / "j.pdf"
    assert main(["--data-dir", data, "draft", NUMBER, "-o", str(out), "--pdf", str(pdf),
                 "--date", "2026-04-20", "--file-draft", "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["written"]["document"]["volume"] == "副卷"
    assert res["written"]["document"]["category"] == "original"
    assert out.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert main(["--data-dir", data, "check", str(out), "--case", NUMBER, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
    # Filing the same draft again adds nothing; issuing it files the 正卷 original via the event.
    assert main(["--data-dir", data, "draft", NUMBER, "--date", "2026-04-20", "--file-draft",
                 "--json"]) == 0
    again = json.loads(capsys.readouterr().out)["written"]["document"]
    assert again["id"] == res["written"]["document"]["id"]
    # A judgment is pronounced after a hearing (the procedure's order): record the steps first.
    for kind, on, *extra in [("accepted", "2026-03-05"), ("complaint_served", "2026-03-09"),
                             ("summons_served", "2026-03-20", "--hearing-on", "2026-04-10"),
                             ("hearing", "2026-04-10")]:
        assert main(["--data-dir", data, "event", NUMBER, kind, "--on", on, *extra]) == 0
    assert main(["--data-dir", data, "draft", NUMBER, "--date", "2026-04-20", "--issued"]) == 0
    capsys.readouterr()
    from workbench.service import Workbench
    with Workbench.open(data) as wb:
        main_vol = wb.catalogue(NUMBER, "正卷")
        assert [e.title for e in main_vol if e.category == "judgment"] == ["民事判决书"]
        assert any(e.category == "pronouncement" for e in main_vol)
        assert wb.case(NUMBER).status == "judged"
        assert [e.title for e in wb.catalogue(NUMBER, "副卷")] == ["民事判决书（签发稿）"]


def test_cli_check_reports_a_planted_error(tmp_path, capsys):
    from workbench.drafting.docx_writer import write_docx
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "case", "import", str(DATA / "private_loan.json")]) == 0
    case = case_of("private_loan")
    draft = build_judgment(case, judgment_date=ON)
    draft.paragraphs[2].text = "(2026)苏0583民初2101号"
    write_docx(draft, tmp_path / "bad.docx")
    capsys.readouterr()
    assert main(["--data-dir", data, "check", str(tmp_path / "bad.docx"), "--case", NUMBER]) == 1
    out = capsys.readouterr().out
    assert "case_number" in out and "第3段" in out
    assert main(["--data-dir", data, "check", str(tmp_path / "none.docx"), "--case", NUMBER]) == 2


def test_build_from_the_stored_case_reads_the_efile(wb):
    from workbench.drafting.filing import build_draft_for, efile_text
    from workbench.demo import sample_party_pdf
    from workbench.hearing.record import file_record, header_from_case
    from workbench.hearing.transcript import Transcript, Utterance
    case = wb.import_case(doc_of("private_loan") | {"events": [{"kind": "filed", "on": "2026-03-05"}]})
    # The complaint as the plaintiff handed it in; the record as the clerk took it.
    wb.file_document(NUMBER, sample_party_pdf(case, "complaint", case.filed_on), "complaint",
                     title="民事起诉状", on="2026-03-05")
    file_record(wb, NUMBER, Transcript(duration=9.0, utterances=[
        Utterance(0.0, 4.0, "现在开庭。", "judge"), Utterance(4.0, 9.0, "坚持诉讼请求。", "plaintiff")]),
        header_from_case(case, started="2026-04-10T09:30"), on=date(2026, 4, 10))
    texts_ = efile_text(wb, NUMBER)
    assert texts_.complaint and "民事起诉状" in texts_.complaint
    assert texts_.hearing_record and "庭审笔录" in texts_.hearing_record
    assert [d["category"] for d in texts_.documents] == ["complaint", "hearing_record"]
    draft = build_draft_for(wb, NUMBER, judgment_date=ON)
    assert draft.sections() == list(SECTIONS) and not draft.gaps


# -- the withdrawal ruling -------------------------------------------------------------------
def test_withdrawal_ruling():
    from workbench.drafting.ruling import build_withdrawal_ruling
    case = case_of("sale_contract")
    draft = build_withdrawal_ruling(case, applied_on=date(2026, 2, 10), ruling_date=date(2026, 2, 12),
                                    reason="双方已自行和解")
    assert draft.kind == "withdrawal_ruling" and draft.title == "民事裁定书"
    assert draft.sections() == ["title", "parties", "procedure", "reasoning", "basis", "operative",
                                "costs", "signature"]
    assert "于2026年2月10日向本院提出撤诉申请，理由是双方已自行和解。" in texts(draft, "procedure")[0]
    assert texts(draft, "basis") == [
        "依照《中华人民共和国民事诉讼法》第一百四十八条第一款、第一百五十七条第一款第五项规定，裁定如下："]
    assert texts(draft, "operative") == ["准许原告苏州精工机械制造有限公司撤诉。"]
    fee = court_fee(case.claim_total, procedure="simple", concluded_by="withdrawal")
    assert draft.fee == fee and "减半收取" in texts(draft, "costs")[0]
    assert "由原告苏州精工机械制造有限公司负担" in texts(draft, "costs")[0]
    assert texts(draft, "signature")[1] == "二〇二六年二月十二日"
    assert check_document(draft.paragraphs, case) == []
    # ordinary procedure: halved once, under 第十五条 this time
    ordinary = case_of("sale_contract", procedure="ordinary")
    ruling = build_withdrawal_ruling(ordinary, applied_on=date(2026, 2, 10), ruling_date=date(2026, 2, 12))
    assert ruling.fee.halved and "第十五条" in ruling.fee.basis
    assert check_document(ruling.paragraphs, ordinary) == []


def test_withdrawal_ruling_of_2017_numbering_and_bad_dates():
    from workbench.drafting.ruling import build_withdrawal_ruling
    from workbench.errors import UserError
    case = case_of("sale_contract", filed_on="2021-03-01",
                   hearing={"held_on": None, "public": True, "present": [], "defendant_answer": None})
    draft = build_withdrawal_ruling(case, applied_on=date(2021, 4, 1), ruling_date=date(2021, 4, 2))
    assert "第一百四十五条第一款、第一百五十四条第一款第五项" in texts(draft, "basis")[0]
    with pytest.raises(UserError):
        build_withdrawal_ruling(case, applied_on=date(2021, 2, 1))


def test_cli_withdrawal(tmp_path, capsys):
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "case", "import", str(DATA / "sale_contract.json")]) == 0
    number = "（2026）苏0583民初2104号"
    capsys.readouterr()
    assert main(["--data-dir", data, "draft", number, "--kind", "withdrawal"]) == 2
    assert main(["--data-dir", data, "draft", number, "--kind", "withdrawal", "--applied-on",
                 "2026-02-10", "--date", "2026-02-12", "-o", str(tmp_path / "r.docx"), "--issued",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "withdrawal_ruling"
    assert main(["--data-dir", data, "check", str(tmp_path / "r.docx"), "--case", number]) == 0
    from workbench.service import Workbench
    with Workbench.open(data) as wb:
        titles = [e.title for e in wb.catalogue(number, "正卷") if e.category == "judgment"]
        assert titles == ["民事裁定书"]


def test_nothing_granted_rejects_everything_and_the_plaintiff_pays():
    case = case_of("property_service")
    draft = build_judgment(case, judgment_date=ON, awards={0: Decimal(0), 1: Decimal(0)})
    assert texts(draft, "operative") == ["驳回原告昆山市锦绣物业管理有限公司的全部诉讼请求。"]
    assert "由原告昆山市锦绣物业管理有限公司负担。" in texts(draft, "costs")[0]
    assert not draft.section("late_performance")
