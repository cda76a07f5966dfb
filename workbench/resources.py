"""Where the data files a court can adjust live (templates, catalogue orders, demo court)."""

from __future__ import annotations

import os
from pathlib import Path


def resources_dir() -> Path:
    # An override lets a court keep its adjusted templates outside the installed program.
    override = os.environ.get("WORKBENCH_RESOURCES")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "resources"
