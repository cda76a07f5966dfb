"""TimelineModel: the case's events, oldest first, with Chinese or English names."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.timeline import EventKindRole, TimelineModel


def test_events_in_date_order_with_names_and_parties(wb, example_doc):
    case = wb.import_case(example_doc)
    m = TimelineModel(wb, case.id)
    assert m.rowCount() == 5
    rows = [[m.index(r, c).data() for c in range(3)] for r in range(m.rowCount())]
    assert rows == [["2026-03-05", "立案", ""], ["2026-03-05", "受理", ""],
                    ["2026-03-09", "送达起诉状副本", "昆山市宏达贸易有限公司"],
                    ["2026-03-20", "送达传票（开庭 2026-04-10）", ""], ["2026-04-10", "开庭审理", ""]]
    assert m.index(2, 0).data(EventKindRole) == "complaint_served"


def test_new_event_is_the_last_row_after_refresh(wb, example_doc):
    case = wb.import_case(example_doc)
    m = TimelineModel(wb, case.id, lang="en")
    wb.record_event(case.id, "extended", "2026-05-01", data={"months": 1})
    m.refresh()
    assert m.rowCount() == 6
    assert m.index(5, 1).data() == "trial period extended (+1 months)"
    assert m.headerData(1, Qt.Orientation.Horizontal) == "Event"
