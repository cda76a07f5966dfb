"""Elements from the file and drafts that read it (issue 17): a case built through the service
with the parties' papers filed as PDFs (test material: the court never generates them), its
elements read field by field for each of the six causes, the 辩称 and the disputed points from
the filed answer with their sources, the judge's confirmation through the one write path."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from drafting_corpus import CAUSES, VARIANTS, case_material, party_pdf
from workbench.drafting.casefile import read_case_file
from workbench.drafting.checker import check_document
from workbench.drafting.extract import element_states, value_text
from workbench.drafting.filing import build_draft_for
from workbench.law.amounts import read_amount, read_date
from workbench.service import Workbench

ON = date(2026, 4, 28)


def build(tmp_path, name: str, variant: int = 0, *, answer: bool = True):
    doc, docs, expected = case_material(name, variant)
    doc["events"] = [{"kind": "filed", "on": doc["filed_on"]}]
    wb = Workbench.open(tmp_path / f"data-{name}-{variant}")
    case = wb.import_case(doc)
    ids = {}
    for category, title, author, pages in docs:
        if category == "answer" and not answer:
            continue
        ids[title] = wb.file_document(case.number, party_pdf(title, author, pages, variant), category,
                                      title=title, author=author, on=doc["filed_on"])
    return wb, wb.case(case.number), ids, expected


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", list(CAUSES))
def test_the_elements_of_each_cause_are_read_from_its_papers(tmp_path, name, variant):
    wb, case, ids, expected = build(tmp_path, name, variant)
    with wb:
        file = read_case_file(wb, case.number)
        states = element_states(case, file)
    for key, (value, status) in expected.items():
        st = states[key]
        assert st.status == status, (key, st.status, [(r.source.label, r.value, r.stance) for r in st.readings])
        if value is not None and status == "disputed":  # read, shown, but not used
            assert st.value is None and value in {value_text(st.spec, v) for v, _ in st.values}
        elif value is not None:
            assert value_text(st.spec, st.value) == value, (key, st.value)
        # every reading of the file names its document and page
        for r in st.readings:
            if r.source.document_id is not None:
                assert r.source.document_id in ids.values() and r.source.page >= 1


def test_a_disputed_amount_shows_every_reading_side_by_side(tmp_path):
    wb, case, ids, _ = build(tmp_path, "private_loan", 1)  # the 借条 says 人民币伍万元整
    with wb:
        states = element_states(case, read_case_file(wb, case.number))
    principal = states["principal"]
    shown = {r.source.name: r.text for r in principal.readings if r.source.document_id}
    assert shown["起诉状"] == "50000元" and shown["借条"] == "人民币伍万元整"
    assert "诉请金额有误" in shown["答辩状"]
    # 50000 and 伍万 agree: the dispute is the answer's, not a misread figure
    assert {value_text(principal.spec, v) for v, _ in principal.values} == {"50000元"}
    repaid = states["repayments"]
    assert [value_text(repaid.spec, v) for v, _ in repaid.values] == ["未还款", "2026年3月 3000元"]
    assert repaid.status == "disputed" and repaid.value is None  # never silently resolved


def test_the_draft_says_what_the_filed_answer_says_with_its_source(tmp_path):
    wb, case, ids, _ = build(tmp_path, "private_loan")
    with wb:
        draft = build_draft_for(wb, case.number, judgment_date=ON)
    defence = draft.section("defence")
    assert len(defence) == 1
    text = defence[0].text
    assert text.startswith("被告张志强辩称，") and "已于2026年3月归还3000元，原告诉请金额有误" in text
    assert "经营困难" not in draft.text  # nothing the file does not say
    assert {r["document_id"] for r in defence[0].sources_at(10)} == {ids["民事答辩状"]}
    points = next(p for p in draft.section("findings") if "争议焦点" in p.text)
    assert "被告称“已于2026年3月归还3000元”（答辩状第1页）" in points.text
    assert "原告称“至今未还”（起诉状第1页）" in points.text
    at = points.text.index("已于2026年3月")
    assert ids["民事答辩状"] in {r["document_id"] for r in points.sources_at(at)}
    # the disputed principal is a gap named in plain Chinese, and the checker says so
    facts = draft.section("findings")[-1].text
    assert "【待补充：借款本金（有争议，待确认）】" in facts
    findings = check_document(draft.paragraphs, wb.case(case.number) if False else case, today=ON)
    assert any(f.code == "gap" and "借款本金" in f.zh for f in findings)
    # a fact the findings state points at the documents it came from
    lent = facts.index("2025年3月1日")
    names = {r["name"] for r in draft.section("findings")[-1].sources_at(lent)}
    assert {"起诉状", "借条"} <= names


def test_no_answer_filed_says_so_and_a_typed_defence_is_not_used(tmp_path):
    wb, case, _, _ = build(tmp_path, "private_loan", answer=False)
    with wb:
        case.hearing.defendant_answer = "被告对借款事实无异议，但称因经营困难暂时无力偿还"
        from workbench.drafting.judgment import build_judgment
        draft = build_judgment(case, file=read_case_file(wb, case.number), judgment_date=ON)
    assert [p.text for p in draft.section("defence")] == ["被告张志强未作答辩。"]
    assert "经营困难" not in draft.text
    assert any("没有答辩状或庭审笔录" in str(i) for i in draft.issues)


def test_the_judge_confirms_and_the_next_draft_finds_it(tmp_path):
    wb, case, ids, _ = build(tmp_path, "private_loan")
    with wb:
        src = [{"document_id": ids["民事答辩状"], "name": "答辩状", "page": 1}]
        n = wb.confirm_elements(case.number, {
            "principal": "50000.00", "repayments": [{"on": "2026年3月", "amount": "3000.00"}],
            "repaid": "3000.00"}, sources={"repayments": src, "repaid": src})
        assert n == 3
        assert wb.confirm_elements(case.number, {"principal": "50000.00"}) == 0  # unchanged
        stored = wb.case(case.number)
        assert stored.extra["confirmed_elements"]["repayments"]["sources"] == src
        states = element_states(stored, read_case_file(wb, case.number))
        assert states["repaid"].status == "found" and states["repaid"].value == Decimal("3000.00")
        draft = build_draft_for(wb, case.number, judgment_date=ON)
        facts = draft.section("findings")[-1].text
        assert "借款50000元" in facts and "此后被告于2026年3月归还借款3000元" in facts
        assert "【待补充" not in facts
        assert "借款本金47000元" in "".join(p.text for p in draft.section("operative"))
        # the disputed points stay in the judgment; the finding answers them
        assert any("争议焦点" in p.text for p in draft.section("findings"))
        # the log holds each confirmation, and verify's replay agrees with the tables
        actions = [r[0] for r in wb.db.query("SELECT action FROM log WHERE case_id = ?", (stored.id,))]
        assert actions.count("elements.confirmed") == 3
        assert wb.verify(stored.number).ok
        exported = wb.export_case(stored.number)
        assert exported["confirmed_elements"]["repaid"]["sources"] == src


def test_a_traffic_draft_from_its_papers_needs_no_typed_element(tmp_path):
    wb, case, ids, _ = build(tmp_path, "traffic_accident")
    with wb:
        draft = build_draft_for(wb, case.number, judgment_date=ON)
    facts = draft.section("findings")[-1].text
    # the insurer disputes the medical costs: a named gap, with the total as claimed beside it
    assert "2025年9月18日" in facts and "医疗费【待补充：医疗费（有争议，待确认）】" in facts
    assert "误工费21600元" in facts and "以上合计136420.30元" in facts
    assert "被告中国平安财产保险股份有限公司苏州分公司辩称，对事故事实及责任认定无异议" in draft.text
    assert "非医保用药" in next(p.text for p in draft.section("findings") if "争议焦点" in p.text)
    gaps = re.findall(r"【待补充：([^】]*)】", draft.text)
    assert gaps == ["医疗费（有争议，待确认）"], gaps


@pytest.mark.parametrize("text,value", [("伍万元整", "50000.00"), ("5万元", "50000.00"),
                                        ("人民币50,000.00元", "50000.00"), ("叁仟元", "3000.00"),
                                        ("5.2万元", "52000.00"), ("壹万贰仟元伍角", "12000.50")])
def test_amounts_as_parties_write_them(text, value):
    assert read_amount(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1,50元", "5万多元", "1.234元", "若干元", ""])
def test_an_amount_that_cannot_be_read_is_not_guessed(text):
    assert read_amount(text) is None


def test_dates_as_parties_write_them():
    assert read_date("二〇二五年三月一日") == date(2025, 3, 1) == read_date("2025-03-01")
    assert str(read_date("2026年3月")) == "2026年3月"
    assert read_date("2026年2月30日") is None


def test_an_answer_filed_as_a_scan_is_read_from_its_stored_text(tmp_path):
    """A scan's words are the OCR text the store keeps (intake.pages), not its PDF's layer."""
    from workbench.service.records import ReadyDocument, ScannedFiling, ScannedPage
    wb, case, _, _ = build(tmp_path, "private_loan", answer=False)
    with wb:
        image_only = party_pdf("（扫描件）", "张志强", [[" "]])
        ready = ReadyDocument("正卷", "answer", "民事答辩状", "张志强", 0, wb.blobs.put(image_only), 1, "scanned")
        ocr = ("民事答辩状\n答辩人：张志强，男，1990年2月14日出生。\n答辩意见如下：\n被告已于2026年2月1日\n"
               "归还借款人民币贰仟元整，原告诉请金额有误。\n此致\n江苏省昆山市人民法院")
        [doc_id] = wb.file_scanned([ScannedFiling(case.number, ready, "2026-03-20",
                                                  [ScannedPage(None, ocr, 0.97, 0, "ocr", None, None, "")])])
        draft = build_draft_for(wb, case.number, judgment_date=ON)
        states = element_states(case, read_case_file(wb, case.number))
    assert draft.section("defence")[0].text == "被告张志强辩称，被告已于2026年2月1日归还借款人民币贰仟元整，原告诉请金额有误。"
    assert draft.section("defence")[0].sources_at(3)[0]["document_id"] == doc_id
    said = [(r.source.name, value_text(states["repayments"].spec, r.value)) for r in states["repayments"].readings]
    assert ("答辩状", "2026年2月1日 2000元") in said


def test_the_defence_said_at_the_hearing_is_what_answers_the_judge(tmp_path):
    from workbench.hearing.record import file_record, header_from_case
    from workbench.hearing.transcript import Transcript, Utterance
    wb, case, _, _ = build(tmp_path, "private_loan", answer=False)
    lines = [("judge", "当事人是否申请回避？"), ("defendant", "不申请回避。"), ("judge", "被告进行答辩。"),
             ("defendant", "借款属实，但我已经还了2000元。"), ("judge", "被告质证。"),
             ("defendant", "对证据的真实性无异议。")]
    utts = [Utterance(i * 5.0, i * 5.0 + 4, text, role) for i, (role, text) in enumerate(lines)]
    with wb:
        file_record(wb, case.number, Transcript(duration=40.0, utterances=utts),
                    header_from_case(case, started="2026-04-10T09:30"), on=date(2026, 4, 10))
        draft = build_draft_for(wb, case.number, judgment_date=ON)
        states = element_states(case, read_case_file(wb, case.number))
    assert [p.text for p in draft.section("defence")] == ["被告张志强辩称，借款属实，但我已经还了2000元。"]
    assert draft.section("defence")[0].sources_at(5)[0]["name"] == "庭审笔录"
    assert states["repaid"].status == "disputed"
    assert {value_text(states["repaid"].spec, v) for v, _ in states["repaid"].values} == {"0元", "2000元"}


def test_a_refused_confirmation_is_undone_on_the_replica(tmp_path):
    """A desk whose elements.confirmed entry the court store refused gives the value back."""
    from workbench.service.replica import _undo_entry
    from workbench.store.chain_entry import ChainEntry
    wb, case, _, _ = build(tmp_path, "private_loan")
    with wb:
        wb.confirm_elements(case.number, {"annual_rate_percent": "3.6"})
        wb.confirm_elements(case.number, {"annual_rate_percent": "4"})
        row = wb.db.one("SELECT seq, at, action, payload, prev_hash, hash, actor FROM log WHERE case_id = ?"
                        " ORDER BY seq DESC LIMIT 1", (case.id,))
        with wb.db.transaction() as conn:
            _undo_entry(conn, case.id, ChainEntry(*row))
        back = wb.case(case.number)
    assert back.elements["annual_rate_percent"] == "3.6"
    assert "annual_rate_percent" in back.extra["confirmed_elements"]


def test_an_element_is_confirmed_as_case_json_text_or_a_list(tmp_path):
    # (an archived case refuses it: the walk over every write in test_write_path.py)
    from workbench.errors import UserError
    wb, case, _, _ = build(tmp_path, "private_loan")
    with wb:
        with pytest.raises(UserError, match="文字或列表"):
            wb.confirm_elements(case.number, {"principal": 50000})
        assert wb.db.one("SELECT count(*) FROM log WHERE case_id = ? AND action = 'elements.confirmed'",
                         (case.id,))[0] == 0


def test_the_elements_command_prints_sources_and_confirms(tmp_path, capsys):
    import json as _json
    from workbench.cli import main
    wb, case, ids, _ = build(tmp_path, "private_loan")
    data = str(wb.data_dir)
    wb.close()
    assert main(["--data-dir", data, "elements", case.number, "--json"]) == 0
    out = _json.loads(capsys.readouterr().out)
    rows = {e["key"]: e for e in out["elements"]}
    assert rows["repayments"]["status"] == "disputed" and rows["repayments"]["value"] is None
    assert {r["source"]["document_id"] for r in rows["repayments"]["readings"]} == \
        {ids["民事起诉状"], ids["民事答辩状"]}
    assert main(["--data-dir", data, "elements", case.number, "--json",
                 "--confirm", "repaid=3000.00", "--confirm", "guarantors="]) == 0
    rows = {e["key"]: e for e in _json.loads(capsys.readouterr().out)["elements"]}
    assert rows["repaid"]["status"] == "found" and rows["repaid"]["value"] == "3000元"
    assert rows["guarantors"]["status"] == "found" and rows["guarantors"]["value"] is None
    assert main(["--data-dir", data, "elements", case.number, "--confirm", "nonsense=1"]) != 0
