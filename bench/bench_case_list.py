"""Open the case list and scroll to its end over 100,000 cases, with the workbench's
CaseListModel (fetch on demand, paged SQL) and with Qt's own QSqlQueryModel on the same database
and the same ordered query (also fetch on demand) as the named peer."""

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


def ours(data_dir: Path) -> int:
    from models.cases import CaseListModel
    from workbench.service import Workbench

    with Workbench.open(data_dir) as wb:
        model = CaseListModel(wb)
        while model.canFetchMore():
            model.fetchMore()
        last = model.index(model.rowCount() - 1, 0).data()
        assert last, "the last row must have data"
        return model.rowCount()


def peer(data_dir: Path) -> int:
    from PySide6.QtSql import QSqlDatabase, QSqlQuery, QSqlQueryModel

    db = QSqlDatabase.addDatabase("QSQLITE", "bench")
    db.setDatabaseName(str(data_dir / "workbench.db"))
    db.open()
    model = QSqlQueryModel()
    query = QSqlQuery(db)
    query.exec("SELECT id, number, cause, procedure, filed_on, judge, clerk, plaintiffs, defendants,"
               " status, updated_at FROM cases ORDER BY year DESC, court_code DESC, type_code DESC,"
               " seq DESC")
    model.setQuery(query)
    while model.canFetchMore():
        model.fetchMore()
    last = model.index(model.rowCount() - 1, 1).data()
    assert last
    n = model.rowCount()
    model.clear()
    del query
    db.close()
    return n


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
    n_ours = ours(data_dir)
    n_peer = peer(data_dir)
    assert n_ours == n_peer, (n_ours, n_peer)
    print(f"rows scrolled: {n_ours}")
    t_ours = best_of(lambda: ours(data_dir), args.runs)
    t_peer = best_of(lambda: peer(data_dir), args.runs)
    print(ratio_line("open case list + scroll to end", t_ours, "QSqlQueryModel", t_peer))
    if not args.keep:
        shutil.rmtree(data_dir.parent)


if __name__ == "__main__":
    main()
