"""The service: the one write path for every change to a case (see change.py and projection.py).

`from workbench.service import Workbench, ReadyDocument, RecordResult, CaseQuery` as before.
"""

from .change import ReadOnlyCase, StaleCase
from .records import (ReadyDocument, RecordResult, ScannedFiling, ScannedPage, document_payload)
from .registry import write_methods
from .workbench import CaseQuery, Workbench

__all__ = ["Workbench", "CaseQuery", "ReadyDocument", "RecordResult", "ScannedFiling",
           "ScannedPage", "ReadOnlyCase", "StaleCase", "document_payload", "write_methods"]
