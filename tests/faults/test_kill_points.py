"""Issue 11 acceptance 2: kill -9 at seeded random points of intake, event recording, archiving
and demo (20 points each, chained: each run picks up what the killed one left), then verify
passes, no temporary file or process is left, and a complete rerun files nothing twice."""

from __future__ import annotations

import io
import json
import sqlite3

import numpy as np
import pytest
from PIL import Image, ImageDraw

from faults.common import (POINTS, delays, filed_only, kill_at, no_process_left, reopen_and_verify, run,
                           temp_leftovers)
from faults.procs import need_proc

NUMBER = "（2026）苏0583民初1234号"
pytestmark = pytest.mark.slow


def _check_point(data, seen, *extra_dirs, case=None):
    assert no_process_left(seen) == set()
    problems = reopen_and_verify(data, case)
    assert problems == [], problems
    assert temp_leftovers(data, *extra_dirs) == []


@pytest.fixture
def case_data(tmp_path, example_path):
    data = tmp_path / "data"
    case = filed_only(example_path, tmp_path / "json")
    assert run(["--data-dir", str(data), "case", "import", str(case)]).returncode == 0
    return data


def _scan_png(i: int) -> bytes:
    im = Image.new("L", (900, 1200), 255)
    d = ImageDraw.Draw(im)
    rng = np.random.default_rng(i)
    for k in range(25):
        d.line([(80, 60 + 40 * k), (80 + int(rng.integers(200, 700)), 60 + 40 * k)], fill=0, width=3)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def test_intake_killed_at_20_points(case_data, tmp_path):
    need_proc()
    from workbench.efile.layout import Writer
    batch = tmp_path / "batch"
    batch.mkdir()
    for i in range(3):
        w = Writer("测试", "测试")
        w.paragraph("民事答辩状")
        w.paragraph(f"答辩人就被答辩人诉答辩人民间借贷纠纷一案，提出答辩意见如下：借款已经归还{i + 1}万元。")
        (batch / f"answer{i}.pdf").write_bytes(w.finish())
    for i in range(3):
        (batch / f"scan{i}.png").write_bytes(_scan_png(i))
    args = ["--data-dir", str(case_data), "intake", str(batch), "--case", NUMBER, "--workers", "2"]
    for delay in delays(11, 0.5, 6.0):
        _, seen = kill_at(args, delay)
        _check_point(case_data, seen)
    done = run(args)
    assert done.returncode == 0, done.stderr
    run(args)  # and once more: everything is already filed
    conn = sqlite3.connect(case_data / "workbench.db")
    sources = [r[0] for r in conn.execute(
        "SELECT p.source_sha || '#' || p.source_page FROM pages p JOIN documents d"
        " ON d.id = p.document_id WHERE d.source != 'generated' AND p.source_sha IS NOT NULL")]
    assert len(sources) == len(set(sources)), "a page was filed twice"
    # every text PDF filed (the blank-ruled scans stay pending for the clerk), none twice
    assert len(set(s.split("#")[0] for s in sources)) >= 3


def test_event_recording_killed_at_20_points(case_data):
    need_proc()
    kinds = [("accepted", "2026-03-06"), ("complaint_served", "2026-03-09"),
             ("summons_served", "2026-03-20"), ("hearing", "2026-04-02")]
    points = delays(23, 0.5, 4.0)
    count = "SELECT kind, count(*) FROM events WHERE party IS NULL GROUP BY kind"
    before = dict(sqlite3.connect(case_data / "workbench.db").execute(count))
    for k, delay in enumerate(points):
        kind, on = kinds[k * len(kinds) // POINTS]
        _, seen = kill_at(["--data-dir", str(case_data), "event", NUMBER, kind, "--on", on], delay)
        _check_point(case_data, seen)
    for kind, on in kinds + kinds:  # complete, then rerun: nothing is recorded twice
        r = run(["--data-dir", str(case_data), "event", NUMBER, kind, "--on", on])
        assert r.returncode == 0, r.stderr
    conn = sqlite3.connect(case_data / "workbench.db")
    counts = dict(conn.execute(count))
    assert all(counts[k] == before.get(k, 0) + 1 for k, _ in kinds), (before, counts)
    titles = [r[0] for r in conn.execute("SELECT title || event_id FROM documents")]
    assert len(titles) == len(set(titles)), "a notice was filed twice"


@pytest.fixture
def complete_case(demo_dir, tmp_path):
    from test_archive import concluded_case, judgment_pdf
    from workbench.service import Workbench
    with Workbench(demo_dir) as wb:
        number = concluded_case(wb)
        wb.add_document(number, judgment_pdf(tmp_path / "judgment.pdf"), "judgment", title="民事判决书")
    return demo_dir, number


def test_archive_killed_at_20_points(complete_case, tmp_path):
    need_proc()
    data, number = complete_case
    out = tmp_path / "out"
    args = ["--data-dir", str(data), "archive", number, "-o", str(out / "p.zip")]
    for delay in delays(37, 0.5, 8.0):
        code, seen = kill_at(args, delay)
        _check_point(data, seen, case=number)
        assert not list(out.glob(".archive-*")) if out.exists() else True
    r = run(args)
    assert r.returncode == 0, r.stderr
    assert temp_leftovers(data, out) == []  # the rerun cleaned the killed runs' half packages
    assert run(["--data-dir", str(data), "archive", "verify", str(out / "p.zip")]).returncode == 0
    conn = sqlite3.connect(data / "workbench.db")
    cid = conn.execute("SELECT id FROM cases WHERE number = ?", (number,)).fetchone()[0]
    assert conn.execute("SELECT count(*) FROM events WHERE case_id = ? AND kind = 'archived'",
                        (cid,)).fetchone() == (1,)


def test_demo_killed_at_20_points(tmp_path, demo_template):
    need_proc()
    data = tmp_path / "data"
    for delay in delays(41, 1.0, 4.0):
        _, seen = kill_at(["--data-dir", str(data), "demo", "--force"], delay)
        if (data / "workbench.db").exists():
            _check_point(data, seen)
    r = run(["--data-dir", str(data), "demo"])
    assert r.returncode == 0
    from workbench.demo import demo_cases
    conn = sqlite3.connect(data / "workbench.db")
    have = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    if have < len(demo_cases()):
        assert "--force" in r.stdout  # a partial demo says how to finish it
    assert run(["--data-dir", str(data), "demo", "--force"]).returncode == 0
    numbers = [r[0] for r in conn.execute("SELECT number FROM cases")]
    # As many as an uninterrupted build makes (the demo cases and the queues' pre-suit case).
    complete = sqlite3.connect(demo_template / "workbench.db").execute(
        "SELECT count(*) FROM cases").fetchone()[0]
    assert len(numbers) == len(set(numbers)) == complete
    assert reopen_and_verify(data) == []
    assert temp_leftovers(data) == []
