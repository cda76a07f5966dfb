"""Intake: the cataloguing view, where a clerk reviews and files what the intake proposes."""

from .cataloguing import CATEGORY_KEYS, CataloguingView

__all__ = ["CATEGORY_KEYS", "CataloguingView"]
