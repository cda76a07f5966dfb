"""The workload dashboard (figures, charts, CSV export)."""

from .dashboard import Dashboard

__all__ = ["Dashboard"]
