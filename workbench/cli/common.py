"""What every command module of the CLI shares: JSON output, opening the workbench, and the
progress line printed on a terminal."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from ..service import Workbench
from ..tasks import ProgressFn


def _json_default(o: Any) -> Any:
    if isinstance(o, (date, Path)):
        return str(o)
    if hasattr(o, "__dataclass_fields__"):
        return asdict(o)
    return str(o)


def emit(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def open_workbench(args: argparse.Namespace) -> Workbench:
    return Workbench.open(args.data_dir)


def progress_printer(args: argparse.Namespace) -> ProgressFn | None:
    """A progress callback drawing `[done/total] message` on stderr, or None when the output is
    JSON or stderr is not a terminal."""
    if getattr(args, "json", False) or not sys.stderr.isatty():
        return None

    def show(done: int, total: int, message: str) -> None:
        print(f"\r[{done}/{total}] {message[:40]:<40}", end="" if done < total else "\n",
              file=sys.stderr, flush=True)
    return show
