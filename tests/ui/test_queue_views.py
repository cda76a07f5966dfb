"""Issue 13: the service and preservation queue views over the demo court."""

from __future__ import annotations

import csv
from datetime import date

from PySide6.QtCore import Qt

from workbench.delivery import queue
from workbench.preservation import matters
from workbench.service import Workbench
from ui.task_runner import SyncRunner


def test_service_queue_shows_every_task_filters_and_exports_the_days_mail(qtbot, demo_dir, tmp_path):
    from ui.delivery_view import DeliveryQueueView
    with Workbench.open(demo_dir) as wb:
        tasks = queue.list_tasks(wb)
        states = {t.status for t in tasks}
        # A letter posted today, for the mail list.
        waiting = next(t for t in tasks if t.status == "failed")
        queue.record_attempt(wb, waiting.id, date.today(), method="post", result="mailed",
                             ems_number="EA555666777CN")
        posted_today = sorted(a.data["ems_number"] for t in queue.list_tasks(wb)
                              for a in t.attempts if a.on == date.today() and a.result == "mailed")
    assert states == {"pending", "failed", "awaiting_proof", "effective"}
    target = tmp_path / "mail.csv"
    view = DeliveryQueueView(demo_dir, SyncRunner(), ask_save_path=lambda parent, default: str(target))
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.refreshed) as shown:
        view.refresh()
    assert shown.args[0] == len(tasks) == view.proxy.rowCount()
    assert "成功率" in view.figures_label.text() and "日生效" in view.figures_label.text()
    with qtbot.waitSignal(view.refreshed) as shown:
        view.status_combo.setCurrentIndex(view.status_combo.findData("effective"))
    assert shown.args[0] == sum(1 for t in tasks if t.status == "effective")
    assert {view.proxy.index(r, 5).data() for r in range(view.proxy.rowCount())} == {"已生效"}
    view.status_combo.setCurrentIndex(0)
    view.search.setText(waiting.case_number)
    assert 1 <= view.proxy.rowCount() < len(tasks)
    with qtbot.waitSignal(view.exported):
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][3] == "邮件号" and "EA555666777CN" in posted_today
    assert sorted(r[3] for r in rows[1:]) == posted_today


def test_preservation_queue_colours_alerts_and_filters_those_needing_action(qtbot, demo_dir):
    from ui.preservation_view import PreservationQueueView
    today = date.today()
    with Workbench.open(demo_dir) as wb:
        all_matters = matters.list_matters(wb)
        needing = [m for m in all_matters if m.alerts(today)]
        expiring = matters.figures(wb, today)["expiring"]
    assert {m.status for m in all_matters} == {"applied", "granted", "rejected", "executed",
                                               "released"}
    assert {m.stage for m in all_matters} == {"pre_suit", "in_suit"} and needing and expiring
    view = PreservationQueueView(demo_dir, SyncRunner(), today=today)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.refreshed) as shown:
        view.refresh()
    assert shown.args[0] == len(all_matters)
    assert f"本周期满的措施 {expiring} 项" in view.figures_label.text()
    with qtbot.waitSignal(view.refreshed) as shown:
        view.alerts_only.setChecked(True)
    assert shown.args[0] == len(needing)
    for r in range(view.model.rowCount()):
        assert view.model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
        assert view.model.index(r, 8).data()  # the alert's text


def test_dashboard_shows_the_queue_figures(qtbot, demo_dir):
    from ui.dashboard import Dashboard
    today = date.today()
    with Workbench.open(demo_dir) as wb:
        service = queue.figures(wb)
        expiring = matters.figures(wb, today, 7)["expiring"]
    attempts = sum(v["attempts"] for v in service["by_method"].values())
    ok = sum(v["succeeded"] for v in service["by_method"].values())
    dash = Dashboard(demo_dir, SyncRunner(), today=today)
    qtbot.addWidget(dash)
    dash.refresh()
    row = dash.queue_figures
    assert row.values["service_rate"].text() == f"{ok / attempts:.0%}"
    assert row.values["days_to_service"].text() == str(service["average_days_to_effective"])
    assert row.values["expiring_measures"].text() == str(expiring) != "0"
