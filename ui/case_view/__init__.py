"""The case view: catalogue tree, page viewer, and the case's facts and timeline."""

from .page_viewer import PageViewer
from .view import CaseView, show_verify_result

__all__ = ["CaseView", "PageViewer", "show_verify_result"]
