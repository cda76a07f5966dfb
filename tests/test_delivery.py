"""Issue 13: the service (送达) queue. Expected dates come from tests/data/queues/worked_examples.json,
worked by hand from the article texts in tests/data/law/queues_articles.json."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.delivery import announcement, queue
from workbench.efile.render import render_document
from workbench.errors import UserError
from workbench.service import ReadyDocument, ScannedFiling, ScannedPage
from workbench.tracking.periods import case_deadlines

DATA = Path(__file__).parent / "data"
WORKED = json.loads((DATA / "queues" / "worked_examples.json").read_text(encoding="utf-8"))
LAW = json.loads((DATA / "law" / "queues_articles.json").read_text(encoding="utf-8"))["laws"]
DEFENDANT, PLAINTIFF = "昆山市宏达贸易有限公司", "王建国"
D = date.fromisoformat


def _bases(item: dict) -> list:
    return item.get("basis", [])


def test_every_basis_quoted_in_the_worked_examples_is_in_the_fetched_law_text():
    quoted = 0
    for section in WORKED.values():
        for item in section if isinstance(section, list) else [section]:
            if not isinstance(item, dict):
                continue
            for law, article, phrase in _bases(item) + _bases(item.get("abroad") or {}):
                assert phrase in LAW[law]["articles"][article].replace("\n", ""), (law, article)
                quoted += 1
    assert quoted >= 20


@pytest.fixture
def case(wb, example_doc):
    doc = dict(example_doc, procedure="ordinary",
               events=[e for e in example_doc["events"] if e["kind"] == "filed"])
    number = wb.import_case(doc).number
    return number, _complaint(wb, number, doc["filed_on"])


def _complaint(wb, number: str, on: str) -> int:
    """The plaintiff's complaint enters the file as the party's own paper (the court writes none)."""
    import io
    from pypdf import PdfWriter
    w, buf = PdfWriter(), io.BytesIO()
    w.add_blank_page(595, 842)
    w.write(buf)
    return wb.file_document(number, buf.getvalue(), "complaint", title="民事起诉状", author="原告",
                            on=on)


def _task(wb, number, doc_id, method="direct", **kw) -> int:
    [task_id] = queue.create_tasks(wb, number, doc_id, method=method, **kw)
    return task_id


def _proof(wb, number, text: str, on: str, title: str = "送达回证") -> int:
    """A signed 送达回证 scanned back in through intake's write path, with its recognised text."""
    case = wb.case(number)
    pdf = render_document("service_receipt", {
        "court_name": case.court_name, "cause": case.cause, "case_number": number,
        "document_served": "民事起诉状", "party": DEFENDANT, "parties": [], "event_on": on})
    doc = ReadyDocument("正卷", "response", title, case.court_name, 0, wb.blobs.put(pdf), 1,
                        "scanned")
    page = ScannedPage(None, text, 0.93, 0, "ocr", None, None, None)
    return wb.file_scanned([ScannedFiling(number, doc, on, [page])])[0]


def _deadline(wb, number, key, today="2026-03-20", party=DEFENDANT):
    return next(d for d in case_deadlines(wb, number, D(today))
                if d.key == key and (party is None or d.party == party))


def _log_count(wb, number) -> int:
    return wb.db.one("SELECT count(*) FROM log WHERE case_id = ?", (wb.case_id(number),))[0]


@pytest.mark.parametrize("ex", WORKED["service"], ids=lambda ex: ex["method"] + (
    "-proved" if "recipient_proved_on" in ex["proof"] else ""))
def test_each_method_gives_its_effective_date_and_the_answer_period_follows(wb, case, ex):
    number, doc_id = case
    consent = {DEFENDANT: "hongda@example.cn"} if ex["method"] == "electronic" else None
    task_id = _task(wb, number, doc_id, ex["method"], consent=consent)
    assert _deadline(wb, number, "answer", party=None).state == "not_started"
    queue.record_attempt(wb, task_id, D(ex["attempt"]["on"]), result=ex["attempt"]["result"],
                         ems_number=ex["attempt"].get("ems", ""))
    # An attempt alone, before its proof, starts nothing.
    assert _deadline(wb, number, "answer", party=None).state == "not_started"
    proof = _proof(wb, number, f"送达回证 受送达人{DEFENDANT}", ex["effective_on"])
    eff = queue.confirm(wb, task_id, proof, **{k: D(v) for k, v in ex["proof"].items()})
    assert eff.on == D(ex["effective_on"])
    t = queue.task(wb, task_id)
    assert (t.status, t.effective_on, t.proof_document_id) == ("effective", eff.on, proof)
    answer = _deadline(wb, number, "answer")
    assert (answer.start, answer.due) == (D(ex["effective_on"]), D(ex["answer_due"]))
    assert _deadline(wb, number, "evidence").due == D(ex["answer_due"])  # 15 days, ordinary
    assert wb.verify(number).ok


