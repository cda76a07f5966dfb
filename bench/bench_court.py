"""The court store against the local SQLite store, measured in the same run on a throwaway
PostgreSQL cluster (workbench/store/court/localcluster.py):

1. 8 desk processes record events and file 1-page documents concurrently for 60 s, two desks
   per case. Court: each change is written locally and synced at once (push on the court's head,
   re-chained when the other desk got there first, then pulled). Peer: the same 8 processes
   writing one local SQLite data directory (WAL). Throughput, p95 latency, and a check that no
   entry was lost or duplicated and every chain is intact.
2. The case list of a court of 50,000 cases opening for one judge: the first screen (200 rows)
   under row-level security. Peer: the same first screen from a local SQLite store of 50,000
   cases filtered by the judge.
3. Sync of a 300-page scanned case: the clerk's push and a fresh judge desk's pull. Peer: copying
   the clerk's data directory (workbench.db and blobs) with shutil.copytree, the least moving
   the same bytes can cost on one machine.

Usage: python bench/bench_court.py [--seconds 60] [--cases 50000] [--pages 300]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import multiprocessing as mp
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _common import best_of, ratio_line

import psycopg

PASSWORD = "bench-pw"


def _pdf(text: str) -> bytes:
    from reportlab.pdfgen.canvas import Canvas
    from workbench.efile.fonts import cjk_font_name
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    c.setFont(cjk_font_name(), 14)
    c.drawString(72, 720, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def _opened(wb, case) -> str:
    """A case created and accepted: the desks' fee notices need 受理 first (the procedure's
    order, cases/procedure.py), or every operation of the bench is a refusal."""
    number = wb.create_case(case).number
    wb.record_event(number, "accepted", "2026-03-03")
    return number


def _case(seq: int, judge: str = "王法官", year: int = 2026):
    from decimal import Decimal
    from workbench.cases.records import Case, Claim, Party
    return Case(number=f"（{year}）苏0583民初{seq}号", court_name="江苏省昆山市人民法院",
                appeal_court="江苏省苏州市中级人民法院", cause="民间借贷纠纷", procedure="simple",
                filed_on=date(year, 3, 2), judge=judge, clerk="书记员",
                parties=[Party("plaintiff", "person", "张三"), Party("defendant", "person", "李四")],
                claims=[Claim("principal", "判令被告偿还借款", Decimal("50000"))])


# ---- 1. eight desks -------------------------------------------------------------------------
def desk_worker(mode: str, data_dir: str, number: str, seconds: float, desk: int, out,
                ready, go) -> None:
    from workbench.service import Workbench
    wb = Workbench.open(Path(data_dir))
    conn = None
    if mode == "court":
        from workbench.court import sync
        _, conn = sync.open_court(Path(data_dir))
    _pdf("warm-up")
    lat: list[float] = []
    authored: list[tuple[str, int]] = []
    errors = 0
    tmp = Path(tempfile.mkdtemp(prefix=f"desk{desk}-"))
    ready.put(desk)
    go.wait()
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end:
        t = time.perf_counter()
        try:
            if i % 2 == 0:
                res = wb.record_event(number, "fee_notice", "2026-03-05",
                                      data={"text": f"desk{desk}-{i}"})
                authored.append(("event_id", res.event.id))
            else:
                p = tmp / f"d{i}.pdf"
                p.write_bytes(_pdf(f"第{desk}号工作台 第{i}份 {time.time()}"))
                authored.append(("document_id", wb.add_document(
                    number, p, "evidence", title=f"证据 {desk}-{i}", on="2026-03-05")))
            if conn is not None:
                from workbench.court import sync
                sync.sync_case(wb, conn, number)
            lat.append(time.perf_counter() - t)
        except Exception as e:  # noqa: BLE001 - counted and reported
            errors += 1
            if errors < 3:
                print(f"desk {desk}: {type(e).__name__}: {e}", flush=True)
        i += 1
    if conn is not None:  # bring the last local changes home
        from workbench.court import sync
        sync.sync_case(wb, conn, number)
        conn.close()
    wb.close()
    shutil.rmtree(tmp, ignore_errors=True)
    out.put((desk, lat, authored, errors))


def run_desks(mode: str, dirs: list[Path], numbers: list[str], seconds: float) -> dict:
    """Start 8 desk processes, let them all import and connect, then run them `seconds`."""
    ctx = mp.get_context("spawn")
    q, ready, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=desk_worker, args=(mode, str(dirs[k]), numbers[k // 2], seconds, k,
                                                   q, ready, go)) for k in range(8)]
    for p in procs:
        p.start()
    for _ in procs:
        ready.get(timeout=600)
    go.set()
    res = [q.get(timeout=seconds + 600) for _ in procs]
    for p in procs:
        p.join()
    lat = sorted(x for r in res for x in r[1])
    return {"ops": len(lat), "tput": len(lat) / seconds,
            "p95": lat[int(0.95 * (len(lat) - 1))] if lat else float("nan"),
            "median": statistics.median(lat) if lat else float("nan"),
            "authored": [a for r in res for a in r[2]], "errors": sum(r[3] for r in res)}


def _count_ids(payloads, authored) -> tuple[int, int]:
    """(lost, duplicated) of the authored (key, id) pairs among event/document entries."""
    import json
    seen: dict[tuple[str, int], int] = {}
    for action, payload in payloads:
        key = {"event.recorded": "event_id", "document.filed": "document_id"}.get(action)
        if key:
            k = (key, json.loads(payload).get(key))
            seen[k] = seen.get(k, 0) + 1
    lost = sum(1 for a in authored if a not in seen)
    dup = sum(1 for a in authored if seen.get(a, 0) > 1)
    return lost, dup


def check_court_chains(owner_dsn: str, numbers: list[str], authored) -> str:
    from workbench.store.eventlog import walk_chain
    problems, payloads = [], []
    with psycopg.connect(owner_dsn) as conn:
        for n in numbers:
            rows = conn.execute("SELECT seq, at, action, payload, prev_hash, hash FROM"
                                " court.log WHERE case_number = %s ORDER BY seq", (n,)).fetchall()
            bad, _, _ = walk_chain([dict(zip(("seq", "at", "action", "payload", "prev_hash", "hash"),
                                             r)) for r in rows], n, lambda r: str(r["seq"]))
            if bad:
                problems.append(bad)
            payloads += [(r[2], r[3]) for r in rows]
        conflicts = conn.execute("SELECT count(*) FROM court.conflicts").fetchone()[0]
        rechained = conn.execute("SELECT count(*) FROM court.log WHERE origin_hash IS NOT NULL"
                                 ).fetchone()[0]
    lost, dup = _count_ids(payloads, authored)
    return (f"chains {'intact' if not problems else 'BROKEN: ' + problems[0]}, "
            f"{len(authored)} changes, lost {lost}, duplicated {dup}, re-chained {rechained}, "
            f"conflicts {conflicts}")


def check_local_chains(data_dir: Path, numbers: list[str], authored) -> str:
    from workbench.service import Workbench
    with Workbench.open(data_dir) as wb:
        rep = wb.verify()
        payloads = [(r[0], r[1]) for r in wb.db.query("SELECT action, payload FROM log")]
    lost, dup = _count_ids(payloads, authored)
    return (f"chains {'intact' if rep.ok else 'BROKEN'}, {len(authored)} changes, "
            f"lost {lost}, duplicated {dup}")


def bench_desks(cluster, seconds: float, root: Path) -> None:
    from workbench.court import sync
    from workbench.store.court import admin
    from workbench.service import Workbench
    db = "bench_desks"
    with psycopg.connect(cluster.dsn(), autocommit=True) as c:
        c.execute(f"CREATE DATABASE {db}")
    with psycopg.connect(cluster.dsn(db), autocommit=True) as c:
        admin.init_court(c, "boss", PASSWORD)
    dsn = f"postgresql://127.0.0.1:{cluster.port}/{db}"
    with psycopg.connect(cluster.dsn(db, user=f"{db}.boss", password=PASSWORD), autocommit=True) as a:
        for k in range(4):
            admin.add_user(a, f"judge{k}", "judge", PASSWORD)
            admin.add_user(a, f"clerk{k}", "clerk", PASSWORD, judges=[f"judge{k}"])
    numbers = [_case(100 + k).number for k in range(4)]
    dirs = [root / f"desk{k}" for k in range(8)]
    for k in range(8):
        user = f"judge{k // 2}" if k % 2 == 0 else f"clerk{k // 2}"
        sync.connect_desk(dirs[k], dsn, user, PASSWORD)
    for k in range(4):
        with Workbench.open(dirs[2 * k]) as wb:
            _opened(wb, _case(100 + k))
            sync.sync(wb)
        with psycopg.connect(cluster.dsn(db, user=f"{db}.boss", password=PASSWORD),
                             autocommit=True) as a:
            admin.assign(a, numbers[k], f"judge{k}", f"clerk{k}")
        with Workbench.open(dirs[2 * k + 1]) as wb:
            sync.checkout(wb, [numbers[k]])
    court = run_desks("court", dirs, numbers, seconds)
    court_check = check_court_chains(cluster.dsn(db), numbers, court["authored"])
    for k in range(8):  # every desk verifies after a last sync
        with Workbench.open(dirs[k]) as wb:
            sync.sync(wb)
            assert wb.verify().ok, f"desk {k} does not verify"
    local_dir = root / "shared-sqlite"
    with Workbench.open(local_dir) as wb:
        for k in range(4):
            _opened(wb, _case(100 + k))
    local = run_desks("sqlite", [local_dir] * 8, numbers, seconds)
    local_check = check_local_chains(local_dir, numbers, local["authored"])
    print(f"8 desks x {seconds:.0f} s, 2 desks per case, event or 1-page document per operation:")
    print(f"  court store: {court['ops']} ops, {court['tput']:.1f} ops/s, p95 {court['p95'] * 1000:.0f} ms,"
          f" median {court['median'] * 1000:.0f} ms, errors {court['errors']}; {court_check}")
    print(f"  local SQLite: {local['ops']} ops, {local['tput']:.1f} ops/s, p95 {local['p95'] * 1000:.0f} ms,"
          f" median {local['median'] * 1000:.0f} ms, errors {local['errors']}; {local_check}")
    print("  " + ratio_line("throughput (s per op)", 1 / max(court["tput"], 1e-9), "local SQLite",
                            1 / max(local["tput"], 1e-9)))
    print("  " + ratio_line("p95 latency", court["p95"], "local SQLite", local["p95"]))


# ---- 2. the case list of 50,000 cases ---------------------------------------------------------
def bench_case_list(cluster, count: int, root: Path) -> None:
    from workbench.store.court import admin
    from workbench.service import CaseQuery, Workbench
    db = "bench_list"
    with psycopg.connect(cluster.dsn(), autocommit=True) as c:
        c.execute(f"CREATE DATABASE {db}")
    with psycopg.connect(cluster.dsn(db), autocommit=True) as c:
        admin.init_court(c, "boss", PASSWORD)
    with psycopg.connect(cluster.dsn(db, user=f"{db}.boss", password=PASSWORD), autocommit=True) as a:
        for k in range(40):
            admin.add_user(a, f"j{k:02d}", "judge", PASSWORD)
    t = time.perf_counter()
    with psycopg.connect(cluster.dsn(db)) as c:
        with c.cursor().copy("COPY court.cases(number, court_name, cause, procedure, filed_on,"
                             " parties, judge_name, status, judge_user, created_by) FROM STDIN") as cp:
            for i in range(count):
                cp.write_row((f"（{2016 + i % 10}）苏0583民初{i // 10 + 1}号", "江苏省昆山市人民法院",
                              "民间借贷纠纷", "simple", date(2016 + i % 10, 1, 1) + timedelta(days=i % 360),
                              f"原告{i} 诉 被告{i}", f"法官{i % 40:02d}", "filed", f"j{i % 40:02d}",
                              "boss"))
        c.commit()
        c.execute("ANALYZE court.cases")
        c.commit()
    court_load = time.perf_counter() - t
    local_dir = root / "list-sqlite"
    with Workbench.open(local_dir) as wb:
        for start in range(0, count, 5000):
            batch = []
            for i in range(start, min(count, start + 5000)):
                batch.append(_case(i // 10 + 1, judge=f"法官{i % 40:02d}", year=2016 + i % 10))
            wb.create_cases(batch)
    dsn = cluster.dsn(db, user=f"{db}.j07", password=PASSWORD)

    def court_first_screen():
        with psycopg.connect(dsn) as c:
            rows = c.execute("SELECT number, cause, parties, judge_name, status, filed_on FROM"
                             " court.cases ORDER BY filed_on DESC, number LIMIT 200").fetchall()
        assert len(rows) == min(200, count // 40) and all(r[3] == "法官07" for r in rows)

    def local_first_screen():
        with Workbench.open(local_dir) as wb:
            rows = wb.list_cases(CaseQuery(judge="法官07"), 0, 200)
        assert len(rows) == min(200, count // 40)

    ours, peer = best_of(court_first_screen, 5), best_of(local_first_screen, 5)
    print(f"case list, {count} cases, first screen (200 rows) for one judge of 40 "
          f"(court store loaded by COPY in {court_load:.1f} s; connection included):")
    print("  " + ratio_line("first screen", ours, "local SQLite", peer))


# ---- 3. sync of a 300-page case ---------------------------------------------------------------
def _scan(i: int) -> bytes:
    """A page image about the size of a 150 dpi grey office scan (JPEG, ~100 KB)."""
    import random
    from PIL import Image, ImageDraw
    rng = random.Random(i)
    im = Image.new("L", (1240, 1754), 250)
    d = ImageDraw.Draw(im)
    for line in range(40):
        y = 120 + line * 38
        x = 100
        while x < 1140:
            w = rng.randint(8, 30)
            d.rectangle((x, y, x + w, y + 22), fill=rng.randint(0, 80))
            x += w + rng.randint(4, 14)
    buf = io.BytesIO()
    im = im.resize((620, 877)).resize((1240, 1754))  # soften, as a scanner's optics do
    im.save(buf, "JPEG", quality=60)
    return buf.getvalue()


def bench_sync_pages(cluster, pages: int, root: Path) -> None:
    from workbench.court import sync
    from workbench.store.court import admin
    from workbench.intake.filing import file_documents
    from workbench.intake.importers import SourcePage
    from workbench.intake.proposal import Proposal, ProposedDocument
    from workbench.service import Workbench
    db = "bench_sync"
    with psycopg.connect(cluster.dsn(), autocommit=True) as c:
        c.execute(f"CREATE DATABASE {db}")
    with psycopg.connect(cluster.dsn(db), autocommit=True) as c:
        admin.init_court(c, "boss", PASSWORD)
    boss = cluster.dsn(db, user=f"{db}.boss", password=PASSWORD)
    with psycopg.connect(boss, autocommit=True) as a:
        admin.add_user(a, "judge", "judge", PASSWORD)
        admin.add_user(a, "clerk", "clerk", PASSWORD, judges=["judge"])
    dsn = f"postgresql://127.0.0.1:{cluster.port}/{db}"
    clerk_dir, judge_dir = root / "sync-clerk", root / "sync-judge"
    sync.connect_desk(clerk_dir, dsn, "clerk", PASSWORD)
    sync.connect_desk(judge_dir, dsn, "judge", PASSWORD)
    per_doc = 10
    with Workbench.open(clerk_dir) as wb:
        number = wb.create_case(_case(300)).number
        for d0 in range(0, pages, per_doc):
            src = []
            for i in range(d0, min(pages, d0 + per_doc)):
                img = _scan(i)
                src.append(SourcePage(f"scan{d0}.tif", hashlib.sha256(img).hexdigest(), i - d0,
                                      image=img, image_format="jpeg", size=(1240, 1754), dpi=150.0,
                                      text=f"第{i + 1}页 证据材料 借条 今借到", confidence=0.9,
                                      method="ocr"))
            file_documents(wb, Proposal(), [ProposedDocument(
                src, category="evidence", kind="证据", title=f"证据 {d0 // per_doc + 1}",
                confidence=0.9, case_number=number, how="given")])
    size = sum(p.stat().st_size for p in (clerk_dir / "blobs").rglob("*") if p.is_file())
    with Workbench.open(clerk_dir) as wb:
        t = time.perf_counter()
        rep = sync.sync(wb)
        push = time.perf_counter() - t
        assert not rep.errors, rep.errors
    with psycopg.connect(boss, autocommit=True) as a:
        admin.assign(a, number, "judge", "clerk")
    with Workbench.open(judge_dir) as wb:
        t = time.perf_counter()
        rep = sync.sync(wb)
        pull = time.perf_counter() - t
        assert not rep.errors and wb.verify().ok
        got = wb.db.one("SELECT count(*) FROM pages")[0]
    t = time.perf_counter()
    shutil.copytree(clerk_dir, root / "copy-of-clerk")
    copy = time.perf_counter() - t
    print(f"sync of a {got}-page scanned case ({size / 1e6:.1f} MB of blobs):")
    print("  " + ratio_line("clerk's push", push, "copytree", copy))
    print("  " + ratio_line("judge's pull (fresh desk)", pull, "copytree", copy))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--cases", type=int, default=50_000)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--only", choices=["desks", "list", "sync"])
    args = ap.parse_args(argv)
    from workbench.store.court.localcluster import LocalCluster
    root = Path(tempfile.mkdtemp(prefix="bench-court-"))
    root.chmod(0o755)  # the server may run as the unprivileged `postgres` user
    cluster = LocalCluster.create(root / "pg")
    # A durable server, as a court would run it (the tests' cluster skips fsync).
    cluster.start(durable=True)
    try:
        work = root / "work"
        if args.only in (None, "desks"):
            bench_desks(cluster, args.seconds, work)
        if args.only in (None, "list"):
            bench_case_list(cluster, args.cases, work)
        if args.only in (None, "sync"):
            bench_sync_pages(cluster, args.pages, work)
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
