"""Live recording of the hearing from the courtroom microphones, words on screen as they are said.

QtMultimedia reads the audio device (one channel per seat) and hands blocks to the core's
LiveTranscriber, which writes them to disk at once and streams them to a recogniser process.
Its results arrive on a reader thread and reach the GUI through queued signals.

`python -m ui.hearing_view.recorder --device ID --out FILE` records without a window (the tests
kill that process mid-hearing to show the recording survives).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, Sequence

from PySide6.QtCore import QIODevice, QObject, Signal
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSource, QMediaDevices
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QListWidget, QPushButton,
                               QVBoxLayout, QWidget)

from workbench.hearing.live import CrashSafeWav, LiveTranscriber, Partial
from workbench.hearing.transcript import Transcript, Utterance, role_label

from ..i18n import tr


def find_device(name: str | None) -> QAudioDevice:
    """The input whose id or description contains `name`; the default input without a name."""
    devices = QMediaDevices.audioInputs()
    if name:
        for d in devices:
            if name in bytes(d.id().data()).decode("utf-8", "replace") or name in d.description():
                return d
        raise LookupError(f"没有名为 {name} 的录音设备 / no audio input named {name}")
    d = QMediaDevices.defaultAudioInput()
    if d.isNull():
        raise LookupError("没有录音设备 / no audio input device")
    return d


def audio_format(rate: int, channels: int) -> QAudioFormat:
    fmt = QAudioFormat()
    fmt.setSampleRate(rate)
    fmt.setChannelCount(channels)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return fmt


class Capture(QObject):
    """Reads a device and passes each block to `sink(bytes)`; lives in the GUI thread."""

    def __init__(self, device: QAudioDevice, rate: int, channels: int, sink: Any,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = QAudioSource(device, audio_format(rate, channels), self)
        self.source.setBufferSize(int(rate * channels * 2 * 0.1))  # 100 ms: partials stay quick
        self.sink = sink
        self.block = channels * 2
        self.io: QIODevice | None = None
        self._rest = b""

    def start(self) -> None:
        self.io = self.source.start()
        self.io.readyRead.connect(self._read)

    def _read(self) -> None:
        data = self._rest + bytes(self.io.readAll().data()) if self.io else b""
        whole = len(data) // self.block * self.block
        self._rest = data[whole:]
        if whole:
            self.sink(data[:whole])

    def stop(self) -> None:
        if self.io is not None:
            self._read()
        self.source.stop()


class RecorderView(QWidget):
    """Record button, the words of the utterance in progress, the finished utterances by role."""

    partial_received = Signal(object)
    final_received = Signal(object)
    stopped = Signal(object)  # the Transcript

    def __init__(self, model: Any, out_dir: Path | str, *, roles: Sequence[str] = (),
                 channels: int = 4, rate: int | None = None, worker: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recorderView")
        self.model = model
        self.out_dir = Path(out_dir)
        self.roles = list(roles)
        self.channels = channels
        self.rate = rate or model.sample_rate
        self.worker = worker  # a recogniser already warm (else each recording starts its own)
        self.live: LiveTranscriber | None = None
        self.capture: Capture | None = None
        self.last_path: Path | None = None

        self.device_box = QComboBox()
        self.device_box.setObjectName("deviceBox")
        for d in QMediaDevices.audioInputs():
            self.device_box.addItem(d.description(), d)
        self.record_button = QPushButton(tr("开始录音"))
        self.record_button.setObjectName("recordButton")
        self.record_button.clicked.connect(self.toggle)
        self.partial_label = QLabel()
        self.partial_label.setObjectName("partialLabel")
        self.partial_label.setWordWrap(True)
        self.lines = QListWidget()
        self.lines.setObjectName("liveLines")
        self.clock = QLabel("0:00:00")
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("录音设备")))
        top.addWidget(self.device_box, 1)
        top.addWidget(self.clock)
        top.addWidget(self.record_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.lines, 1)
        lay.addWidget(self.partial_label)
        self.partial_received.connect(self._show_partial)
        self.final_received.connect(self._show_final)

    @property
    def recording(self) -> bool:
        return self.live is not None

    def toggle(self) -> None:
        if self.recording:
            self.stop()
        else:
            self.start()

    def start(self, device: QAudioDevice | None = None) -> Path:
        device = device or self.device_box.currentData() or find_device(None)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / time.strftime("庭审录音-%Y%m%d-%H%M%S.wav")
        self.live = LiveTranscriber(self.model, path, rate=self.rate, channels=self.channels,
                                    roles=self.roles, worker=self.worker,
                                    on_partial=self.partial_received.emit,
                                    on_final=self.final_received.emit)
        self.capture = Capture(device, self.rate, self.channels, self.live.feed, self)
        self.capture.start()
        self.last_path = path
        self.record_button.setText(tr("停止录音"))
        return path

    def stop(self) -> Transcript | None:
        if self.live is None or self.capture is None:
            return None
        self.capture.stop()
        transcript = self.live.close()
        self.live, self.capture = None, None
        self.record_button.setText(tr("开始录音"))
        self.partial_label.clear()
        self.stopped.emit(transcript)
        return transcript

    def _show_partial(self, p: Partial) -> None:
        self.partial_label.setText(p.text)
        if self.live is not None:
            s = int(self.live.wav.seconds)
            self.clock.setText(f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}")

    def _show_final(self, utterances: list[Utterance]) -> None:
        self.partial_label.clear()
        for u in utterances:
            who = role_label(u.role) or "—"
            self.lines.addItem(f"{who}：{u.text}")
        self.lines.scrollToBottom()


def main(argv: list[str] | None = None) -> int:
    """Record a device to a crash-safe WAV (and transcribe it with --model) until killed."""
    from PySide6.QtCore import QCoreApplication, QTimer

    ap = argparse.ArgumentParser(description="录音 / record the courtroom microphones")
    ap.add_argument("--device", help="录音设备 / input device id or description")
    ap.add_argument("--out", required=True)
    ap.add_argument("--channels", type=int, default=4)
    ap.add_argument("--rate", type=int, default=16000)
    ap.add_argument("--model", help="边录边转写 / transcribe while recording with this model")
    ap.add_argument("--seconds", type=float, default=0, help="0 = until stopped")
    args = ap.parse_args(argv)
    app = QCoreApplication(sys.argv[:1])
    device = find_device(args.device)
    if args.model:
        from workbench.hearing.models import describe
        live: Any = LiveTranscriber(describe(args.model), args.out, rate=args.rate,
                                    channels=args.channels,
                                    on_final=lambda us: print(*(u.text for u in us), flush=True))
        sink, closer = live.feed, live.close
    else:
        wav = CrashSafeWav(args.out, args.rate, args.channels)
        sink = lambda data: wav.write(  # noqa: E731
            __import__("numpy").frombuffer(data, "<i2").reshape(-1, args.channels))
        closer = wav.close
    capture = Capture(device, args.rate, args.channels, sink)
    capture.start()
    print("recording", flush=True)
    if args.seconds:
        QTimer.singleShot(int(args.seconds * 1000), app.quit)
    app.exec()
    capture.stop()
    closer()
    return 0


if __name__ == "__main__":
    sys.exit(main())
