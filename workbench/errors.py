"""Errors the core raises. A `UserError` is bad input: the CLI prints it and exits 2, the GUI
shows it in a dialog; nothing has been written when one is raised."""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base of every error the core raises on purpose."""


class UserError(WorkbenchError):
    """Bad input from a person or a file: a clear message, exit code 2, nothing written."""

    exit_code = 2

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class CaseNumberError(UserError):
    """A case number (案号) that does not parse or validate."""


class CaseJsonError(UserError):
    """A case description JSON that is malformed; `field` names the offending field."""


class NotFound(UserError):
    """A case, document or blob that does not exist."""


class BlobAltered(WorkbenchError):
    """A stored blob no longer hashes to its name (tampering or corruption)."""


class Cancelled(WorkbenchError):
    """Long work stopped because its cancel token was set."""


class DiskFull(WorkbenchError):
    """The disk filled up during a change: the change was rolled back, nothing half-written."""

    exit_code = 1


def disk_full(where: object = "") -> DiskFull:
    place = f"（{where}）" if where else ""
    return DiskFull(f"磁盘空间已满{place}，正在进行的修改已撤销，没有留下半截内容；请腾出空间后重试 / the disk "
                    f"is full{f' ({where})' if where else ''}: the change under way was rolled back, "
                    "nothing is half-written; free some space and try again")


def is_disk_full(exc: BaseException, where: object = None) -> bool:
    """An OSError ENOSPC/EDQUOT, SQLite's "database or disk is full", or its "disk I/O error"
    when the disk holding `where` has (almost) no space left: SQLite says only that when the
    write-ahead log or its index cannot grow."""
    import errno
    import shutil
    import sqlite3

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return True
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    if "full" in str(exc):
        return True
    if "disk I/O error" in str(exc) and where is not None:
        try:
            return shutil.disk_usage(str(where)).free < (4 << 20)
        except OSError:
            return False
    return False
