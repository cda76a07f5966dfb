"""The service clerk's queue (送达): every task court-wide or desk-wide (issue 13)."""

from .view import DeliveryQueueView

__all__ = ["DeliveryQueueView"]
