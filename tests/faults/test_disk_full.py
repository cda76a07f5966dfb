"""Issue 11 item 9 and acceptance 2: a full disk (a small tmpfs, filled to a few kilobytes) during
demo, intake, event recording and archiving gives a one-line message in both languages, never a
traceback; afterwards verify passes and no temporary file is left."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from faults.common import filed_only, reopen_and_verify, run, temp_leftovers

NUMBER = "（2026）苏0583民初1234号"
FREE = [8 << 10, 48 << 10, 160 << 10, 600 << 10]  # bytes left free: the failure moves around


@pytest.fixture
def tmpfs(tmp_path):
    mnt = tmp_path / "small-disk"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mnt)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {r.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _fill(mnt: Path, leave: int) -> Path:
    filler = mnt / "filler"
    st = os.statvfs(mnt)
    with open(filler, "wb") as fh:
        fh.truncate(0)
        left = st.f_bavail * st.f_frsize - leave
        chunk = b"\0" * (1 << 20)
        while left > 0:
            n = min(left, len(chunk))
            fh.write(chunk[:n])
            left -= n
    return filler


def _assert_clean_failure(r):
    if r.returncode == 0:
        return False
    err = r.stderr.strip()
    assert "Traceback" not in err, err
    assert r.returncode == 1 and len(err.splitlines()) == 1, err
    assert "磁盘空间已满" in err and "disk is full" in err, err
    return True


def _each_free(mnt, data_src, op):
    """Run `op(data_dir)` with each amount of free space; returns how many hit the full disk."""
    hits = 0
    for leave in FREE:
        data = mnt / "data"
        if data_src is not None:
            shutil.copytree(data_src, data)
        filler = _fill(mnt, leave)
        r = op(data)
        hits += _assert_clean_failure(r)
        filler.unlink()  # room again: the data must verify and hold no temporary file
        if (data / "workbench.db").exists():
            assert reopen_and_verify(data) == []
        assert temp_leftovers(data) == []
        shutil.rmtree(data, ignore_errors=True)
    return hits


def test_demo_on_a_full_disk(tmpfs):
    assert _each_free(tmpfs, None, lambda d: run(["--data-dir", str(d), "demo"])) >= 1


def test_event_on_a_full_disk(tmpfs, tmp_path, example_path):
    src = tmp_path / "case"
    case = filed_only(example_path, tmp_path / "json")
    assert run(["--data-dir", str(src), "case", "import", str(case)]).returncode == 0
    hits = _each_free(tmpfs, src, lambda d: run(["--data-dir", str(d), "event", NUMBER, "accepted",
                                                 "--on", "2026-03-06"]))
    assert hits >= 1


def test_intake_on_a_full_disk(tmpfs, tmp_path, example_path):
    from workbench.efile.layout import Writer
    src = tmp_path / "case"
    assert run(["--data-dir", str(src), "case", "import", str(example_path)]).returncode == 0
    batch = tmp_path / "batch"
    batch.mkdir()
    for i in range(4):
        w = Writer("测试", "测试")
        w.paragraph("民事答辩状")
        for k in range(30):
            w.paragraph(f"答辩人就被答辩人诉答辩人民间借贷纠纷一案，提出答辩意见如下：第{i}-{k}项，借款已经归还。")
        (batch / f"answer{i}.pdf").write_bytes(w.finish())
    hits = _each_free(tmpfs, src, lambda d: run(["--data-dir", str(d), "intake", str(batch),
                                                 "--case", NUMBER, "--workers", "1"]))
    assert hits >= 1


def test_archive_to_a_full_disk(tmpfs, demo_dir, tmp_path):
    """The package is written to a full disk (the data directory has room)."""
    from test_archive import concluded_case, judgment_pdf
    from workbench.service import Workbench
    with Workbench(demo_dir) as wb:
        number = concluded_case(wb)
        wb.add_document(number, judgment_pdf(tmp_path / "j.pdf"), "judgment", title="民事判决书")
    filler = _fill(tmpfs, 64 << 10)
    r = run(["--data-dir", str(demo_dir), "archive", number, "-o", str(tmpfs / "out" / "p.zip")])
    assert _assert_clean_failure(r)
    # Never sealed without its package: the seal rolled back with the package, as the message says.
    assert "已撤销" in r.stderr, r.stderr
    with Workbench(demo_dir) as wb:
        assert wb.case(number).status == "concluded"
        assert "archived" not in [e.kind for e in wb.events(number)]
    assert not (tmpfs / "out" / "p.zip").exists()
    filler.unlink()
    assert reopen_and_verify(demo_dir) == []
    assert temp_leftovers(demo_dir, tmpfs) == []
    r = run(["--data-dir", str(demo_dir), "archive", number, "-o", str(tmpfs / "out" / "p.zip")])
    assert r.returncode == 0, r.stderr  # with room again, the package is (re)written
