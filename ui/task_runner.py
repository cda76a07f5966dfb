"""The one way the GUI runs anything slow: a function in a QThreadPool, its result or error posted
back to the GUI thread, progress shown in a dialog with Cancel once it takes more than ~0.5 s.

    task = runner.submit(fn, title=..., on_done=..., on_error=..., on_progress=...)
    task.cancel()

The function receives `(progress, cancel)`: the core's progress callback `(done, total, message)`
and its CancelToken. It must not touch the GUI's Workbench (a sqlite connection belongs to one
thread): it opens its own `Workbench(data_dir)` and closes it.

Errors follow one rule, in the window and in tests alike: `on_error(error)` sees it first and
returns True when it has told the user itself; otherwise the runner reports it — UserError → a
message box with its text; Cancelled → a note in the status bar; anything else → the crash
dialog (SyncRunner, the tests' runner, raises it instead so no test can miss it).

Views are given a runner (TaskRunner in the window, SyncRunner in tests), never the window.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from shiboken6 import isValid

from workbench.errors import Cancelled, UserError
from workbench.tasks import CancelToken

from .i18n import core, tr

TaskFn = Callable[[Callable[[int, int, str], None], CancelToken], Any]
SHOW_PROGRESS_AFTER_MS = 500
# While a worker runs Python, the GUI thread gets the GIL back only when the worker is made to
# yield it: every return from Qt into a Python slot, paint or model call waits up to one switch
# interval. At CPython's 5 ms a paint of the case list or the dashboard collected 50-100 ms of
# such waits on 2 cores (walls of 130-160 ms against 60-80 ms of GUI CPU); at 0.5 ms the same
# walks stayed under 100 ms. A worker alone never switches, so its own speed is not affected.
GIL_SWITCH_INTERVAL_S = 0.0005


_orphans: set[QWidget] = set()


def keep_alive(widget: QWidget) -> None:
    """A parentless dialog has only its Python wrapper to keep it alive; hold it until closed."""
    _orphans.add(widget)
    widget.destroyed.connect(lambda *_: _orphans.discard(widget))
    if hasattr(widget, "finished"):
        widget.finished.connect(lambda *_: _orphans.discard(widget))


def show_message(parent: QWidget | None, title: str, text: str,
                 icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> QMessageBox:
    """A message box that does not block: open() keeps the event loop (and tests) running."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("workbenchMessage")
    if parent is None:
        keep_alive(box)
    box.open()
    return box


class Task(QObject):
    """A running piece of work. Signals are emitted from the worker thread and, because the Task
    lives in the GUI thread, delivered there (queued)."""

    _progressed = Signal(int, int, str)
    _succeeded = Signal(object)
    _failed = Signal(object, str)

    def __init__(self, runner: "TaskRunner", fn: TaskFn, title: str | None,
                 on_done: Callable[[Any], None] | None, on_error: Callable[[BaseException], Any] | None,
                 on_progress: Callable[[int, int, str], None] | None) -> None:
        # No QObject parent: a parent would delete the Task under PySide's feet if the runner
        # went first. The runner holds it while it runs; deleteLater() ends it in the GUI thread.
        super().__init__()
        self.runner = runner
        self.fn = fn
        self.title = title
        self.token = CancelToken()
        self.on_done = on_done
        self.on_error = on_error
        self.on_progress = on_progress
        self.finished = False
        self.dropped = False  # the runner shut down: what the worker still delivers goes nowhere
        self.result: Any = None
        self.error: BaseException | None = None
        self.dialog: QProgressDialog | None = None
        self._last = (0, 0, "")
        self._progressed.connect(self._on_progress)
        self._succeeded.connect(self._on_succeeded)
        self._failed.connect(self._on_failed)

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    # Called from the worker thread.
    def _report(self, done: int, total: int, message: str) -> None:
        # The core may report a Text (both languages); a Qt str signal keeps only one string,
        # so the interface language is chosen here.
        self._progressed.emit(int(done), int(total), core(message))

    def _execute(self) -> None:
        try:
            result = self.fn(self._report, self.token)
        except BaseException as e:  # noqa: BLE001 - every error must reach the GUI thread
            self._failed.emit(e, "".join(traceback.format_exception(e)))
        else:
            self._succeeded.emit(result)

    # GUI thread.
    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        if self.dropped:
            return
        self._last = (done, total, message)
        if self.dialog is not None:
            self._update_dialog()
        if self.on_progress is not None:
            self.on_progress(done, total, message)

    def _show_dialog(self) -> None:
        if self.finished or self.title is None:
            return
        dlg = QProgressDialog(self.title, tr("取消"), 0, 0, self.runner.parent_widget)
        dlg.setObjectName("taskProgress")
        dlg.setWindowTitle(self.title)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumDuration(0)
        dlg.setMinimumWidth(420)
        dlg.canceled.connect(self._cancel_from_dialog)
        self.dialog = dlg
        self._update_dialog()
        dlg.show()

    def _update_dialog(self) -> None:
        done, total, message = self._last
        assert self.dialog is not None
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        label = self.title or ""
        self.dialog.setLabelText(f"{label}\n{message}" if message else label)

    def _cancel_from_dialog(self) -> None:
        self.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(tr("正在取消…"))

    def _close_dialog(self) -> None:
        self.finished = True
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self._cancel_from_dialog)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    @Slot(object)
    def _on_succeeded(self, result: Any) -> None:  # noqa: D401
        if self.dropped:
            return
        self._close_dialog()
        self.result = result
        try:
            if self.on_done is not None and _alive(self.on_done):
                self.on_done(result)
        finally:
            self.runner._finish(self)

    @Slot(object, str)
    def _on_failed(self, error: BaseException, trace: str) -> None:
        if self.dropped:
            return
        self._close_dialog()
        self.error = error
        try:
            handled = self.on_error(error) if self.on_error is not None else False
            if not handled:
                self.runner.report_error(error, trace)
        finally:
            self.runner._finish(self)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task._execute()


