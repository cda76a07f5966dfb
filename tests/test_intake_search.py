"""Full-text search: Chinese substrings of any length, amounts however written, generated
documents indexed from their text layer. No OCR here: pages are inserted as filing inserts them."""

from __future__ import annotations

import json

from workbench.cli import main
from workbench.intake import search


def _page(wb, case_ref, text: str, title: str = "证据") -> int:
    from workbench.service import ReadyDocument, ScannedFiling, ScannedPage
    case = wb.case(case_ref)
    [doc] = wb.file_scanned([ScannedFiling(
        case.number, ReadyDocument("正卷", "evidence", title, "", 0, "0" * 64, 1, "scanned"),
        "2026-03-05", [ScannedPage(None, text, None, 0, "", None, None, None)])])
    return doc


def test_normalise_makes_written_forms_meet():
    assert search.normalise("借款 50,000.00 元") == "借款50000.00元"
    assert search.normalise("（２０２６）苏0583民初 1234号") == "(2026)苏0583民初1234号"
    assert search.normalise("1,2345") == "1,2345"  # not a thousands separator


def test_search_finds_names_amounts_and_case_numbers(wb, example_doc):
    wb.import_case(example_doc)
    doc = _page(wb, example_doc["case_number"], "今借到王建国人民币50,000元\n借款人：赵 强")
    _page(wb, example_doc["case_number"], "无关的页面，只有法院的名称", "其他")
    conn = wb.db.conn
    for q in ("王建国", "50000", "50,000元", "赵强", "王建", "借到 50000"):
        hits = search.search(conn, q)
        assert [h.document_id for h in hits] == [doc], q
    assert search.search(conn, "李四") == []
    assert search.search(conn, "   ") == []
    hit = search.search(conn, "王建国")[0]
    assert hit.case_number == example_doc["case_number"] and hit.page == 1 and "王建国" in hit.snippet
    assert search.search(conn, "王建国", case_id=hit.case_id + 99) == []


def test_generated_documents_are_indexed_from_their_pdf(tmp_path, example_path, capsys):
    data = tmp_path / "data"
    main(["--data-dir", str(data), "case", "import", str(example_path)])
    capsys.readouterr()
    assert main(["--data-dir", str(data), "search", "昆山市宏达贸易", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all(h["case_number"] == "（2026）苏0583民初1234号" for h in hits)
    assert main(["--data-dir", str(data), "verify"]) == 0
