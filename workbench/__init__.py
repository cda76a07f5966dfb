"""Judge Workbench core: cases, the living e-file, and the stores behind them.

This package never imports Qt, `models` or `ui`, so it runs headless (CLI, batch jobs, tests).
"""

__version__ = "0.1.0"
