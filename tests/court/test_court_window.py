"""The court store in the main window, against a real PostgreSQL (tests/court/conftest.py): the
periodic background sync brings another desk's work into the case list and the open case
without a click, one sync at a time; offline is quiet and a failure is said once in the status
bar; the users-and-assignment page is the administrator's; connect and disconnect from the menu.
"""

from __future__ import annotations

import os
from datetime import date

import psycopg
import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench.court import desk, sync
from workbench.store.court import admin
from workbench.store.court.localcluster import free_port
from workbench.settings import Settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def desk_window(open_window):
    """Factory: the real main window over a data directory with the given runner (tests/conftest's
    open_window); message boxes left open are closed at the end of the test."""
    yield lambda data_dir, runner: open_window(data_dir, runner=runner)
    for box in _boxes():
        box.close()


def _boxes() -> list[QMessageBox]:
    return [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()]


def _messages(w) -> list[str]:
    seen: list[str] = []
    w.statusBar().messageChanged.connect(lambda text: text and seen.append(text))
    return seen


def test_periodic_sync_shows_another_desks_work_without_a_click(qtbot, court, tmp_path,
                                                                 filed_case, desk_window):
    from ui.task_runner import TaskRunner
    judge_dir = tmp_path / "judge"
    court.desk(judge_dir, "wang").close()
    Settings.load(judge_dir).set("court.sync_seconds", 1)
    w = desk_window(judge_dir, TaskRunner())   # the real runner: syncs run in its threads
    assert w.court.timer.isActive() and w.court.timer.interval() == 1000
    qtbot.waitUntil(lambda: w.court.sync_task is None and w.court.state is not None
                    and w.court.state.connected, timeout=15000)
    assert w.model.total == 0
    assert w.court.label.text() == f"已连接 wang@{court.db}"

    # The filing desk makes a case and the administrator assigns it to wang: it turns up.
    number = filed_case(court, tmp_path, 41, judge="wang", clerk="li")
    qtbot.waitUntil(lambda: w.model.total == 1, timeout=15000)
    assert w.model.case_number(0) == number
    view = w.open_case(number)
    assert view.case.status == "filed"

    # The clerk records the acceptance at his own desk; the judge's open case shows it.
    with court.desk(tmp_path / "clerk", "li") as clerk:
        assert not sync.sync(clerk).errors
        clerk.record_event(number, "accepted", date(2026, 3, 3))
        assert not sync.sync(clerk).errors
    qtbot.waitUntil(lambda: view.case.status == "accepted", timeout=15000)
    qtbot.waitUntil(lambda: w.model.summary(w.model.row_of(number)).status == "accepted",
                    timeout=5000)
    assert w.runner.errors == [] and not _boxes()


def test_one_sync_at_a_time(qtbot, court, tmp_path, desk_window):
    from ui.task_runner import SyncRunner
    d = tmp_path / "judge"
    court.desk(d, "wang").close()
    runner = SyncRunner(hold=True)
    w = desk_window(d, runner)         # the start-up sync is submitted and held "running"

    def syncs() -> int:
        return sum(t.fn.__qualname__.startswith("_sync_work") for t in runner.pending)

    assert w.court.sync_task is not None and syncs() == 1
    assert w.court.label.text().endswith("同步中…")
    assert not w.court.act_sync.isEnabled()
    assert w.court.act_sync.toolTip() == "正在与法院库同步，请稍候"
    assert not w.court.act_disconnect.isEnabled()
    w.court.timer.timeout.emit()       # the timer comes round while it runs
    w.court.act_sync.trigger()
    assert w.court.sync_now(background=False) is None
    assert syncs() == 1
    runner.release()
    assert w.court.sync_task is None and w.court.act_sync.isEnabled()
    assert w.court.label.text() == f"已连接 wang@{court.db}"
    assert w.court.sync_now(background=True) is not None and syncs() == 1


