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
