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


def exit_with_parent(*, kernel_signal: bool = False, interval: float = 0.5) -> None:
    """Called first thing in a worker process (OCR, Vosk): the worker ends when its parent does,
    even if the parent was killed with -9 and never shut its pool down.

    A daemon thread watches the parent id (a dead parent's children are handed to another
    process, so the id changes). With `kernel_signal` on Linux, the kernel also sends SIGKILL the
    moment the parent goes (prctl PR_SET_PDEATHSIG), which reaches a worker busy in C code that
    holds the GIL; only for pools whose creating thread lives as long as the pool, because the
    kernel signal follows the creating thread, not the process."""
    import os
    import sys

    import multiprocessing

    known = multiprocessing.parent_process()  # the pid the spawning parent passed down
    parent = known.pid if known is not None and known.pid else os.getppid()
    if kernel_signal and sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before we got here
        os._exit(0)

    def watch() -> None:
        import time
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
