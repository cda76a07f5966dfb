"""`workbench` from a terminal: the same core as the GUI, for batch work and for tests.

Exit codes: 0 success, 1 integrity failure (verify), 2 bad input (nothing written).

Each module here holds one capability's commands and has `register(subparsers, add)`, where
`add(parent, name, handler, help, json_opt=True)` makes a subcommand whose handler receives the
parsed arguments. The capabilities themselves never import this package.
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from ..errors import Cancelled, DiskFull, UserError, WorkbenchError, disk_full, is_disk_full
from . import (archive, core, court, delivery, drafting, hearing, intake, preservation,
               settings, tracking)
from .common import emit, open_workbench, progress_printer

__all__ = ["build_parser", "main", "emit", "open_workbench", "progress_printer"]

Handler = Callable[[argparse.Namespace], int]

# In the order their commands appear in `workbench --help`.
COMMAND_MODULES = (core, intake, hearing, drafting, tracking, archive, court, settings,
                   delivery, preservation)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="workbench",
        description="法官工作台 Judge Workbench — 无子命令时启动图形界面 / with no command, starts the GUI.")
    p.add_argument("--data-dir", help="数据目录 / data directory (default: $WORKBENCH_DATA_DIR or the platform's)")
    p.add_argument("--lang", choices=["zh", "en"], help="界面语言 / interface language (GUI)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def add(parent, name: str, handler: Handler, help_: str, json_opt: bool = True):
        sp = parent.add_parser(name, help=help_, description=help_)
        sp.set_defaults(handler=handler)
        if json_opt:
            sp.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")
        return sp

    for module in COMMAND_MODULES:
        module.register(sub, add)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        try:
            return handler(args)
        except Exception as e:  # a full disk is said in one line, never a traceback
            from ..paths import data_dir
            where = data_dir(getattr(args, "data_dir", None))
            if is_disk_full(e, where if where.exists() else where.parent):
                raise disk_full(where) from None
            raise
    except DiskFull as e:
        print(f"错误 / error: {e}", file=sys.stderr)
        return e.exit_code
    except UserError as e:
        print(f"错误 / error: {e}", file=sys.stderr)
        return e.exit_code
    except Cancelled as e:
        print(str(e), file=sys.stderr)
        return 130
    except WorkbenchError as e:
        print(f"错误 / error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
