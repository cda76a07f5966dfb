"""Shared helpers for benchmarks: timing and the report line."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    """Fastest of `runs` wall-clock timings: the least disturbed by other load on the machine."""
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def ratio_line(name: str, ours: float, peer_name: str, peer: float) -> str:
    return (f"{name}: workbench {ours:.3f} s, {peer_name} {peer:.3f} s, "
            f"ratio workbench/{peer_name} = {ours / peer:.2f}")
