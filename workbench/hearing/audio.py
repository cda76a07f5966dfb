"""Audio in: any file a court is handed (WAV, FLAC, OGG, MP3, at any rate, mono or one channel per
seat) decoded to 16-bit samples at the speech model's rate, one column per channel.

libsndfile (through soundfile) reads WAV/FLAC/OGG/MP3 in-process; anything it refuses goes to
ffmpeg in a child process with a time limit, so a hostile file can neither crash nor hang us.
Every failure is an `AudioError` with a message in Chinese and English; a file that decodes but
holds only silence or noise is not an error: it gives an empty transcript further on.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import Text, UserError

FFMPEG_TIMEOUT = 120.0  # seconds of wall clock for one file; ffmpeg decodes hours in less
BLOCK = 1 << 16


class AudioError(UserError):
    """A file that is not audio we can decode; the message says why, in both languages."""


@dataclass
class Audio:
    """Decoded audio: `samples` is int16 with shape (frames, channels)."""
    samples: np.ndarray
    rate: int
    source: str = ""
    source_rate: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def channels(self) -> int:
        return int(self.samples.shape[1])

    @property
    def frames(self) -> int:
        return int(self.samples.shape[0])

    @property
    def duration(self) -> float:
        return self.frames / float(self.rate) if self.rate else 0.0

    def channel(self, i: int) -> np.ndarray:
        return np.ascontiguousarray(self.samples[:, i])

    def mono(self) -> np.ndarray:
        """All channels mixed to one (the recogniser hears every seat at once)."""
        if self.channels == 1:
            return np.ascontiguousarray(self.samples[:, 0])
        mixed = self.samples.astype(np.int32).sum(axis=1)
        # Sum, not mean: a single speaker stays at full level; clip only where seats overlap loud.
        return np.clip(mixed, -32768, 32767).astype(np.int16)


def _bad(zh: str, en: str, path: Path | str) -> AudioError:
    return AudioError(Text(f"{zh}：{Path(path).name}", f"{en}: {Path(path).name}"))


_MAGIC = (b"RIFF", b"RF64", b"fLaC", b"OggS", b"ID3", b"FORM", b".snd", b"caff")


def _sniff(head: bytes) -> str:
    if head[:4] in (b"RIFF", b"RF64"):
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    if head[:4] == b"%PDF":
        return "pdf"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"
    return ""


def load_audio(path: Path | str, rate: int | None = 16000) -> Audio:
    """Decode `path` to int16 at `rate` (None keeps the file's rate), every channel kept."""
    path = Path(path)
    if not path.is_file():
        raise _bad("找不到音频文件", "no such audio file", path)
    size = path.stat().st_size
    if size == 0:
        raise _bad("音频文件为空（0 字节）", "the audio file is empty (0 bytes)", path)
    with open(path, "rb") as fh:
        head = fh.read(64)
    kind = _sniff(head)
    if kind == "pdf" or (not kind and _looks_like_text(head)):
        raise _bad("不是音频文件", "not an audio file", path)
    warnings: list[str] = []
    fast = _read_ffmpeg_at_rate(path, rate) if rate else None
    if fast is not None:
        return Audio(fast[0], rate, str(path), fast[1], warnings)
    try:
        data, src_rate = _read_soundfile(path, warnings)
    except _SoundfileRefused as exc:
        data, src_rate = _read_ffmpeg(path, kind, str(exc), warnings)
    if data.shape[0] == 0:
        raise _bad("音频文件中没有声音数据（可能已截断）",
                   "the audio file holds no sound data (truncated?)", path)
    if rate and src_rate != rate:
        data = np.stack([resample(data[:, c], src_rate, rate) for c in range(data.shape[1])],
                        axis=1)
    out = to_int16(data)
    return Audio(out, rate or src_rate, str(path), src_rate, warnings)


def _read_ffmpeg_at_rate(path: Path, rate: int) -> tuple[np.ndarray, int] | None:
    """A file at another rate (44.1/48 kHz): ffmpeg decodes and resamples it in a child process
    straight to int16 at `rate` — several times faster than doing it here, a third of the memory
    (no float copy of the file at its own rate), and on another core while the recogniser's
    workers load the model. None when it does not apply or anything is amiss: the careful
    in-process path then decodes the file and explains what is wrong with it."""
    import soundfile as sf

    exe = shutil.which("ffmpeg")
    if exe is None:
        return None
    try:
        info = sf.info(str(path))
    except Exception:  # noqa: BLE001 - not for libsndfile: the careful path decides
        return None
    src, channels = int(info.samplerate), int(info.channels)
    if src == rate or src <= 0 or channels <= 0:
        return None
    try:
        proc = subprocess.run(
            [exe, "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0", "-ar", str(rate),
             "-f", "s16le", "-acodec", "pcm_s16le", "-"], capture_output=True,
            timeout=FFMPEG_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0 or proc.stderr.strip() or not proc.stdout:
        return None
    raw = proc.stdout[: len(proc.stdout) // (2 * channels) * 2 * channels]
    return np.frombuffer(raw, dtype="<i2").reshape(-1, channels).copy(), src


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(b >= 9 for b in head)


class _SoundfileRefused(Exception):
    pass


def _read_soundfile(path: Path, warnings: list[str]) -> tuple[np.ndarray, int]:
    import soundfile as sf

    try:
        f = sf.SoundFile(str(path))
    except Exception as exc:  # libsndfile's errors are not one class across versions
        raise _SoundfileRefused(str(exc)) from None
    blocks: list[np.ndarray] = []
    with f:
        rate, channels = int(f.samplerate), int(f.channels)
        if rate <= 0 or channels <= 0:
            raise _SoundfileRefused(f"rate {rate}, channels {channels}")
        while True:
            try:
                block = f.read(BLOCK, dtype="float32", always_2d=True)
            except Exception as exc:  # a damaged stream mid-file: keep what decoded before it
                warnings.append(Text(f"音频在 {sum((len(b) for b in blocks)) / rate:.1f} 秒处损坏，其后内容已略去（{exc}）",
                                     f"audio damaged at {sum((len(b) for b in blocks)) / rate:.1f} s, the rest skipped ({exc})"))
                break
            if block.shape[0] == 0:
                break
            blocks.append(block)
    got = sum(len(b) for b in blocks)
    declared = _declared_wav_seconds(path)
    if declared is not None and got / rate < declared - 0.05:
        warnings.append(Text(f"录音文件不完整：应有 {declared:.1f} 秒，只能读到 {got / rate:.1f} 秒，已转写可读部分",
                             f"the recording is truncated: {declared:.1f} s declared, {got / rate:.1f} s readable; the readable part was transcribed"))
    if not blocks:
        return np.zeros((0, channels), dtype=np.float32), rate
    return np.concatenate(blocks), rate


def _declared_wav_seconds(path: Path) -> float | None:
    """The length a WAV's header promises (its data chunk's size), or None when it says nothing
    usable (not a RIFF WAV, or a size of 0/0xFFFFFFFF left by a recorder still writing)."""
    import struct

    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return None
            byte_rate = None
            while True:
                chunk = fh.read(8)
                if len(chunk) < 8:
                    return None
                cid, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
                if cid == b"fmt ":
                    fmt = fh.read(size + (size & 1))
                    if len(fmt) >= 12:
                        byte_rate = struct.unpack("<I", fmt[8:12])[0]
                elif cid == b"data":
                    if not byte_rate or size in (0, 0xFFFFFFFF):
                        return None
                    return size / byte_rate
                else:
                    fh.seek(size + (size & 1), 1)
    except OSError:
        return None


def _read_ffmpeg(path: Path, kind: str, why: str, warnings: list[str]) -> tuple[np.ndarray, int]:
    exe = shutil.which("ffmpeg")
    if exe is None:
        raise _bad(f"无法解码此音频（{why}），且未安装 ffmpeg", f"cannot decode this audio ({why}) "
                   "and ffmpeg is not installed", path)
    probe = _ffprobe(path)
    if probe is None:
        if kind in ("wav", "flac", "ogg", "mp3"):
            raise _bad("音频文件头损坏或不支持的编码", "corrupt audio header or unsupported codec",
                       path)
        raise _bad("不是可识别的音频文件", "not a recognisable audio file", path)
    rate, channels, codec = probe
    try:
        proc = subprocess.run(
            [exe, "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0", "-f", "f32le",
             "-acodec", "pcm_f32le", "-"], capture_output=True, timeout=FFMPEG_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise _bad("解码超时", "decoding timed out", path) from None
    raw = proc.stdout[: len(proc.stdout) // (4 * channels) * 4 * channels]
    if proc.returncode != 0 and not raw:
        raise _bad(f"不支持的音频编码（{codec}）", f"unsupported audio codec ({codec})", path)
    if proc.returncode != 0 or proc.stderr.strip():
        warnings.append(Text("音频有损坏之处，已尽量解码：",
                             "parts of the audio were damaged; decoded what could be: ") + proc.stderr.decode("utf-8", "replace").strip()[:200])
    return np.frombuffer(raw, dtype="<f4").reshape(-1, channels).copy(), rate


def _ffprobe(path: Path) -> tuple[int, int, str] | None:
    exe = shutil.which("ffprobe")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "-v", "error", "-select_streams", "a:0", "-show_entries",
             "stream=sample_rate,channels,codec_name", "-of", "default=nw=1", str(path)],
            capture_output=True, timeout=30, text=True)
    except subprocess.TimeoutExpired:
        return None
    info = dict(line.split("=", 1) for line in out.stdout.splitlines() if "=" in line)
    try:
        rate, channels = int(info["sample_rate"]), int(info["channels"])
    except (KeyError, ValueError):
        return None
    return (rate, channels, info.get("codec_name", "?")) if rate > 0 and channels > 0 else None


def to_int16(x: np.ndarray) -> np.ndarray:
    if x.dtype == np.int16:
        return x
    return np.clip(np.round(x * 32767.0), -32768, 32767).astype(np.int16)


def resample(x: np.ndarray, src: int, dst: int) -> np.ndarray:
    """Change the rate of one channel (float): low-pass below the new Nyquist, then interpolate.

    Not a studio resampler; speech recognition needs the band below 8 kHz clean and no aliasing
    into it, which a 127-tap windowed-sinc filter and linear interpolation give.
    """
    x = np.asarray(x, dtype=np.float32)
    if src == dst or x.size == 0:
        return x
    if dst < src:
        x = _lowpass(x, 0.45 * dst / src)
    n_out = int(round(x.size * dst / src))
    pos = np.arange(n_out, dtype=np.float64) * (src / dst)
    return np.interp(pos, np.arange(x.size), x).astype(np.float32)


def _lowpass(x: np.ndarray, cutoff: float, taps: int = 127) -> np.ndarray:
    """FIR low-pass (cutoff as a fraction of the sampling rate) by FFT overlap-add."""
    n = np.arange(taps) - (taps - 1) / 2
    h = (2 * cutoff * np.sinc(2 * cutoff * n) * np.blackman(taps)).astype(np.float32)
    size = 1 << 16
    step = size - taps + 1
    H = np.fft.rfft(h, size)
    out = np.zeros(x.size + taps - 1, dtype=np.float32)
    for i in range(0, x.size, step):
        seg = x[i:i + step]
        y = np.fft.irfft(np.fft.rfft(seg, size) * H, size)[: seg.size + taps - 1]
        out[i:i + y.size] += y
    lag = (taps - 1) // 2
    return out[lag:lag + x.size]


def write_wav(path: Path | str, samples: np.ndarray, rate: int) -> None:
    """A plain 16-bit PCM WAV (tests, exports, hand-off to other programs)."""
    import soundfile as sf

    arr = samples if samples.ndim == 2 else samples[:, None]
    sf.write(str(path), arr, rate, subtype="PCM_16", format="WAV")
