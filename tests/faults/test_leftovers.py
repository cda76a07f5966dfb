"""Issue 11 item 10 (leftovers) and the zip checks of item 9 (`model install`)."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from workbench.cli import main
from workbench.service import Workbench


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_a_killed_writer_s_blob_temp_is_removed_on_the_next_start(tmp_path):
    with Workbench(tmp_path / "data") as wb:
        incoming = wb.blobs.tmp
    dead = incoming / f".{'ab' * 31}.p{_dead_pid()}.x1y2.tmp"
    dead.write_bytes(b"half a PDF")
    alive = incoming / ".cd.p1.zz.tmp"  # pid 1 lives: a writer still at work is left alone
    alive.write_bytes(b"in progress")
    with Workbench(tmp_path / "data"):
        pass
    assert not dead.exists() and alive.exists()


def test_archive_binds_outside_the_users_folder_and_a_rerun_removes_a_killed_half_package(
        tmp_path, demo_dir):
    from test_archive import concluded_case, judgment_pdf
    out = tmp_path / "out"
    out.mkdir()
    stale = out / f".p.zip.p{_dead_pid()}.k3j4.tmp"
    stale.write_bytes(b"PK half a package")
    with Workbench(demo_dir) as wb:
        number = concluded_case(wb)
        wb.add_document(number, judgment_pdf(tmp_path / "j.pdf"), "judgment", title="民事判决书")
    seen = set()
    import threading
    import time
    stop = threading.Event()

    def watch():  # what appears in the user's folder while the archive runs
        while not stop.is_set():
            seen.update(p.name for p in out.iterdir())
            time.sleep(0.01)
    t = threading.Thread(target=watch)
    t.start()
    try:
        assert main(["--data-dir", str(demo_dir), "archive", number, "-o", str(out / "p.zip")]) == 0
    finally:
        stop.set()
        t.join()
    assert not any(n.startswith(".archive-") for n in seen), seen
    assert sorted(p.name for p in out.iterdir()) == ["p.zip"]


def test_a_partial_demo_says_how_to_finish_it(tmp_path, capsys):
    from workbench.demo import demo_cases
    data = tmp_path / "data"
    with Workbench(data) as wb:
        wb.import_case(demo_cases()[0])  # as if the demo had been killed after its first case
    capsys.readouterr()
    assert main(["--data-dir", str(data), "demo"]) == 0
    out = capsys.readouterr().out
    assert "--force" in out and f"{len(demo_cases()) - 1} demo cases are missing" in out


def _zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("entries,reason", [
    ([("model/am/final.mdl", b"\0" * (64 << 20))], "zip bomb"),
    ([("../evil/conf/model.conf", b"x")], "unsafe path"),
])
def test_model_install_checks_a_zip_before_unpacking(tmp_path, capsys, entries, reason):
    z = _zip(tmp_path / "m.zip", entries)
    assert main(["--data-dir", str(tmp_path / "data"), "model", "install", str(z)]) == 2
    assert reason in capsys.readouterr().err
    models = tmp_path / "data" / "models"
    assert not models.exists() or not any(p.is_file() for p in models.rglob("*"))


def test_the_path_guard_compares_resolved_paths_not_string_prefixes(tmp_path):
    """`staged-evil/x` begins with the string `staged` but is outside it."""
    from workbench.hearing.models import ModelError, _unzip
    into = tmp_path / "staged"
    z = _zip(tmp_path / "m.zip", [("../staged-evil/x", b"x")])
    with pytest.raises(ModelError):
        _unzip(z, into)
    assert not (tmp_path / "staged-evil").exists()
