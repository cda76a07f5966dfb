"""Loading the statute library from `resources/statutes/*.json` (one file per law), re-read
when a file changes. The library itself, and how articles are numbered, are in `law.statutes`."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..law.statutes import StatuteError, StatuteLibrary, parse_law
from ..resources import resource
from ..errors import Text

__all__ = ["load_library"]


def load_library(root: Path | None = None) -> StatuteLibrary:
    """The library under `root` (default resources/statutes), re-read when a file changes."""
    root = Path(root) if root else resource("statutes")
    files = sorted(root.glob("*.json"))
    return _load(tuple((str(p), p.stat().st_mtime_ns) for p in files))


@lru_cache(maxsize=8)
def _load(files: tuple[tuple[str, int], ...]) -> StatuteLibrary:
    lib = StatuteLibrary()
    for path, _ in files:
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise StatuteError(Text(f"法规文件无法读取 {path}: {e}", "unreadable statute file")) from None
        law = parse_law(raw, path)
        lib.laws[law.key] = law
    return lib
