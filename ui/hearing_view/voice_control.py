"""The evidence display's ears: the default microphone, through the core's CommandListener.

QtMultimedia reads the default input as 16-bit mono at the model's rate (the recorder's Capture)
and hands each block to the listener, which cuts it into clips and recognises them in spawned
Vosk workers. Its callbacks arrive on the listener's thread and reach the GUI through queued
signals: `command` (a VoiceCommand to carry out, or a `confirm` to ask about), `status` (the
line under the display: 正在听… / what was heard / 未识别) and `active` (on or off).
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from workbench.hearing.commands import CONFIRM_COMMAND, NONE
from workbench.hearing.listener import LISTENING, LOADING, CommandListener, Heard

from ..i18n import core, tr


def default_capture(rate: int, sink: Callable[[bytes], None], parent: QObject) -> Any:
    """The default input device read as mono at `rate`, each block to `sink`."""
    from .recorder import Capture, find_device
    return Capture(find_device(None), rate, 1, sink, parent)


class VoiceControl(QObject):
    command = Signal(object)  # VoiceCommand
    status = Signal(str)
    active = Signal(bool)
    _heard = Signal(object)
    _state = Signal(str)
    _failed = Signal(object)
    _speech = Signal()

    def __init__(self, model: Any, parent: QObject | None = None, *,
                 capture: Callable[[int, Callable[[bytes], None], QObject], Any] = default_capture,
                 cache_dir: Any = None) -> None:
        super().__init__(parent)
        self.model = model
        self.make_capture = capture  # the microphone (a test passes its own sink's reader)
        self.cache_dir = cache_dir
        self.listener: CommandListener | None = None
        self.capture: Any = None
        self.stopping: threading.Thread | None = None
        self._heard.connect(self._on_heard)
        self._state.connect(self._on_state)
        self._failed.connect(self._on_failed)
        self._speech.connect(lambda: self.status.emit(tr("正在听…（有人在说话）")))

    @property
    def listening(self) -> bool:
        return self.listener is not None

    def toggle(self) -> bool:
        if self.listening:
            self.stop()
        else:
            self.start()
        return self.listening

    def start(self) -> bool:
        if self.listener is not None:
            return True
        try:
            listener = CommandListener(self.model, on_result=self._heard.emit,
                                       on_state=self._state.emit, on_error=self._failed.emit,
                                       on_speech=self._speech.emit, cache_dir=self.cache_dir)
            capture = self.make_capture(listener.rate, listener.feed, self)
        except Exception as exc:  # noqa: BLE001 - no input device, no table: said on the line
            self.status.emit(tr("语音指令不可用：{why}", why=core(exc)))
            self.active.emit(False)
            return False
        self.listener, self.capture = listener, capture
        listener.start()
        capture.start()
        self.active.emit(True)
        return True

    def stop(self) -> None:
        """Off at once; the listener's workers end on a thread of their own (a decode under way
        is cut short), so the GUI never waits for them."""
        listener, capture = self.listener, self.capture
        self.listener, self.capture = None, None
        if capture is not None:
            capture.stop()
        if listener is not None:
            self.stopping = threading.Thread(target=listener.stop, name="voice-stop", daemon=True)
            self.stopping.start()
        self.status.emit(tr("语音指令已关闭"))
        self.active.emit(False)

    @property
    def sink(self) -> Callable[[bytes], None] | None:
        """Where the microphone's blocks go (None when not listening)."""
        return self.listener.feed if self.listener is not None else None

    # -- on the GUI thread -----------------------------------------------------------------------
    def _on_state(self, state: str) -> None:
        if self.listener is None:
            return
        if state == LOADING:
            self.status.emit(tr("正在加载语音模型…"))
        elif state == LISTENING:
            self.status.emit(tr("正在听…"))

    def _on_heard(self, heard: Heard) -> None:
        if self.listener is None:
            return  # stopped meanwhile: what was still on its way is dropped
        cmd = heard.command
        if heard.too_long:
            self.status.emit(tr("正在听…"))  # ordinary talk, not a command
            return
        if cmd.command == NONE:
            self.status.emit(tr("未识别：{heard}", heard=cmd.heard) if cmd.heard else tr("未识别"))
            return
        text = cmd.heard or cmd.phrase
        if cmd.command == CONFIRM_COMMAND:
            self.status.emit(tr("听到：{heard}（请确认）", heard=text))
        else:
            self.status.emit(tr("听到：{heard}", heard=text))
        self.command.emit(cmd)

    def _on_failed(self, exc: object) -> None:
        self.stop()
        self.status.emit(tr("语音指令出错：{why}", why=core(exc)))
