"""Decoding every kind of file a court is handed, and refusing bad ones clearly (no model)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from test_hearing_support import write_wav
from workbench.hearing.audio import AudioError, load_audio, resample
from workbench.hearing.parallel import frame_energy_db, plan_pieces

RATE = 16000


def tone(seconds: float, freq: float = 440.0, rate: int = RATE, channels: int = 1) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    x = (0.3 * np.sin(2 * np.pi * freq * t) * 32767).astype(np.int16)
    return np.stack([x] * channels, axis=1) if channels > 1 else x


def dominant_freq(x: np.ndarray, rate: int) -> float:
    spec = np.abs(np.fft.rfft(x.astype(np.float64)))
    return float(np.argmax(spec) * rate / x.size)


needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")


def test_any_rate_and_channels_to_model_rate(tmp_path):
    src = write_wav(tmp_path / "a.wav", tone(2.0, 1000, 44100, 3), 44100)
    a = load_audio(src, RATE)
    assert (a.rate, a.channels, a.source_rate) == (RATE, 3, 44100)
    assert abs(a.duration - 2.0) < 0.01
    assert abs(dominant_freq(a.channel(0), RATE) - 1000) < 5


def test_resample_keeps_band_and_removes_alias():
    rate = 48000
    t = np.arange(rate) / rate
    x = np.sin(2 * np.pi * 3000 * t) + np.sin(2 * np.pi * 15000 * t)  # 15 kHz must not fold down
    y = resample(x.astype(np.float32), rate, RATE)
    spec = np.abs(np.fft.rfft(y))
    freqs = np.fft.rfftfreq(y.size, 1 / RATE)
    assert abs(freqs[np.argmax(spec)] - 3000) < 5
    alias = spec[(freqs > 500) & (freqs < 2500)].max()  # 16000 - 15000 = 1000 Hz would be here
    assert alias < spec.max() * 0.02


@needs_ffmpeg
@pytest.mark.parametrize("ext", ["flac", "ogg", "mp3"])
def test_compressed_formats(tmp_path, ext):
    wav = write_wav(tmp_path / "a.wav", tone(1.5, 800, 22050, 2), 22050)
    out = tmp_path / f"a.{ext}"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(wav), str(out)], check=True)
    a = load_audio(out, RATE)
    assert a.channels == 2 and abs(a.duration - 1.5) < 0.15
    assert abs(dominant_freq(a.channel(0), RATE) - 800) < 10


@needs_ffmpeg
def test_codec_only_ffmpeg_knows(tmp_path):
    wav = write_wav(tmp_path / "a.wav", tone(1.0, 500), RATE)
    out = tmp_path / "a.m4a"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-c:a", "aac", str(out)],
                   check=True)
    a = load_audio(out, RATE)
    assert abs(a.duration - 1.0) < 0.1


def _expect(path: Path, *words: str) -> str:
    with pytest.raises(AudioError) as e:
        load_audio(path, RATE)
    msg = str(e.value)
    assert " / " in msg, "bilingual message"
    for w in words:
        assert w in msg
    return msg


def test_bad_inputs_give_clear_messages(tmp_path):
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    _expect(empty, "0 字节", "empty")
    _expect(tmp_path / "missing.wav", "找不到", "no such")
    text = tmp_path / "notes.wav"
    text.write_text("这不是录音 this is not audio\n", encoding="utf-8")
    _expect(text, "不是音频", "not an audio")
    pdf = tmp_path / "scan.mp3"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 10)
    _expect(pdf, "not an audio")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(np.random.default_rng(1).integers(0, 256, 4000, dtype=np.uint8).tobytes())
    _expect(junk, "audio")
    corrupt = tmp_path / "corrupt.wav"
    corrupt.write_bytes(b"RIFF\0\0\0\0WAVEfmt " + bytes(2000))
    _expect(corrupt, "audio")


def test_unsupported_codec(tmp_path):
    # A WAV whose format tag names a codec nobody decodes (0x7777).
    import struct
    fmt = struct.pack("<HHIIHH", 0x7777, 1, RATE, RATE * 2, 2, 16)
    data = bytes(RATE)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + \
        struct.pack("<I", len(data)) + data
    bad = tmp_path / "codec.wav"
    bad.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    _expect(bad, "audio")


def test_truncated_files_keep_what_is_there(tmp_path):
    full = write_wav(tmp_path / "full.wav", tone(3.0, 300, RATE, 2), RATE)
    cut = tmp_path / "cut.wav"
    cut.write_bytes(full.read_bytes()[: 44 + RATE * 4])  # header + about 1 s
    a = load_audio(cut, RATE)
    assert 0.9 < a.duration < 1.1
    header_only = tmp_path / "header.wav"
    header_only.write_bytes(full.read_bytes()[:44])
    _expect(header_only, "audio")


@needs_ffmpeg
def test_truncated_mp3(tmp_path):
    wav = write_wav(tmp_path / "a.wav", tone(4.0, 600), RATE)
    mp3 = tmp_path / "a.mp3"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(wav), str(mp3)], check=True)
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(mp3.read_bytes()[: mp3.stat().st_size // 2])
    a = load_audio(cut, RATE)
    assert 1.0 < a.duration < 3.5


def test_cuts_fall_in_pauses():
    rng = np.random.default_rng(3)
    parts, pauses = [], []
    t = 0.0
    for i in range(20):
        burst = (rng.normal(0, 4000, int(RATE * rng.uniform(2.5, 5)))).astype(np.int16)
        gap = np.zeros(int(RATE * 0.6), dtype=np.int16)
        parts += [burst, gap]
        t += burst.size / RATE
        pauses.append((t, t + 0.6))
        t += 0.6
    x = np.concatenate(parts)
    pieces = plan_pieces(x, RATE, workers=2, piece_seconds=15)
    assert len(pieces) >= 4 and pieces[0].start == 0 and pieces[-1].end == x.size
    for p in pieces[1:]:
        s = p.start / RATE
        assert any(a - 0.01 <= s <= b + 0.01 for a, b in pauses), s
    assert frame_energy_db(np.zeros(0, np.int16), RATE).size == 0
