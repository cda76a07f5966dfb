"""The court's drop box: a shared folder the workbench watches for scans and PDFs.

Polling, not file-system notifications: a network share (SMB) delivers no inotify events, and a
scanner writes a file over seconds, so a file is taken only once its size and modification time
have stayed the same for one whole poll interval. Files already taken are remembered by path,
size and mtime for the life of the watcher; the intake's own hash check keeps a file that shows
up again under another name from being filed twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .importers import EXTENSIONS


@dataclass
class DropBox:
    folder: Path
    _pending: dict[Path, tuple[int, int]] = field(default_factory=dict)
    _taken: set[tuple[Path, int, int]] = field(default_factory=set)

    def poll(self) -> list[Path]:
        """Files that have become complete since the last poll, in name order."""
        ready: list[Path] = []
        seen: dict[Path, tuple[int, int]] = {}
        if not self.folder.is_dir():
            return ready
        for p in sorted(self.folder.rglob("*")):
            if not p.is_file() or p.name.startswith(".") or p.suffix.lower() not in EXTENSIONS:
                continue
            try:
                st = p.stat()
            except OSError:
                continue  # removed or locked between listing and stat
            sig = (st.st_size, st.st_mtime_ns)
            if (p, *sig) in self._taken or st.st_size == 0:
                continue
            if self._pending.get(p) == sig:
                ready.append(p)
                self._taken.add((p, *sig))
            else:
                seen[p] = sig
        self._pending = seen
        return ready
