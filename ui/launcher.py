"""`workbench`: with no subcommand (or `gui`) start the GUI; otherwise run the CLI.

PySide6 is imported only when the GUI starts, so the CLI works on a server with no Qt installed.
"""

from __future__ import annotations

import sys

GLOBAL_OPTIONS = ("--data-dir", "--lang")


def wants_gui(argv: list[str]) -> bool:
    """True when argv holds only global options, optionally followed by `gui`."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in GLOBAL_OPTIONS:
            i += 2
            continue
        if any(arg.startswith(o + "=") for o in GLOBAL_OPTIONS):
            i += 1
            continue
        # `workbench gui --help` prints the help (the CLI's argparse does) and starts nothing.
        return arg == "gui" and not any(a in ("-h", "--help") for a in argv[i + 1:])
    return True


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if wants_gui(argv):
        from ui.app import main as gui_main
        return gui_main(argv)
    from workbench.cli import main as cli_main
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
