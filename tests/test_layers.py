"""The core runs headless: importing every module of `workbench` loads no Qt and no upper layer."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import workbench


def test_core_imports_no_qt_models_or_ui():
    modules = [m.name for m in pkgutil.walk_packages(workbench.__path__, "workbench.")]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'models', 'ui'))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    assert len(modules) > 15