class TaskRunner(QObject):
    """Runs work off the GUI thread (see the module's docstring for the rules)."""

    status_message = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent_widget: QWidget | None = None, *, max_threads: int = 2) -> None:
        super().__init__()
        self.parent_widget = parent_widget
        self.pool = QThreadPool()
        # Two threads: one long job (an export) must not block a short one (recording an event);
        # more would only compete for the GIL and the database's single write lock.
        self.pool.setMaxThreadCount(max_threads)
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL_S))
        self.active: list[Task] = []
        self.errors: list[BaseException] = []  # every error reported, newest last (tests read it)
        self.crash_handler: Callable[[str], None] | None = None

    def submit(self, fn: TaskFn, *, title: str | None = None,
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], Any] | None = None,
               on_progress: Callable[[int, int, str], None] | None = None) -> Task:
        """Run `fn(progress, cancel)` in the background; the callbacks run on the GUI thread.
        `on_error` may return True to say it has told the user itself."""
        task = Task(self, fn, title, on_done, on_error, on_progress)
        self.active.append(task)
        if len(self.active) == 1:
            self.busy_changed.emit(True)
        self._start(task)
        return task

    # The name used before `submit`; kept so branches written against it still merge.
    run = submit

    def _start(self, task: Task) -> None:
        QTimer.singleShot(SHOW_PROGRESS_AFTER_MS, task._show_dialog)
        self.pool.start(_Runnable(task))

    def _finish(self, task: Task) -> None:
        if task in self.active:
            self.active.remove(task)
            if not self.active:
                self.busy_changed.emit(False)
        task.deleteLater()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the pool is idle (tests, quitting); queued results still need the event
        loop."""
        return self.pool.waitForDone(msecs)

    def cancel_all(self) -> None:
        for t in list(self.active):
            t.cancel()

    def shut_down(self, msecs: int = 10000) -> bool:
        """Quitting: cancel everything, wait for the workers, and drop what they still have to
        deliver. A result queued for a window whose workbench is closed would otherwise run its
        callback on a closed database the next time an event loop turns."""
        self.cancel_all()
        idle = self.wait(msecs)
        for t in list(self.active):
            t._close_dialog()
            t.dropped = True
            self._finish(t)
        return idle

    def report_error(self, error: BaseException, trace: str = "") -> None:
        self.errors.append(error)
        if isinstance(error, Cancelled):
            self.status_message.emit(tr("操作已取消"))
        elif isinstance(error, UserError):
            show_message(self.parent_widget, tr("无法完成"), core(error), QMessageBox.Icon.Warning)
        else:
            self._unexpected(error, trace or "".join(traceback.format_exception(error)))

    def _unexpected(self, error: BaseException, trace: str) -> None:
        if self.crash_handler is not None:
            self.crash_handler(trace)
        else:
            from .app import report_crash
            report_crash(trace)


class SyncRunner(TaskRunner):
    """The runner for tests and scripts: the work runs inline and its callbacks fire before
    `submit` returns, under the same error rule as TaskRunner, except that an unexpected error
    is raised (after on_error has seen it) rather than shown in the crash dialog.

    `hold=True` keeps submitted tasks until `release()`, so a test can look at a view while
    its work is still "running"."""

    def __init__(self, parent_widget: QWidget | None = None, *, hold: bool = False) -> None:
        super().__init__(parent_widget)
        self.hold = hold
        self.pending: list[Task] = []

    def _start(self, task: Task) -> None:
        if self.hold:
            self.pending.append(task)
        else:
            self._execute(task)

    def release(self) -> None:
        """Run the held tasks now, in the order they were submitted."""
        while self.pending:
            self._execute(self.pending.pop(0))

    @staticmethod
    def _execute(task: Task) -> None:
        try:
            result = task.fn(task._on_progress, task.token)
        except Exception as e:  # noqa: BLE001 - handed on under the runner's error rule
            task._on_failed(e, "".join(traceback.format_exception(e)))
        else:
            task._on_succeeded(result)

    def _unexpected(self, error: BaseException, trace: str) -> None:
        if self.crash_handler is not None:
            self.crash_handler(trace)
            return
        raise error


def _alive(callback: Callable[..., Any]) -> bool:
    """False when the callback is a method of a widget that was closed and deleted while its
    work ran (a dashboard tab closed before its figures arrived): the result has nowhere to go."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or isValid(owner)
