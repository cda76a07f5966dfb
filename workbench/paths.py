"""The data directory of a court profile: option, then environment, then the platform default."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "WORKBENCH_DATA_DIR"


def data_dir(option: str | os.PathLike | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("judge-workbench", appauthor=False))
