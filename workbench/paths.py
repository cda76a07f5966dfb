"""The data directory of a court profile: option, then environment, then the platform default."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from .settings import ENV, env_override

ENV_VAR = ENV["data_dir"]


def data_dir(option: str | os.PathLike | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    env = env_override("data_dir")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("judge-workbench", appauthor=False))
