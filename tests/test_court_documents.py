"""Court documents only: the complaint, the answer, the evidence and the hearing record are never
generated; they come in through intake or attached; the court writes a 口诉笔录 for an oral
complaint. A missing party document shows as a gap in the file and in completeness."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from workbench.archive.completeness import document_gaps
from workbench.cases.procedure import EVENT_KINDS
from workbench.efile.generation import plan_documents

NUMBER = "（2026）苏0583民初1234号"


def _filed_only(example_doc):
    return dict(example_doc, events=[e for e in example_doc["events"] if e["kind"] == "filed"])


def test_no_event_generates_a_partys_document_or_a_hearing_record(wb, example_doc):
    case = wb.import_case(_filed_only(example_doc))
    for kind in EVENT_KINDS:
        data = {"hearing_on": "2026-04-10"} if kind == "summons_served" else {}
        titles = [p.title for p in plan_documents(case, kind, date(2026, 3, 20), None, data)]
        for word in ("起诉状", "答辩状", "证据目录", "庭审笔录", "上诉状"):
            assert not any(word in t for t in titles), (kind, titles)


def test_recorded_events_leave_gaps_that_name_the_missing_party_documents(wb, example_doc):
    wb.import_case(example_doc)  # filed … hearing, nothing attached
    wb.record_event(NUMBER, "answer_received", "2026-03-20", party="昆山市宏达贸易有限公司")
    wb.record_event(NUMBER, "evidence_submitted", "2026-03-21", party="王建国")
    gaps = {(m.id, m.party) for m in document_gaps(wb, NUMBER)}
    assert gaps == {("complaint", None), ("answer", None), ("evidence", "王建国"),
                    ("hearing_record", None)}
    titles = [e.title for e in wb.catalogue(NUMBER)]
    assert not any("起诉状" in t or "答辩状" in t or "庭审笔录" in t for t in titles)


def test_an_attached_complaint_closes_its_gap(wb, example_doc, tmp_path):
    from workbench.demo import sample_party_pdf
    case = wb.import_case(_filed_only(example_doc))
    path = tmp_path / "complaint.pdf"
    path.write_bytes(sample_party_pdf(case, "complaint", case.filed_on))
    assert [m.id for m in document_gaps(wb, NUMBER)] == ["complaint"]
    wb.add_document(NUMBER, path, "complaint", title="民事起诉状")
    assert document_gaps(wb, NUMBER) == []


def test_an_oral_complaint_is_written_down_by_the_court(wb, example_doc):
    doc = dict(example_doc, events=[])
    wb.import_case(doc)
    said = "被告借我八万元一直不还，请法院判他还钱。"
    res = wb.record_event(NUMBER, "filed", "2026-03-05", data={"oral_complaint": said})
    (doc_id,) = res.document_ids
    d = wb.document(doc_id)
    assert d["title"] == "口诉笔录" and d["category"] == "complaint" and d["author"] == "江苏省昆山市人民法院"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(wb.document_pdf(doc_id))).pages)
    assert said in text.replace("\n", "") and "记录人" in text
    assert document_gaps(wb, NUMBER) == []


def test_cli_catalogue_shows_the_gap(tmp_path, example_path, capsys):
    from workbench.cli import main
    data = str(tmp_path / "d")
    assert main(["--data-dir", data, "case", "import", str(example_path)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "efile", "catalogue", NUMBER]) == 0
    out = capsys.readouterr().out
    assert "卷宗缺项" in out and "起诉状（或口诉笔录）" in out and "庭审笔录" in out
