"""Scanning through SANE (Linux): list the scanners and scan pages into a folder with Debian's
`scanimage` (package sane-utils). The pages it writes are then read like any other scans.

No Python binding is needed: `scanimage` is the reference SANE front end, runs in its own process
(a stuck driver cannot hang the workbench) and is killed when the clerk cancels. WIA/TWAIN on
Windows are not covered yet.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import Text, UserError
from ..tasks import CancelToken, ProgressFn, check

SCANIMAGE = "scanimage"
LIST_TIMEOUT_S = 30


class ScannerUnavailable(UserError):
    """No SANE front end on this machine, or no scanner attached to it."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason  # "no-sane" | "no-device" | "failed"


@dataclass(frozen=True)
class Scanner:
    device: str   # SANE's device name, e.g. "epson2:libusb:001:004" or "test:0"
    label: str    # vendor and model as SANE reports them


def scanimage() -> str | None:
    return shutil.which(SCANIMAGE)


def list_scanners(env: dict[str, str] | None = None) -> list[Scanner]:
    """The scanners SANE can see; raises ScannerUnavailable when SANE is not installed."""
    exe = scanimage()
    if exe is None:
        raise ScannerUnavailable("no-sane", Text("未安装 SANE 扫描程序（Debian 软件包 sane-utils）",
                                                 "SANE's scanimage is not installed (Debian: sane-utils)"))
    out = subprocess.run([exe, "-f", "%d\t%v %m%n"], capture_output=True, text=True,
                         timeout=LIST_TIMEOUT_S, env=env)
    found = []
    for line in out.stdout.splitlines():
        device, _, label = line.partition("\t")
        if device.strip():
            found.append(Scanner(device.strip(), label.strip() or device.strip()))
    return found


def scan_pages(device: str, out_dir: Path | str, *, pages: int = 1, resolution: int = 200,
               mode: str = "Gray", progress: ProgressFn | None = None,
               cancel: CancelToken | None = None, env: dict[str, str] | None = None) -> list[Path]:
    """Scan `pages` pages (one from a flatbed; more from a feeder) into PNG files in `out_dir`,
    named by the time of the scan; return their paths in page order."""
    exe = scanimage()
    if exe is None:
        raise ScannerUnavailable("no-sane", Text("未安装 SANE 扫描程序（Debian 软件包 sane-utils）",
                                                 "SANE's scanimage is not installed (Debian: sane-utils)"))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = time.strftime("scan-%Y%m%d-%H%M%S")
    pattern = out / f".{stem}-%03d.png"  # hidden while being written; renamed when complete
    cmd = [exe, "-d", device, "--format=png", f"--resolution={resolution}", f"--mode={mode}",
           f"--batch={pattern}", f"--batch-count={pages}"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=env)
    while proc.poll() is None:
        if cancel is not None and cancel.cancelled:
            proc.kill()
            proc.wait()
            for p in out.glob(f".{stem}-*.png"):
                p.unlink(missing_ok=True)
            check(cancel)
        done = len(list(out.glob(f".{stem}-*.png")))
        if progress is not None:
            progress(min(done, pages), pages, "")
        time.sleep(0.1)
    err = proc.stderr.read() if proc.stderr else ""
    written = sorted(out.glob(f".{stem}-*.png"))
    if proc.returncode != 0 and not written:
        raise ScannerUnavailable("failed", Text(f"扫描失败：{err.strip()[-300:]}",
                                                f"scanning failed: {err.strip()[-300:]}"))
    final = []
    for p in written:
        target = p.with_name(p.name[1:])
        p.replace(target)
        final.append(target)
    if progress is not None:
        progress(len(final), pages, "")
    return final