def test_a_failed_attempt_starts_no_period_and_the_retry_does(wb, case):
    number, doc_id = case
    ex = WORKED["failed_then_direct"]
    task_id = _task(wb, number, doc_id, "post")
    queue.record_attempt(wb, task_id, D("2026-03-06"), result="mailed", ems_number="EA1CN")
    queue.record_attempt(wb, task_id, D(ex["returned_on"]), result="returned")
    assert queue.task(wb, task_id).status == "failed"
    proof = _proof(wb, number, "退回的邮件", ex["returned_on"], "退件")
    with pytest.raises(UserError, match="失败的送达不产生送达日期"):
        queue.confirm(wb, task_id, proof, signed_on=D(ex["returned_on"]))
    with pytest.raises(UserError, match="失败的送达"):  # the service refuses it too
        wb.record_delivery_effective(number, task_id, effective_on=D(ex["returned_on"]),
                                     basis="", proof_document_id=proof)
    assert _deadline(wb, number, "answer", party=None).state == "not_started"
    queue.record_attempt(wb, task_id, D(ex["signed_on"]), method="direct", result="signed")
    receipt = _proof(wb, number, f"送达回证 {DEFENDANT}", ex["signed_on"])
    queue.confirm(wb, task_id, receipt, signed_on=D(ex["signed_on"]))
    assert _deadline(wb, number, "answer").due == D(ex["answer_due"])
    f = queue.figures(wb)["by_method"]
    assert f["post"] == {"attempts": 2, "succeeded": 1, "rate": 0.5}
    assert f["direct"]["rate"] == 1.0


def test_a_proof_scanned_back_in_is_matched_to_its_task_with_the_date_it_shows(wb, case):
    number, doc_id = case
    task_id = _task(wb, number, doc_id, "post")
    other = queue.create_tasks(wb, number, doc_id, recipients=[PLAINTIFF], method="post")[0]
    for t in (task_id, other):
        queue.record_attempt(wb, t, D("2026-03-06"), result="mailed", ems_number=f"EA{t % 997}CN")
    proof = _proof(wb, number, f"送达回证\n送达文书名称 民事起诉状\n受送达人 {DEFENDANT}\n"
                               "签收日期 2026 年 3 月 10 日", "2026-03-11")
    found, signed = queue.match_proof(wb, proof)
    assert found is not None and found.id == task_id and signed == D("2026-03-10")
    # And through the CLI: no task named, the proof finds it.
    code = main(["--data-dir", str(wb.data_dir), "service", "confirm", "--proof", str(proof),
                 "--json"])
    assert code == 0
    t = queue.task(wb, task_id)
    assert t.effective_on == D("2026-03-10") and t.proof_document_id == proof
    assert queue.task(wb, other).status == "awaiting_proof"
    assert _deadline(wb, number, "answer").due == D("2026-03-25")


def test_announcement_generates_the_notice_and_takes_effect_thirty_days_later(wb, case):
    number, doc_id = case
    ex = WORKED["announcement"]
    task_id = _task(wb, number, doc_id, "announcement")
    with pytest.raises(UserError, match="原因"):
        announcement.announce(wb, task_id, published_on=D(ex["published_on"]), reason=" ")
    doc_id2, eff = announcement.announce(wb, task_id, published_on=D(ex["published_on"]),
                                         reason="被告下落不明")
    assert eff.on == D(ex["effective_on"])
    notice = wb.document(doc_id2)
    assert notice["title"].startswith("公告") and notice["doc_date"] == ex["published_on"]
    text = "".join(r[0] for r in wb.db.query("SELECT text FROM pages WHERE document_id = ?",
                                            (doc_id2,)))
    t = queue.task(wb, task_id)
    assert t.proof_document_id == doc_id2 and t.attempts[-1].result == "published"
    answer = _deadline(wb, number, "answer", today="2026-04-01")
    assert (answer.start, answer.due) == (D(ex["effective_on"]), D(ex["answer_due"]))
    trial = _deadline(wb, number, "trial_period", today="2026-04-01", party=None)
    assert trial.deducted_days == ex["deducted_days"] and trial.due == D(ex["trial_due"])
    del text


