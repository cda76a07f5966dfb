"""Dialogs that change a case: 新建案件 and 记录事件."""

from .new_case import NewCaseDialog
from .record_event import RecordEventDialog

__all__ = ["NewCaseDialog", "RecordEventDialog"]
