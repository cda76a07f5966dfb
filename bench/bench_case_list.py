"""Open the case list of 100,000 cases and go to its last row (and to row 50,000), as a user does
with Ctrl+End or by dragging the scroll bar: a shown QTableView over the model, the first paint,
view.scrollToBottom() (or scrollTo the row), the paint there, then the row's data read.

Ours: the workbench's CaseListModel. It counts the query's rows (one count(*)), so the view's
scroll bar spans the whole list at once, and reads only the 200-row pages the view paints (by
offset through the sort index when nothing near is loaded, else by seeking from a loaded page).

The peer: Qt's own QSqlQueryModel over the same SQLite database and the same ordered query
(ORDER BY the case number's parts, then id, the order our model shows). QSQLITE cannot report a
query's size, so QSqlQueryModel knows only the rows it has fetched (255 a batch); to reach the
last row (or row 50,000) it must fetch every row before it, which the bench does with fetchMore
before scrolling. It builds no Python objects per row and shows no deadline colours; it is the
plain Qt way to put a table of SQL rows in a view, not a model with our features."""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _common import best_of, ratio_line

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CAUSES = ["民间借贷纠纷", "金融借款合同纠纷", "信用卡纠纷", "买卖合同纠纷", "物业服务合同纠纷",
          "机动车交通事故责任纠纷"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国秀英志强美华海涛丽娟国平晓燕立新敏红梅"


def build(data_dir: Path, count: int) -> float:
    from workbench.cases.records import Case, Claim, Party
    from workbench.service import Workbench

    t = time.perf_counter()
    with Workbench.open(data_dir) as wb:
        batch = 5000
        for start in range(0, count, batch):
            # Bulk loading for the benchmark: one transaction per batch, not per case.
            cases = []
            for i in range(start, min(count, start + batch)):
                year = 2016 + i % 10
                p = SURNAMES[i % 20] + GIVEN[(i * 7) % 16] + GIVEN[(i * 3) % 16]
                d = SURNAMES[(i * 11) % 20] + GIVEN[(i * 5) % 16]
                case = Case(
                    number=f"（{year}）苏0583民初{i // 10 + 1}号", court_name="江苏省昆山市人民法院",
                    appeal_court="江苏省苏州市中级人民法院", cause=CAUSES[i % 6],
                    procedure="simple", filed_on=date(year, 1, 1) + timedelta(days=i % 360),
                    judge=f"法官{i % 40:02d}", clerk="书记员",
                    parties=[Party("plaintiff", "person", p), Party("defendant", "person", d)],
                    claims=[Claim("principal", "本金", None)])
                cases.append(case)
            wb.create_cases(cases)
    return time.perf_counter() - t


PEER_SQL = ("SELECT id, number, cause, procedure, filed_on, judge, clerk, plaintiffs, defendants,"
            " status, updated_at FROM cases ORDER BY year DESC, court_code DESC, type_code DESC,"
            " seq DESC, id DESC")


def _view(model):
    from PySide6.QtWidgets import QApplication, QTableView

    view = QTableView()
    view.resize(1200, 700)
    view.setModel(model)
    view.show()
    QApplication.processEvents()  # the first paint: the top rows are read
    return view


def _go(view, row: int | None) -> None:
    """Bring `row` (None: the last row) into view and paint it, as Ctrl+End or a drag would."""
    from PySide6.QtWidgets import QApplication

    if row is None:
        view.scrollToBottom()
    else:
        view.scrollTo(view.model().index(row, 0))
    QApplication.processEvents()


def ours(data_dir: Path, row: int | None = None) -> str:
    from models.cases import CaseListModel
    from workbench.service import Workbench

    with Workbench.open(data_dir) as wb:
        model = CaseListModel(wb)
        view = _view(model)
        _go(view, row)
        target = model.rowCount() - 1 if row is None else row
        number = model.index(target, 0).data()
        assert number, "the row must have data"
        view.close()
        return number


def peer(data_dir: Path, row: int | None = None) -> str:
    from PySide6.QtSql import QSqlDatabase, QSqlQuery, QSqlQueryModel

    db = QSqlDatabase.addDatabase("QSQLITE", "bench")
    db.setDatabaseName(str(data_dir / "workbench.db"))
    db.open()
    model = QSqlQueryModel()
    query = QSqlQuery(db)
    query.exec(PEER_SQL)
    model.setQuery(query)
    view = _view(model)
    # QSQLITE cannot tell a query's size, so QSqlQueryModel knows only the rows it has fetched
    # (255 a batch): the view's scroll bar ends at them, and reaching a row further down means
    # fetching every row before it.
    while (row is None or model.rowCount() <= row) and model.canFetchMore():
        model.fetchMore()
    _go(view, row)
    target = model.rowCount() - 1 if row is None else row
    number = model.index(target, 1).data()
    assert number
    view.close()
    model.clear()
    del query
    db.close()
    del db
    QSqlDatabase.removeDatabase("bench")
    return number


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", help="reuse/keep this data directory")
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication([])  # noqa: F841 (Qt models need an app)

    data_dir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-list-")) / "data"
    if not (data_dir / "workbench.db").exists():
        print(f"building {args.cases} cases: {build(data_dir, args.cases):.1f} s")
    for name, row in (("open case list + go to the last row", None),
                      ("open case list + go to row 50,000", 50_000)):
        mine, theirs = ours(data_dir, row), peer(data_dir, row)
        assert mine == theirs, (mine, theirs)  # the same case at the same row
        t_ours = best_of(lambda: ours(data_dir, row), args.runs)
        t_peer = best_of(lambda: peer(data_dir, row), args.runs)
        print(ratio_line(name, t_ours, "QSqlQueryModel", t_peer))
    if not args.keep:
        shutil.rmtree(data_dir.parent)


if __name__ == "__main__":
    main()
