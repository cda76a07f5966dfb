"""The preservation team's queue (保全): matters, measures and their alerts (issue 13)."""

from .view import PreservationQueueView

__all__ = ["PreservationQueueView"]
