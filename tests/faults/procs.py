"""Processes seen through /proc (Linux): a command's descendants, and which of them still live."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def need_proc() -> None:
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc (Linux) to count processes")


def _stat(pid: int) -> tuple[int, str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    rest = raw[raw.rindex(")") + 2:].split()
    return int(rest[1]), rest[0]  # ppid, state


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None:
                children.setdefault(st[0], []).append(int(entry))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def alive(pids: set[int]) -> set[int]:
    return {p for p in pids if (st := _stat(p)) is not None and st[1] != "Z"}


def workbench(args: list[str], env: dict | None = None, **kw) -> subprocess.Popen:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "workbench.cli", *args], env=full, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def kill_when_children(proc: subprocess.Popen, want: int, settle: float = 1.0,
                       timeout: float = 120) -> set[int]:
    """Wait until `proc` has at least `want` descendants, let them work `settle` s, kill -9."""
    t0 = time.monotonic()
    seen: set[int] = set()
    while time.monotonic() - t0 < timeout and proc.poll() is None:
        seen |= descendants(proc.pid)
        if len(alive(seen)) >= want:
            time.sleep(settle)
            seen |= descendants(proc.pid)
            break
        time.sleep(0.1)
    assert proc.poll() is None, f"finished before it could be killed: {proc.communicate()}"
    proc.kill()
    proc.wait()
    return seen


def left_after(pids: set[int], grace: float = 10.0) -> set[int]:
    t0 = time.monotonic()
    while alive(pids) and time.monotonic() - t0 < grace:
        time.sleep(0.2)
    return alive(pids)
