"""The case view: catalogue in the standard order, the page viewer, facts, timeline, export."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtTest import QTest

from models.catalogue import DocumentIdRole
from workbench.efile.catalogue import filing_categories
from workbench.service import CaseQuery


def _case(window, status):
    return window.wb.list_cases(CaseQuery(status=status), 0, 1)[0].number


def test_opening_a_case_shows_its_catalogue_in_standard_order(window):
    view = window.open_case(_case(window, "concluded"))
    m = view.tree.model()
    assert [m.index(r, 0).data() for r in range(m.rowCount())][0].startswith("正卷")
    main = m.index(0, 0)
    names = [m.index(r, 0, main).data().split("（")[0] for r in range(m.rowCount(main))]
    assert names == [c.name for c in filing_categories("正卷")]
    assert view.tree.isExpanded(main)
    # The first document is shown straight away, so the viewer is never blank on opening.
    assert view.viewer.document.status() == QPdfDocument.Status.Ready
    assert view.viewer.page_label.text().startswith("第 1 页（卷内）")


def test_selecting_a_document_shows_its_pages_with_case_file_numbers(window, qtbot):
    view = window.open_case(_case(window, "concluded"))
    entries = window.wb.catalogue(view.number, "正卷")
    entry = next(e for e in entries if e.page_count > 1 and e.first_page > 1)
    idx = view.catalogue.index_of_document(entry.document_id)
    view.tree.scrollTo(idx)
    QTest.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.tree.visualRect(idx).center())
    v = view.viewer
    assert view.tree.currentIndex().data(DocumentIdRole) == entry.document_id
    assert v.document.pageCount() == entry.page_count
    assert v.page_label.text() == f"第 {entry.first_page} 页（卷内）  ·  本文书第 1/{entry.page_count} 页"
    assert entry.title in v.title_label.text()
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_PageDown)
    assert v.page_label.text().startswith(f"第 {entry.first_page + 1} 页（卷内）")
    QTest.keyClick(view, Qt.Key.Key_PageUp)
    assert v.file_page() == entry.first_page
    # Thumbnails: one per page, labelled with the case-file number, rendered without blocking.
    assert v.thumbs.count() == entry.page_count
    assert v.thumbs.item(1).text() == str(entry.first_page + 1)
    qtbot.waitUntil(lambda: v.thumbnails_pending == 0, timeout=5000)


def test_zoom_shortcuts(window):
    view = window.open_case(_case(window, "heard"))
    v = view.viewer
    view.setFocus()
    assert v.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    before = v.effective_zoom()
    QTest.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert v.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert v.view.zoomFactor() > before
    QTest.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert v.view.zoomFactor() < before
    QTest.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert v.view.zoomMode() == QPdfView.ZoomMode.FitToWidth


def test_facts_and_timeline(window):
    view = window.open_case(_case(window, "concluded"))
    case = window.wb.case(view.number)
    text = view.facts.toPlainText()
    for needle in (case.number, case.court_name, case.cause, case.judge, case.clerk, "已结案",
                   *(p.name for p in case.parties)):
        assert needle in text
    assert any(c.text in text for c in case.claims)
    assert view.side.tabText(0) == "案件信息" and view.side.tabText(1) == "时间线"
    events = window.wb.events(view.number)
    tl = view.timeline
    assert tl.rowCount() == len(events)
    assert tl.index(tl.rowCount() - 1, 1).data() == "结案"
    dates = [tl.index(r, 0).data() for r in range(tl.rowCount())]
    assert dates == sorted(dates)


def test_export_volume_runs_in_the_background_and_reports_the_path(window, qtbot, tmp_path, boxes):
    view = window.open_case(_case(window, "concluded"))
    out = tmp_path / "out" / "zhengjuan.pdf"
    out.parent.mkdir()
    view.export_volume("正卷", out)
    qtbot.waitUntil(lambda: view.last_export is not None, timeout=30000)
    assert out.exists()
    doc = QPdfDocument()
    doc.load(str(out))
    numbered = window.wb.catalogue(view.number, "正卷")[-1].last_page
    assert doc.pageCount() == view.last_export.total_pages > numbered
    qtbot.waitUntil(lambda: any(str(out) in b.text() for b in boxes()), timeout=2000)


def test_verify_reports_an_intact_case(window, qtbot, boxes):
    view = window.open_case(_case(window, "judged"))
    view.btn_verify.click()
    qtbot.waitUntil(lambda: any("完好" in b.text() and view.number in b.text() for b in boxes()),
                    timeout=10000)


def test_empty_categories_are_greyed(window):
    view = window.open_case(_case(window, "filed"))
    m = view.catalogue
    main = m.volume_index("正卷")
    cats = [m.index(r, 0, main) for r in range(m.rowCount(main))]
    answer = next(c for c in cats if c.data().startswith("答辩状"))
    assert not (m.flags(answer) & Qt.ItemFlag.ItemIsEnabled)
    assert view.selected_document_ids() and m.rowCount(QModelIndex()) == 2
