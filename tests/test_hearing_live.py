"""Live recording and transcription: a crash-safe recording, seats while speaking, and the whole
path through a real PulseAudio server whose virtual microphone plays a 4-seat hearing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from test_hearing_support import *  # noqa: E402,F403 - fixtures
from workbench.hearing import sample  # noqa: E402
from workbench.hearing.live import CrashSafeWav, LiveTranscriber, repair_wav  # noqa: E402

RATE = 16000
ROLES = ["judge", "plaintiff", "defendant", "witness"]
ROOT = Path(__file__).resolve().parents[1]


def test_wav_is_valid_at_every_moment(tmp_path):
    w = CrashSafeWav(tmp_path / "r.wav", RATE, 4)
    x = (np.random.default_rng(0).normal(0, 3000, (int(RATE * 2.3), 4))).astype(np.int16)
    for i in range(0, x.shape[0], 1600):
        w.write(x[i:i + 1600])
    # Not closed, as after a crash: the header already claims all but the last half second.
    info = sf.info(str(tmp_path / "r.wav"))
    assert info.channels == 4 and 1.8 <= info.duration <= 2.3
    assert repair_wav(tmp_path / "r.wav") == pytest.approx(x.shape[0] / RATE, abs=1e-3)
    back, _ = sf.read(str(tmp_path / "r.wav"), dtype="int16")
    assert np.array_equal(back, x)
    w.close()


def test_live_seats_and_partials(tmp_path, ko_model, ko_pool, need_espeak):
    x, turns = sample.courtroom(sample.hearing_script(4, 4, seed=3), 4, RATE, gap=1.2)
    finals: list = []
    partials: list = []
    live = LiveTranscriber(ko_model, tmp_path / "live.wav", rate=RATE, channels=4, roles=ROLES,
                           worker=ko_pool.workers[0], on_final=finals.extend,
                           on_partial=partials.append)
    for i in range(0, x.shape[0], 1600):  # 0.1 s blocks, as fast as the recogniser takes them
        live.feed(x[i:i + 1600])
    t = live.close()
    assert partials and all(p.text for p in partials)
    assert [u.role for u in t.utterances if u.end - u.start > 0.5] == [ROLES[tr.channel]
                                                                       for tr in turns]
    assert finals == t.utterances
    assert sf.info(str(tmp_path / "live.wav")).duration == pytest.approx(x.shape[0] / RATE)


def test_recorder_view_through_pulseaudio(qtbot, tmp_path, pulse, ko_model, ko_pool, need_espeak):
    from ui.hearing_view.recorder import RecorderView, find_device
    x, turns = sample.courtroom([(0, sample.KO_SENTENCES[0]), (2, sample.KO_SENTENCES[9])], 4,
                                RATE, gap=1.2)
    view = RecorderView(ko_model, tmp_path, roles=ROLES, channels=4, worker=ko_pool.workers[-1])
    qtbot.addWidget(view)
    view.show()
    path = view.start(find_device("courtroom"))
    qtbot.wait(300)
    played = pulse.play(x)
    qtbot.waitUntil(lambda: view.partial_label.text() != "", timeout=15000)
    qtbot.wait(int(played * 1000) + 1500)
    transcript = view.stop()
    lines = [view.lines.item(i).text() for i in range(view.lines.count())]
    assert transcript is not None and len(lines) >= 2
    assert lines[0].startswith("审判员：") and lines[-1].startswith("被告：")
    data, rate = sf.read(str(path), dtype="int16")
    assert rate == RATE and data.shape[1] == 4
    # The speech is on the right channels: seat 0 speaks first, seat 2 next.
    energy = (data.astype(np.float64) ** 2).sum(axis=0)
    assert energy[0] > 20 * energy[1] and energy[2] > 20 * energy[3]


def test_killed_recorder_leaves_a_playable_recording(tmp_path, pulse, need_espeak):
    out = tmp_path / "hearing.wav"
    x, _ = sample.courtroom(sample.hearing_script(3, 4, seed=8), 4, RATE)
    env = dict(os.environ, PULSE_SERVER=pulse.server, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "ui.hearing_view.recorder", "--device",
                             "courtroom", "--out", str(out), "--channels", "4"],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    try:
        assert proc.stdout.readline().strip() == "recording"
        pulse.play(x)
        started = time.monotonic()
        time.sleep(4.0)
        proc.send_signal(signal.SIGKILL)  # a crash in mid-sentence, no chance to close anything
        proc.wait(10)
        elapsed = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
    data, rate = sf.read(str(out), dtype="int16")  # playable as it was left
    assert rate == RATE and data.shape[1] == 4
    assert elapsed - 1.5 <= data.shape[0] / RATE <= elapsed + 1.0
    assert np.abs(data).max() > 1000  # the speech is there, not just silence
    assert repair_wav(out) >= data.shape[0] / RATE