def test_offline_is_quiet_and_a_failure_is_said_once(qtbot, court, tmp_path, desk_window,
                                                      make_case):
    from ui.task_runner import SyncRunner
    from workbench.service import Workbench
    d = tmp_path / "judge"
    court.desk(d, "wang").close()
    s = desk.load(d)
    good = s.dsn
    s.dsn = f"postgresql://127.0.0.1:{free_port()}/{court.db}"   # nothing listens there
    desk.save(d, s)
    runner = SyncRunner()
    w = desk_window(d, runner)
    assert w.court.label.text() == f"离线 wang@{court.db}"
    assert w.statusBar().currentMessage() == "" and not _boxes() and runner.errors == []
    seen = _messages(w)
    w.court.sync_now(background=True)
    assert seen == [] and not _boxes()
    # Work goes on offline; the state counts what waits to be pushed.
    with Workbench.open(d) as wb:
        number = make_case(wb, 71)
        waiting = sync.status(wb, online=False).pending
    assert list(waiting) == [number]
    w.refresh_cases()
    assert w.court.label.text() == f"离线 wang@{court.db}，待同步 {waiting[number]}"
    assert seen == []

    # Reachable again, but the server no longer takes the stored password.
    s.dsn = good
    desk.save(d, s)
    with psycopg.connect(court.owner_dsn, autocommit=True) as conn:
        conn.execute(f'ALTER ROLE "{court.login("wang")}" PASSWORD \'changed\'')
    w.court.sync_now(background=True)
    w.court.sync_now(background=True)
    failures = [m for m in seen if m.startswith("后台同步失败")]
    assert len(failures) == 1 and "用户名或密码错误" in failures[0]
    assert w.court.label.text() == \
        f"已连接 wang@{court.db}，待同步 {waiting[number]}，同步失败"
    assert "用户名或密码错误" in w.court.label.toolTip()
    assert not _boxes() and runner.errors == []
    # Asked for by hand, the same failure is told in a box.
    w.court.act_sync.trigger()
    assert [b for b in _boxes() if "同步失败" in b.text()]
    for b in _boxes():
        b.close()
    # Put right on the server: the next background sync clears the mark.
    with psycopg.connect(court.owner_dsn, autocommit=True) as conn:
        conn.execute(f'ALTER ROLE "{court.login("wang")}" PASSWORD \'pw-wang\'')
    w.court.sync_now(background=True)      # and what waited is pushed
    assert w.court.label.text() == f"已连接 wang@{court.db}" and w.court.failure == ""
    with court.conn("wang") as conn:
        assert conn.execute("SELECT count FROM court.cases WHERE number = %s",
                            (number,)).fetchone()[0] == waiting[number]


def test_connect_from_the_menu_assign_as_administrator_and_disconnect(qtbot, court, tmp_path,
                                                                      make_case, desk_window):
    from ui.court.figures_page import CourtFiguresPage
    from ui.court.users_page import UsersPage
    from ui.task_runner import SyncRunner
    with court.desk(tmp_path / "filing", "fang") as filing:   # an unassigned case
        number = make_case(filing, 61)
        assert not sync.sync(filing).errors

    # A judge connects through the dialog; users and assignment stay the administrator's.
    judge = desk_window(tmp_path / "judge", SyncRunner())
    assert not judge.court.connected and not judge.court.act_sync.isEnabled()
    dlg = judge.court.open_connect()
    dlg.dsn.setText(court.dsn)
    dlg.user.setText("wang")
    dlg.password.setText("pw-wang")
    dlg.connect_button.click()
    assert judge.court.connected and judge.court.label.text() == f"已连接 wang@{court.db}"
    assert judge.court.timer.isActive() and judge.court.timer.interval() == 120_000
    assert judge.court.act_sync.isEnabled() and judge.court.act_figures.isEnabled()
    assert not judge.court.act_users.isEnabled()
    assert judge.court.act_users.toolTip() == "只有管理员可以管理用户与分配案件（当前角色：法官）"
    assert judge.model.total == 0

    boss_dir = tmp_path / "admin"
    court.desk(boss_dir, "boss").close()
    boss = desk_window(boss_dir, SyncRunner())
    assert boss.court.act_users.isEnabled()
    boss.court.act_users.trigger()
    page = boss.tabs.currentWidget()
    assert isinstance(page, UsersPage) and boss.tabs.tabText(boss.tabs.currentIndex()) == "用户与分配"
    names = {page.table.item(i, 0).text() for i in range(page.table.rowCount())}
    assert {"boss", "wang", "li"} <= names
    row = next(i for i in range(page.cases.rowCount()) if page.cases.item(i, 0).text() == number)
    assert page.cases.item(row, 2).text() == "（未分案）"
    page.cases.selectRow(row)
    assert page.case_number.text() == number
    page.assign_judge.setCurrentIndex(page.assign_judge.findData("wang"))
    page.assign_clerk.setCurrentIndex(page.assign_clerk.findData("li"))
    page.assign_button.click()
    assert page.message.text() == f"已分配 {number}：承办法官 wang，书记员 li"
    with court.conn("boss") as conn:
        got = {a.number: (a.judge, a.clerk) for a in admin.list_assignments(conn)}
    assert got[number] == ("wang", "li")
    # The judge's next sync brings the newly assigned case into the list.
    judge.court.sync_now(background=True)
    assert judge.model.total == 1 and judge.model.case_number(0) == number

    boss.court.act_figures.trigger()
    figures = boss.tabs.currentWidget()
    assert isinstance(figures, CourtFiguresPage) and "全院 1 件" in figures.summary.text()

    boss.court.ask_disconnect = lambda pending: True
    boss.court.act_disconnect.trigger()
    assert desk.load(boss_dir) is None and not (boss_dir / "court.secret").exists()
    assert boss.court.label.text() == "未连接法院库" and not boss.court.timer.isActive()
    assert not boss.court.act_sync.isEnabled() and not boss.court.act_users.isEnabled()
    assert not any(isinstance(boss.tabs.widget(i), (UsersPage, CourtFiguresPage))
                   for i in range(boss.tabs.count()))
