"""The GUI entry point: the application, its language and font, the crash handler, the window."""

from __future__ import annotations

import argparse
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench.paths import data_dir as resolve_data_dir
from workbench.settings import Settings

from .i18n import choose_language, install_qt_translations, set_language, tr
from .task_runner import keep_alive

# Fonts that carry Simplified Chinese glyphs, best first: the Windows and macOS system UI fonts,
# then what Linux office PCs usually have.
CJK_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
             "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN",
             "SimSun", "Droid Sans Fallback"]


def has_chinese(family: str) -> bool:
    return QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)


def choose_cjk_font(app: QApplication) -> str | None:
    """Make the application font one with Chinese glyphs; return its family (None if none)."""
    current = app.font().family()
    families = set(QFontDatabase.families())
    choice = next((f for f in CJK_FONTS if f in families and has_chinese(f)), None)
    if choice is None:
        if has_chinese(current):
            return current
        choice = next((f for f in sorted(families) if has_chinese(f)), None)
    if choice is None:
        return None
    font = QFont(app.font())
    font.setFamilies([choice, current])
    app.setFont(font)
    return choice


# ---- crash handler ------------------------------------------------------------------------------
class _CrashRelay(QObject):
    """Carries a traceback from any thread to the GUI thread, where the dialog may be shown."""
    crashed = Signal(str, str)


_crash: dict[str, object] = {"dir": None, "relay": None, "showing": False}


def write_crash_log(trace: str, data_dir: Path | None = None) -> Path | None:
    root = data_dir or _crash["dir"]
    if root is None:
        return None
    logs = Path(root) / "logs"  # type: ignore[arg-type]
    try:
        logs.mkdir(parents=True, exist_ok=True)
        path = logs / f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}.log"
        path.write_text(trace, encoding="utf-8")
        return path
    except OSError:
        return None


def _show_crash_dialog(trace: str, path: str) -> None:
    if _crash["showing"]:
        return  # one dialog at a time; every traceback is still in its own log file
    _crash["showing"] = True
    box = QMessageBox(QMessageBox.Icon.Critical, tr("程序出错"),
                      tr("发生了意外错误。已保存的数据不受影响。") + "\n"
                      + (tr("错误报告已保存到：{path}", path=path) if path else ""),
                      QMessageBox.StandardButton.Ok, QApplication.activeWindow())
    box.setObjectName("crashDialog")
    box.setDetailedText(trace)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _r: _crash.__setitem__("showing", False))
    keep_alive(box)
    box.open()


def report_crash(trace: str) -> Path | None:
    """Save the traceback and show it (from any thread); never lose it silently."""
    path = write_crash_log(trace)
    sys.stderr.write(trace)
    relay = _crash["relay"]
    if isinstance(relay, _CrashRelay) and QApplication.instance() is not None:
        relay.crashed.emit(trace, str(path or ""))
    return path


def _excepthook(etype: type[BaseException], value: BaseException,
                tb: TracebackType | None) -> None:
    if issubclass(etype, KeyboardInterrupt):
        sys.__excepthook__(etype, value, tb)
        return
    report_crash("".join(traceback.format_exception(etype, value, tb)))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    report_crash(f"Thread {getattr(args.thread, 'name', '?')}:\n" + "".join(
        traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)))


def install_crash_handler(data_dir: Path) -> None:
    _crash["dir"] = Path(data_dir)
    relay = _CrashRelay()
    relay.crashed.connect(_show_crash_dialog)
    _crash["relay"] = relay
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


# ---- main ---------------------------------------------------------------------------------------
def _parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    p = argparse.ArgumentParser(prog="workbench", add_help=False)
    p.add_argument("--data-dir")
    p.add_argument("--lang", choices=["zh", "en"])
    opts, rest = p.parse_known_args(argv)
    return opts, [a for a in rest if a != "gui"]


def main(argv: list[str] | None = None, data_dir: str | Path | None = None,
         lang: str | None = None) -> int:
    """Start the GUI; return the exit code. `data_dir` and `lang` override argv."""
    opts, qt_args = _parse(list(sys.argv[1:] if argv is None else argv))
    root = resolve_data_dir(data_dir or opts.data_dir)
    root.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["workbench", *qt_args])
    app.setApplicationName("Judge Workbench")
    app.setOrganizationName("judge-workbench")
    install_crash_handler(root)

    # Settings live in the data directory, never in the user's profile, so each court profile
    # has its own and tests never touch a real user's.
    settings = Settings.load(root)
    chosen = choose_language(lang or opts.lang, settings)
    set_language(chosen)
    install_qt_translations(app, chosen)
    choose_cjk_font(app)  # type: ignore[arg-type]
    app.setApplicationDisplayName(tr("法官工作台"))

    try:
        from .main_window import MainWindow
        window = MainWindow(root, settings=settings)
    except Exception:  # noqa: BLE001 - the data directory may be unreadable; say so and stop
        trace = traceback.format_exc()
        path = write_crash_log(trace, root)
        box = QMessageBox(QMessageBox.Icon.Critical, tr("无法启动"),
                          tr("无法打开数据目录 {dir}。", dir=str(root)) + "\n"
                          + (tr("错误报告已保存到：{path}", path=str(path)) if path else ""))
        box.setDetailedText(trace)
        box.exec()
        return 1
    window.show()
    window.build_demo_if_empty()
    from PySide6.QtCore import QTimer
    QTimer.singleShot(0, window.restore_unsaved)  # what a crash left unsaved is offered back
    from .first_run import maybe_show_guide
    QTimer.singleShot(0, lambda: maybe_show_guide(window, settings))
    code = app.exec()
    window.close_workbench()
    return code


if __name__ == "__main__":
    sys.exit(main())
