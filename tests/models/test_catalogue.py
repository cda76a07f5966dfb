"""CatalogueModel: volume → category in the standard order → document, with page ranges."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from models.catalogue import CatalogueModel, DocumentIdRole, FirstPageRole, KindRole, VolumeRole
from workbench.efile.catalogue import filing_categories


def _children(m, parent):
    return [m.index(r, 0, parent) for r in range(m.rowCount(parent))]


def test_tree_follows_the_standard_order(wb, example_doc):
    case = wb.import_case(example_doc)
    m = CatalogueModel(wb, case.id)
    volumes = _children(m, QModelIndex())
    assert [v.data(VolumeRole) for v in volumes] == ["正卷", "副卷"]
    cats = _children(m, volumes[0])
    expected = [c.name for c in filing_categories("正卷")]
    # Category labels carry a document count when not empty: "起诉状、口诉笔录（1）".
    assert [c.data().split("（")[0] for c in cats] == expected
    assert all(c.data(KindRole) == "category" for c in cats)


def test_documents_carry_seq_pages_date_and_id(wb, example_doc):
    case = wb.import_case(example_doc)
    m = CatalogueModel(wb, case.id)
    entries = wb.catalogue(case.id, "正卷")
    first = m.index_of_document(entries[0].document_id)  # 受理案件通知书: the complaint is the
    assert first.data() == f"1  {entries[0].title}"      # plaintiff's, never generated
    assert first.data(FirstPageRole) == 1
    assert first.parent().data().startswith("立案审批表")
    for e in entries:
        idx = m.index_of_document(e.document_id)
        pages = idx.siblingAtColumn(1).data()
        expected = str(e.first_page) if e.page_count == 1 else f"{e.first_page}–{e.last_page}"
        assert pages == expected
        assert idx.siblingAtColumn(2).data() == e.date
        assert wb.document(idx.data(DocumentIdRole))["title"] == e.title
    # Pages run on without gaps through the volume.
    assert [e.first_page for e in entries[1:]] == [e.last_page + 1 for e in entries[:-1]]


def test_empty_categories_are_greyed_or_hidden(wb, example_doc):
    case = wb.import_case(example_doc)
    m = CatalogueModel(wb, case.id)
    main = m.volume_index("正卷")
    cats = _children(m, main)
    empty = [c for c in cats if "（" not in c.data()]
    full = [c for c in cats if "（" in c.data()]
    assert empty and full
    assert all(not (m.flags(c) & Qt.ItemFlag.ItemIsEnabled) for c in empty)
    assert all(m.flags(c) & Qt.ItemFlag.ItemIsEnabled for c in full)
    hidden = CatalogueModel(wb, case.id, hide_empty=True)
    assert m.rowCount(main) > hidden.rowCount(hidden.volume_index("正卷")) == len(full)


def test_refresh_shows_a_new_document_and_english_names(wb, example_doc):
    case = wb.import_case(example_doc)
    m = CatalogueModel(wb, case.id, lang="en")
    before = len(m.entries())
    res = wb.record_event(case.id, "judgment_issued", "2026-04-20")
    assert m.index_of_document(res.document_ids[0]).isValid() is False
    m.refresh()
    assert len(m.entries()) == before + len(res.document_ids)
    idx = m.index_of_document(res.document_ids[0])
    assert idx.parent().data() == "Pronouncement record (1)"
    assert m.volume_index("副卷").data() == "internal volume"  # no documents yet: no count
    assert m.headerData(1, Qt.Orientation.Horizontal) == "Pages"
