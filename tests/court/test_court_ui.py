"""The connect dialog and the users page against a real court store (pytest-qt, offscreen)."""

from __future__ import annotations

import stat

from workbench.court import desk


def test_connect_dialog_connects_and_refuses_a_wrong_password(qtbot, court, tmp_path):
    from ui.court.connect_dialog import ConnectDialog
    from ui.task_runner import SyncRunner
    d = tmp_path / "desk"
    dlg = ConnectDialog(d, SyncRunner())
    qtbot.addWidget(dlg)
    dlg.dsn.setText(court.dsn)
    dlg.user.setText("wang")
    dlg.password.setText("wrong")
    dlg.connect_button.click()
    assert "用户名或密码错误" in dlg.status.text()
    assert desk.load(d) is None
    got = []
    dlg.connected.connect(got.append)
    dlg.password.setText("pw-wang")
    dlg.connect_button.click()
    assert got == ["wang"] and "wang" in dlg.status.text()
    assert dlg.password.text() == ""
    assert "pw-wang" not in (d / "court.json").read_text(encoding="utf-8")
    assert stat.S_IMODE((d / "court.secret").stat().st_mode) == 0o600


def test_users_page_lists_and_adds_people(qtbot, court, tmp_path):
    from ui.court.users_page import UsersPage
    from ui.task_runner import SyncRunner
    court.desk(tmp_path / "admin", "boss").close()
    page = UsersPage(tmp_path / "admin", SyncRunner())
    qtbot.addWidget(page)
    page.refresh()
    names = [page.table.item(i, 0).text() for i in range(page.table.rowCount())]
    assert {"boss", "wang", "li"} <= set(names)
    page.name.setText("sun")
    page.role.setCurrentIndex(page.role.findData("clerk"))
    page.judge.setCurrentIndex(page.judge.findData("zhao"))
    page.password.setText("pw-sun")
    page.add_button.click()
    assert "sun" in page.message.text()
    row = [i for i in range(page.table.rowCount()) if page.table.item(i, 0).text() == "sun"]
    assert row and page.table.item(row[0], 3).text() == "zhao"
    # The new clerk logs in with his own password.
    with court.conn("sun") as conn:
        assert conn.execute("SELECT court.me()").fetchone()[0] == "sun"
    # A judge's desk may not add people: the page says so.
    court.desk(tmp_path / "judge", "wang").close()
    jp = UsersPage(tmp_path / "judge", SyncRunner())
    qtbot.addWidget(jp)
    jp.name.setText("ma")
    jp.password.setText("x")
    jp.add_button.click()
    assert "只有管理员可以添加用户" in jp.message.text()


def test_court_figures_page_shows_every_judge_to_the_president(qtbot, court, tmp_path, filed_case):
    from ui.court.figures_page import CourtFiguresPage
    from ui.task_runner import SyncRunner
    filed_case(court, tmp_path, 21, judge="wang", clerk="li")
    filed_case(court, tmp_path, 22, judge="zhao", clerk=None)
    court.desk(tmp_path / "president", "chen").close()
    page = CourtFiguresPage(tmp_path / "president", SyncRunner())
    qtbot.addWidget(page)
    page.refresh()
    judges = {page.table.item(i, 0).text() for i in range(page.table.rowCount())}
    assert judges == {"王法官（wang）", "王法官（zhao）"}
    assert "2" in page.summary.text()
    # A judge's page shows only the judge.
    court.desk(tmp_path / "wang", "wang").close()
    mine = CourtFiguresPage(tmp_path / "wang", SyncRunner())
    qtbot.addWidget(mine)
    mine.refresh()
    assert mine.table.rowCount() == 1 and mine.table.item(0, 0).text() == "王法官（wang）"
