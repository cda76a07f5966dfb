"""Qt item models: thin adapters that present the core's data to views (never import ui).

Models take a `lang` ("zh" or "en") rather than a translator, so they stay testable without the
ui package; every label they show has a Chinese and an English form in the core or here.
"""

from .catalogue import CatalogueModel
from .cases import CaseListModel
from .timeline import TimelineModel

__all__ = ["CaseListModel", "CatalogueModel", "TimelineModel"]
