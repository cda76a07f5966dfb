"""Progress and cancellation primitives for long work in the core.

Long functions take `progress: ProgressFn | None` and `cancel: CancelToken | None`; they call
`report(progress, done, total, message)` and `check(cancel)` between units of work. The UI's task
runner supplies both; the CLI and tests may pass None.
"""

from __future__ import annotations

import threading
from typing import Callable

from .errors import Cancelled, Text

ProgressFn = Callable[[int, int, str], None]


class CancelToken:
    """Thread-safe flag a caller sets to ask long work to stop at its next check."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


def check(cancel: CancelToken | None) -> None:
    """Raise `Cancelled` if the token has been set."""
    if cancel is not None and cancel.cancelled:
        raise Cancelled(Text("操作已取消", "cancelled"))


def report(progress: ProgressFn | None, done: int, total: int, message: str = "") -> None:
    if progress is not None:
        progress(done, total, message)
