"""Where the data files a court can adjust live (templates, catalogue orders, demo court)."""

from __future__ import annotations

from pathlib import Path

from .settings import env_override


def resources_dir() -> Path:
    # An override lets a court keep its adjusted templates outside the installed program.
    override = env_override("resources")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "resources"