def test_announcement_to_a_party_abroad_takes_sixty_days(wb, example_doc):
    ex = WORKED["announcement"]
    doc = dict(example_doc, procedure="ordinary",
               events=[e for e in example_doc["events"] if e["kind"] == "filed"])
    doc["parties"] = [dict(p, no_domicile_in_china=True) if p["name"] == DEFENDANT else p
                      for p in doc["parties"]]
    number = wb.import_case(doc).number
    complaint_id = _complaint(wb, number, doc["filed_on"])
    complaint = next(e for e in wb.catalogue(number) if e.document_id == complaint_id)
    task_id = _task(wb, number, complaint.document_id, "announcement")
    _, eff = announcement.announce(wb, task_id, published_on=D(ex["published_on"]),
                                   reason="被告在中华人民共和国领域内没有住所，无法以其他方式送达")
    assert eff.on == D(ex["abroad"]["effective_on"])
    assert _deadline(wb, number, "answer", today="2026-05-20").due == D(ex["abroad"]["answer_due"])


def test_judgment_and_ruling_service_start_the_appeal_periods(wb, case):
    number, _ = case
    ex = WORKED["judgment_service"]
    pdf = render_document("service_receipt", {"court_name": "x", "cause": "x", "case_number": number,
                                              "document_served": "民事判决书", "party": PLAINTIFF,
                                              "parties": [], "event_on": "x"})
    judgment = wb.file_document(number, pdf, "judgment", title="民事判决书", on=ex["document_on"])
    for serves, due in (("judgment", ex["appeal_due"]), ("ruling", ex["ruling_appeal_due"])):
        [t] = queue.create_tasks(wb, number, judgment, recipients=[PLAINTIFF] if serves ==
                                 "judgment" else [DEFENDANT], method="post", serves=serves)
        queue.record_attempt(wb, t, D(ex["document_on"]), result="mailed", ems_number="EA9CN")
        proof = _proof(wb, number, "邮件回执", ex["signed_on"], "邮件回执")
        queue.confirm(wb, t, proof, signed_on=D(ex["signed_on"]))
        party = PLAINTIFF if serves == "judgment" else DEFENDANT
        appeal = _deadline(wb, number, "appeal", today="2026-05-12", party=party)
        assert appeal.due == D(due), serves


def test_bad_input_is_refused_with_a_message_and_nothing_recorded(wb, case, example_doc):
    number, doc_id = case
    task_id = _task(wb, number, doc_id, "direct")
    before = _log_count(wb, number)
    with pytest.raises(UserError, match="早于文书形成日期"):
        queue.record_attempt(wb, task_id, D("2026-03-04"), result="signed")
    with pytest.raises(UserError, match="没有送达凭证"):
        queue.confirm(wb, task_id, None, signed_on=D("2026-03-06"))
    queue.record_attempt(wb, task_id, D("2026-03-06"), result="signed")
    before = _log_count(wb, number)
    with pytest.raises(UserError, match="没有送达凭证"):
        wb.record_delivery_effective(number, task_id, effective_on=D("2026-03-06"), basis="",
                                     proof_document_id=None)
    with pytest.raises(UserError, match="签收日期"):  # a direct service needs its signing date
        queue.confirm(wb, task_id, doc_id)
    with pytest.raises(UserError, match="不会有"):  # a result that does not fit the method
        queue.record_attempt(wb, task_id, D("2026-03-07"), result="published")
    with pytest.raises(UserError, match="同意"):
        queue.create_tasks(wb, number, doc_id, method="electronic")
    with pytest.raises(UserError, match="邮件号"):
        queue.record_attempt(wb, task_id, D("2026-03-07"), method="post", result="mailed")
    assert _log_count(wb, number) == before
    assert queue.task(wb, task_id).status == "awaiting_proof"
    # 民诉法解释第一百四十条: no announcement in simple procedure.
    simple = dict(example_doc, case_number="（2026）苏0583民初1235号",
                  events=[e for e in example_doc["events"] if e["kind"] == "filed"])
    n2 = wb.import_case(simple).number
    c2_id = _complaint(wb, n2, simple["filed_on"])
    c2 = next(e for e in wb.catalogue(n2) if e.document_id == c2_id)
    with pytest.raises(UserError, match="不适用公告送达"):
        queue.create_tasks(wb, n2, c2.document_id, method="announcement")


def test_cli_service_queue_lists_creates_and_records_as_json(wb, case, capsys):
    number, doc_id = case
    data = ["--data-dir", str(wb.data_dir)]
    assert main(data + ["service", "create", number, str(doc_id), "--method", "post", "--json"]) == 0
    [made] = json.loads(capsys.readouterr().out)
    assert made["recipient"] == DEFENDANT and made["status"] == "pending"
    assert main(data + ["service", "attempt", str(made["id"]), "mailed", "--on", "2026-03-06",
                        "--ems", "EA7CN", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "awaiting_proof"
    assert main(data + ["service", "attempt", str(made["id"]), "signed", "--on", "2026-03-01"]) == 2
    assert "早于文书形成日期" in capsys.readouterr().err
    assert main(data + ["service", "list", "--status", "awaiting_proof", "--json"]) == 0
    assert [t["id"] for t in json.loads(capsys.readouterr().out)] == [made["id"]]
