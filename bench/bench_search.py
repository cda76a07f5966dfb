"""Full-text search over 10,000 pages: query time of the workbench's FTS5 trigram index against a
plain `LIKE '%…%'` scan of the pages table (the peer: the same SQLite without a text index).

    python bench/bench_search.py [--pages 10000]

Pages are court-paper text generated with names, amounts and case numbers; one page carries a
needle (a party's name and an amount) that occurs nowhere else, as if read from a scanned image.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import _common  # noqa: F401 - puts the repository on sys.path

from workbench.intake.search import index_page, search
from workbench.service import ReadyDocument, Workbench

SURN = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志宏海燕鹏飞文博浩宇晨阳俊峰雪梅"
BODY = ("原告{a}与被告{b}民间借贷纠纷一案，本院于二〇二六年三月五日立案后，依法适用简易程序，公开开庭进行了审理。"
        "原告{a}向本院提出诉讼请求：判令被告偿还借款本金{n}元及利息。事实和理由：{b}于{y}年向原告借款{n}元，"
        "约定一年内归还，经多次催讨未果。案号：（2026）苏0583民初{s}号。")


def build(root: Path, pages: int, rng: random.Random) -> tuple[Workbench, int]:
    wb = Workbench.open(root)
    case = {"case_number": "（2026）苏0583民初1号", "court": {"name": "江苏省昆山市人民法院"},
            "cause": "民间借贷纠纷", "procedure": "simple", "filed_on": "2026-03-05",
            "parties": [{"role": "plaintiff", "kind": "person", "name": "甲"},
                        {"role": "defendant", "kind": "person", "name": "乙"}], "claims": []}
    wb.import_case(case)
    c = wb.case(case["case_number"])
    needle = rng.randrange(pages)
    per_doc = 10
    with wb.db.transaction() as conn:
        for d in range(pages // per_doc):
            doc = wb._insert_document(c, ReadyDocument("正卷", "evidence", f"证据{d}", "", 0, "0" * 64,
                                                       per_doc, "scanned"), "2026-03-05", None, "t")
            for k in range(per_doc):
                i = d * per_doc + k
                name = lambda: rng.choice(SURN) + rng.choice(GIVEN) + rng.choice(GIVEN)  # noqa: E731
                text = "\n".join(BODY.format(a=name(), b=name(), n=rng.randrange(1000, 900000),
                                             y=rng.randrange(2015, 2026), s=rng.randrange(1, 9999))
                                 for _ in range(4))
                if i == needle:
                    text += "\n借款人：欧阳振翔 收到人民币陆万柒仟捌佰玖拾壹元叁角伍分（67,891.35元）"
                cur = conn.execute("INSERT INTO pages(document_id, idx, text) VALUES (?,?,?)",
                                   (doc, k, text))
                index_page(conn, cur.lastrowid, text)
    return wb, needle


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=10_000)
    a = ap.parse_args(argv)
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        wb, _ = build(Path(tmp) / "data", a.pages, rng)
        print(f"built {a.pages} pages in {time.perf_counter() - t:.1f} s")
        conn = wb.db.conn
        queries = ["欧阳振翔", "67891.35", "67,891.35元", "欧阳", "（2026）苏0583民初1号", "民间借贷 借款本金"]
        ours, peer = [], []
        for q in queries:
            times = []
            for _ in range(5):
                t = time.perf_counter()
                hits = search(conn, q, limit=50)
                times.append(time.perf_counter() - t)
            ours.append(min(times))
            times = []
            for _ in range(3):
                t = time.perf_counter()
                conn.execute("SELECT id FROM pages WHERE text LIKE ? LIMIT 50",
                             (f"%{q.split()[0]}%",)).fetchall()
                times.append(time.perf_counter() - t)
            peer.append(min(times))
            print(f"  {q!r:28} {len(hits):3d} hits  {ours[-1] * 1000:7.1f} ms   (LIKE scan "
                  f"{peer[-1] * 1000:7.1f} ms)")
        needle_hits = search(conn, "欧阳振翔")
        assert len(needle_hits) == 1 and len(search(conn, "67891.35")) == 1
        worst = max(ours)
        print(f"search over {a.pages} pages: worst {worst * 1000:.1f} ms, median "
              f"{statistics.median(ours) * 1000:.1f} ms (target < 100 ms: "
              f"{'met' if worst < 0.1 else 'NOT met'})")
        print(f"ratio workbench/LIKE-scan (median) = "
              f"{statistics.median(ours) / statistics.median(peer):.3f}")
        wb.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
