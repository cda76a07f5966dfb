"""The drafting view: “左看右写” — the case's e-file on the left, the draft judgment on the right.

Wiring it into a window::

    from ui.drafting_view import DraftingView, run_task_with
    view = DraftingView(data_dir, number, run_task_with(runner, tr("生成裁判文书")))
"""

from __future__ import annotations

from typing import Any, Callable

from .editor import DraftingView, RunTask
from .elements_form import ElementsForm

__all__ = ["DraftingView", "ElementsForm", "RunTask", "run_task_with", "run_task_now"]


def run_task_with(runner: Any, title: str | None = None) -> RunTask:
    """Adapt the app's TaskRunner to the view's `run_task(fn, on_done, on_error)`."""
    def run(fn: Callable[..., Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], Any]) -> Any:
        return runner.run(fn, on_done=on_done, on_error=on_error, title=title)
    return run


def run_task_now(fn: Callable[..., Any], on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], Any]) -> None:
    """Run inline (tests, scripts): the callbacks fire before this returns; errors propagate
    after on_error has seen them, so a test cannot miss one."""
    from workbench.tasks import CancelToken
    try:
        result = fn(None, CancelToken())
    except Exception as e:
        on_error(e)
        raise
    on_done(result)
