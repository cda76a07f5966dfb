"""The drafting view: “左看右写” — the case's e-file on the left, the draft judgment on the right.

Wiring it into a window::

    from ui.drafting_view import DraftingView
    view = DraftingView(data_dir, number, runner)   # runner: ui.task_runner.TaskRunner
"""

from __future__ import annotations

from .editor import DraftingView
from .elements_form import ElementsForm

__all__ = ["DraftingView", "ElementsForm"]
