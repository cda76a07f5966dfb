"""Issue 11 item 11: a truncated WAV is transcribed as far as it can be read, with a warning."""

from __future__ import annotations

import numpy as np

from test_hearing_support import *  # noqa: F403 - fixtures
from workbench.cli import main
from workbench.hearing.audio import load_audio, write_wav


def _truncate(path, keep: float) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: int(len(raw) * keep)])


def test_truncated_wav_loads_its_readable_part_with_a_warning(tmp_path):
    wav = tmp_path / "cut.wav"
    write_wav(wav, (0.3 * np.sin(np.arange(16000 * 6) / 7)).astype(np.float32), 16000)
    assert load_audio(wav).warnings == []
    _truncate(wav, 0.5)
    audio = load_audio(wav)
    assert 2.5 < audio.duration < 3.5
    [warning] = audio.warnings
    assert "不完整" in warning and "truncated" in warning and "6.0" in warning


def test_a_wav_still_being_recorded_is_not_called_truncated(tmp_path):
    wav = tmp_path / "live.wav"
    write_wav(wav, np.zeros(16000, dtype=np.float32), 16000)
    raw = bytearray(wav.read_bytes())
    i = raw.index(b"data")
    raw[i + 4:i + 8] = b"\xff\xff\xff\xff"  # what a recorder leaves until it closes the file
    wav.write_bytes(bytes(raw))
    assert load_audio(wav).warnings == []


def test_cli_transcribes_the_readable_part_of_a_truncated_wav_and_warns(tmp_path, capsys, need_espeak,
                                                                       ko_model, ko_pool):
    from workbench.hearing import sample
    samples, _ = sample.courtroom([(0, sample.KO_SENTENCES[0]), (0, sample.KO_SENTENCES[3]),
                                   (0, sample.KO_SENTENCES[8])], 1, 16000)
    wav = tmp_path / "hearing.wav"
    write_wav(wav, samples, 16000)
    _truncate(wav, 0.6)
    assert main(["transcribe", str(wav), "--model", ko_model.path]) == 0
    out, err = capsys.readouterr()
    assert "truncated" in out + err
    assert out.strip()  # the readable part's words
