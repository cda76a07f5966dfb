"""Where the data files a court can adjust live: document and judgment templates, catalogue
orders, holiday calendars and period rules, statute tables, drafting data, voice tables, the
archive rules and the demo court.

Every such file is found through `resource()`, so that the `WORKBENCH_RESOURCES` override (a
court's adjusted copy kept outside the installed program) reaches all of them.
"""

from __future__ import annotations

from pathlib import Path

from .settings import env_override

__all__ = ["resource", "resources_dir"]


def resources_dir() -> Path:
    """The resources folder: `$WORKBENCH_RESOURCES` when set, else the one shipped with the code."""
    override = env_override("resources")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """A file or folder under the resources folder, e.g. `resource("templates", "summons.json")`."""
    return resources_dir().joinpath(*parts)
