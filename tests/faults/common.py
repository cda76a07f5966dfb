"""Shared by the fault-injection tests: run a command, kill it -9 at a seeded point, then check
what a user would: verify passes, no temporary file or process is left."""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from pathlib import Path

from faults.procs import alive, descendants, left_after, workbench

POINTS = 20
TEMP_PATTERNS = ("*.tmp", ".archive-*", ".install-*")


def kill_at(args: list[str], delay: float) -> tuple[int | None, set[int]]:
    """Start `workbench ARGS`, kill it -9 after `delay` s (unless it finished); returns its exit
    code if it finished first, and every process it started."""
    proc = workbench(args)
    seen: set[int] = set()
    t0 = time.monotonic()
    while time.monotonic() - t0 < delay and proc.poll() is None:
        seen |= descendants(proc.pid)
        time.sleep(0.05)
    seen |= descendants(proc.pid)
    if proc.poll() is None:
        proc.kill()
        proc.wait()
        return None, seen
    proc.communicate()
    return proc.returncode, seen


def run(args: list[str], timeout: float = 600) -> subprocess.CompletedProcess:
    proc = workbench(args)
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(args, proc.returncode, out.decode(), err.decode())


def delays(seed: int, lo: float, hi: float, n: int = POINTS) -> list[float]:
    rng = random.Random(seed)
    return [round(rng.uniform(lo, hi), 3) for _ in range(n)]


def temp_leftovers(*dirs: Path) -> list[str]:
    """Temporary files and folders under `dirs` after a Workbench has been opened on the data
    directory (the next start cleans what a killed run left)."""
    found = []
    for d in dirs:
        for pattern in TEMP_PATTERNS:
            found += [str(p) for p in Path(d).rglob(pattern)]
    return sorted(found)


def reopen_and_verify(data: Path, case: str | None = None) -> list[str]:
    from workbench.service import Workbench
    with Workbench(data) as wb:  # the next start: cleans what the killed run left
        rep = wb.verify(case)
    return rep.problems


def no_process_left(seen: set[int]) -> set[int]:
    return left_after(seen, grace=10.0)


def copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


__all__ = ["POINTS", "alive", "copy", "delays", "kill_at", "no_process_left", "reopen_and_verify",
           "run", "temp_leftovers"]


def filed_only(example: Path, folder: Path) -> Path:
    """The example case as the filing desk registers it: only its 立案 event, so a test can record
    the procedure's next steps (the example itself runs up to the hearing)."""
    import json
    doc = json.loads(example.read_text(encoding="utf-8"))
    doc["events"] = [e for e in doc.get("events", []) if e["kind"] == "filed"]
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "filed_only.json"
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return out
