"""Atomic file writes: a crash or power cut leaves either the old file or the new one, never half."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator


def fsync_dir(directory: Path) -> None:
    # The rename itself lives in the directory entry; without this a power cut can forget it.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _owner(name: str) -> int | None:
    """The writer's pid in a temporary name made here (`….p<pid>.<random>.tmp`)."""
    for part in name.split("."):
        if part[:1] == "p" and part[1:].isdigit():
            return int(part[1:])
    return None


def clean_stale_temps(directory: Path, prefix: str = ".") -> int:
    """Remove what a killed writer left in `directory`: temporary files and folders named with
    the pid of a process that no longer runs (a live writer's are left alone). Returns how many."""
    removed = 0
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for e in entries:
        if not e.name.startswith(prefix):
            continue
        pid = _owner(e.name)
        if pid is None or pid == os.getpid() or _pid_alive(pid):
            continue
        try:
            if e.is_dir(follow_symlinks=False):
                import shutil
                shutil.rmtree(e.path, ignore_errors=True)
            else:
                os.unlink(e.path)
            removed += 1
        except OSError:
            pass
    return removed


def temp_prefix(name: str) -> str:
    """The start of a temporary name that says whose it is, for `clean_stale_temps`."""
    return f".{name}.p{os.getpid()}."


def scratch_dir(data_dir: Path) -> Path:
    """The data directory's folder for temporary work (never the user's own folders), cleared of
    what killed runs left."""
    d = Path(data_dir) / "tmp"
    d.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(d)
    return d


@contextmanager
def atomic_writer(path: Path, tmp_dir: Path | None = None) -> Iterator[BinaryIO]:
    """A binary file that appears at `path` only if the block completes: written to a temporary
    file in the same directory, fsynced, then renamed over `path`. An exception in the block
    (a failed check, a cancel, a full disk) removes the temporary file and leaves `path` as it was.
    The temporary name carries the writer's pid, so what a killed writer left is recognised and
    removed by the next run (`clean_stale_temps`); `tmp_dir` (same file system) keeps it out of
    `path`'s folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    where = Path(tmp_dir) if tmp_dir is not None else path.parent
    where.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".tmp", dir=where)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)


def atomic_write_bytes(path: Path, data: bytes | Iterable[bytes], tmp_dir: Path | None = None) -> Path:
    """Write `data` to `path` atomically (see `atomic_writer`)."""
    with atomic_writer(path, tmp_dir) as fh:
        if isinstance(data, (bytes, bytearray, memoryview)):
            fh.write(data)
        else:
            for chunk in data:
                fh.write(chunk)
    return Path(path)
