"""The courtroom evidence display: a second top-level window, meant for the screen the parties
see, showing the evidence the judge calls for by voice ("证据三", "下一页", "放大", "关闭").

It shows one PDF page at a time (QtPdf renders it), scaled to the window and zoomed on request.
Commands come as the core's VoiceCommand; `listen(pcm, rate)` recognises a clip first. The same
commands come from the buttons along the bottom and from the keyboard (1–9 an exhibit, ←/→ or
PgUp/PgDn a page, ↑/↓ the previous/next exhibit, Home/End, +/− zoom, Esc close), so the display
works without a microphone.

When the recogniser is unsure between phrases (the core's `confirm` outcome), nothing is done:
a strip asks which was meant, a button per candidate; Enter takes the first, Esc dismisses, the
next clear command replaces the question, and it goes by itself after a few seconds.

The 语音指令 toggle (or V) listens to the default microphone (voice_control.py): what is heard
goes to `apply`, and the line beside the toggle says 正在听… / what was heard / 未识别. Without
an installed speech model the toggle is disabled and its tooltip says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from PySide6.QtCore import QBuffer, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from workbench.hearing.commands import CONFIRM_COMMAND, VoiceCommand

from ..i18n import language, tr
from ..pdf_bytes import load_pdf_bytes

ZOOM_STEP = 1.25
ZOOM_RANGE = (0.5, 4.0)
CONFIRM_SECONDS = 8
COMMAND_LABELS = {"next_page": "下一页", "previous_page": "上一页", "first_page": "第一页",
                  "last_page": "最后一页", "zoom_in": "放大", "zoom_out": "缩小", "close": "关闭"}


@dataclass
class Exhibit:
    title: str
    pdf: bytes


def exhibits_from_case(wb: Any, case_ref: str | int) -> list[Exhibit]:
    """The case's evidence (证据材料) in catalogue order: 证据一 is the first of them."""
    return [Exhibit(e.title, wb.document_pdf(e.document_id))
            for e in wb.catalogue(case_ref) if e.category == "evidence"]


class EvidenceDisplay(QWidget):
    shown = Signal(int, int)  # exhibit index, page index

    def __init__(self, exhibits: Sequence[Exhibit], parent: QWidget | None = None, *,
                 voice_model: Any = None, voice_unavailable: str = "",
                 voice_options: dict | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("evidenceDisplay")
        self.setWindowTitle(tr("证据展示"))
        self.exhibits = list(exhibits)
        self.index = -1
        self.page = 0
        self.zoom = 1.0
        self.doc = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.title = QLabel()
        self.title.setObjectName("exhibitTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image = QLabel(tr("等待出示证据"))
        self.image.setObjectName("exhibitPage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.image)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.scroll, 1)
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for command, text, key in (("previous_exhibit", "上一份证据", "↑"),
                                   ("previous_page", "上一页", "←"), ("next_page", "下一页", "→"),
                                   ("next_exhibit", "下一份证据", "↓"), ("zoom_out", "缩小", "−"),
                                   ("zoom_in", "放大", "+"), ("close", "关闭", "Esc")):
            b = QPushButton(tr(text))
            b.setObjectName(command)
            b.setToolTip(f"{tr(text)} ({key})")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the display
            b.clicked.connect(lambda _c=False, command=command: self.command(command))
            bar.addWidget(b)
            self.buttons[command] = b
        bar.insertStretch(0, 1)
        bar.addStretch(1)
        self.voice_button = QPushButton(tr("语音指令"), objectName="voiceToggle", checkable=True)
        self.voice_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.voice_status = QLabel(objectName="voiceStatus")
        self.voice: Any = None
        if voice_model is not None:
            from .voice_control import VoiceControl
            self.voice = VoiceControl(voice_model, self, **(voice_options or {}))
            self.voice.command.connect(self.apply)
            self.voice.status.connect(self.voice_status.setText)
            self.voice.active.connect(self.voice_button.setChecked)
            self.voice_button.clicked.connect(lambda _c=False: self.toggle_voice())
            self.voice_button.setToolTip(tr("听麦克风里的语音指令（V）"))
        else:
            self.voice_button.setEnabled(False)
            self.voice_button.setToolTip(voice_unavailable or tr("未安装语音模型，语音指令不可用"))
        bar.addWidget(self.voice_button)
        bar.addWidget(self.voice_status)
        self.question = QWidget(objectName="confirmStrip")
        ask = QHBoxLayout(self.question)
        self.question_label = QLabel(tr("您是要："), objectName="confirmQuestion")
        ask.addStretch(1)
        ask.addWidget(self.question_label)
        self.choices: list[QPushButton] = []
        for i in range(3):
            b = QPushButton(objectName=f"confirmChoice{i}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _c=False, i=i: self.choose(i))
            ask.addWidget(b)
            self.choices.append(b)
        dismiss = QPushButton(tr("都不是（Esc）"), objectName="confirmDismiss")
        dismiss.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        dismiss.clicked.connect(self.dismiss)
        ask.addWidget(dismiss)
        ask.addStretch(1)
        self.question.hide()
        self._expire = QTimer(self, singleShot=True, interval=CONFIRM_SECONDS * 1000)
        self._expire.timeout.connect(self.dismiss)
        self.pending: list[tuple[str, int | None]] = []
        lay.addWidget(self.question)
        lay.addLayout(bar)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.last_command: VoiceCommand | None = None

    # -- placement --------------------------------------------------------------------------------
    def show_on_second_screen(self) -> None:
        """Full screen on the second monitor if there is one, else a normal window."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            self.setGeometry(screens[1].geometry())
            self.showFullScreen()
        else:
            self.resize(1000, 750)
            self.show()

    # -- commands ---------------------------------------------------------------------------------
    def apply(self, cmd: VoiceCommand) -> bool:
        """Carry out a command; False if it could not be (no such exhibit, nothing shown). A
        `confirm` is not carried out: it asks on screen."""
        self.last_command = cmd
        c = cmd.command
        if c == CONFIRM_COMMAND:
            return self.ask(cmd.candidates)
        self.dismiss()
        if c == "evidence" and cmd.number:
            return self.show_exhibit(cmd.number - 1)
        if c == "close":
            self.hide()
            return True
        if self.index < 0:
            return False
        pages = self.doc.pageCount()
        target = {"next_page": self.page + 1, "previous_page": self.page - 1, "first_page": 0,
                  "last_page": pages - 1}.get(c)
        if target is not None:
            if not 0 <= target < pages:
                return False
            self.page = target
        elif c in ("zoom_in", "zoom_out"):
            z = self.zoom * (ZOOM_STEP if c == "zoom_in" else 1 / ZOOM_STEP)
            self.zoom = min(max(z, ZOOM_RANGE[0]), ZOOM_RANGE[1])
        else:
            return False
        self._render()
        return True

    # -- the question when unsure -----------------------------------------------------------------
    def ask(self, candidates: Sequence[tuple[str, int | None]]) -> bool:
        self.pending = [c for c in candidates if c[0] in COMMAND_LABELS or c[0] == "evidence"][:3]
        if not self.pending:
            return False
        for b, cand in zip(self.choices, [*self.pending, None, None, None]):
            b.setVisible(cand is not None)
            if cand is not None:
                b.setText(self.choice_label(*cand)
                          + (tr("（Enter）") if b is self.choices[0] else ""))
        self.question.show()
        if not self.isVisible():
            self.show_on_second_screen()
        self._expire.start()
        return False

    @staticmethod
    def choice_label(command: str, number: int | None) -> str:
        if command == "evidence":
            return tr("出示证据{n}", n=_cn(number or 0)) if language() != "en" else f"Exhibit {number}"
        return tr(COMMAND_LABELS[command])

    def choose(self, i: int) -> bool:
        if not 0 <= i < len(self.pending):
            return False
        command, number = self.pending[i]
        return self.apply(VoiceCommand(command, number, heard="confirmed"))

    def dismiss(self) -> None:
        self._expire.stop()
        self.pending = []
        self.question.hide()

    def command(self, name: str) -> bool:
        """A button's or a key's command, carried out like the spoken one."""
        if name in ("next_exhibit", "previous_exhibit"):
            step = 1 if name == "next_exhibit" else -1
            target = (self.index + step) if self.index >= 0 else 0
            return self.apply(VoiceCommand("evidence", target + 1, heard=name))
        return self.apply(VoiceCommand(name, heard=name))

    KEYS = {Qt.Key.Key_Right: "next_page", Qt.Key.Key_PageDown: "next_page",
            Qt.Key.Key_Left: "previous_page", Qt.Key.Key_PageUp: "previous_page",
            Qt.Key.Key_Home: "first_page", Qt.Key.Key_End: "last_page",
            Qt.Key.Key_Down: "next_exhibit", Qt.Key.Key_Up: "previous_exhibit",
            Qt.Key.Key_Plus: "zoom_in", Qt.Key.Key_Equal: "zoom_in", Qt.Key.Key_Minus: "zoom_out",
            Qt.Key.Key_Escape: "close"}

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if self.pending and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.choose(0)
        elif self.pending and key == Qt.Key.Key_Escape:
            self.dismiss()  # Esc answers the question; it does not close the display
        elif key == Qt.Key.Key_V:
            self.toggle_voice()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.apply(VoiceCommand("evidence", key - Qt.Key.Key_0, heard="key"))
        elif key in self.KEYS:
            self.command(self.KEYS[key])
        else:
            super().keyPressEvent(event)

    def toggle_voice(self) -> bool:
        """Voice commands on or off; False when off (or unavailable)."""
        if self.voice is None:
            return False
        on = self.voice.toggle()
        self.voice_button.setChecked(on)
        return on

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if self.voice is not None and self.voice.listening:
            self.voice.stop()  # the microphone is not left open behind a closed window
        super().closeEvent(event)

    def listen(self, pcm: Any, rate: int, recognizer: Any) -> VoiceCommand:
        """Recognise a clip with a CommandRecognizer and carry the command out."""
        cmd = recognizer.recognise(pcm, rate)
        if cmd.command != "none":
            self.apply(cmd)  # a `confirm` asks on screen
        return cmd

    def show_exhibit(self, i: int) -> bool:
        if not 0 <= i < len(self.exhibits):
            return False
        self.index, self.page, self.zoom = i, 0, 1.0
        self._buffer = load_pdf_bytes(self.doc, self.exhibits[i].pdf, self, self._buffer)
        if not self.isVisible():
            self.show_on_second_screen()
        self._render()
        return True

    def _render(self) -> None:
        ex = self.exhibits[self.index]
        pages = max(1, self.doc.pageCount())
        if language() == "en":
            self.title.setText(f"Exhibit {self.index + 1}  {ex.title}  "
                               f"(page {self.page + 1} of {pages})")
        else:
            self.title.setText(f"证据{_cn(self.index + 1)}　{ex.title}　"
                               f"（第 {self.page + 1} / {pages} 页）")
        size = self.doc.pagePointSize(self.page)
        avail = self.scroll.viewport().size()
        fit = min(avail.width() / max(1.0, size.width()), avail.height() / max(1.0, size.height()))
        scale = max(0.1, fit) * self.zoom
        image = self.doc.render(self.page, QSize(int(size.width() * scale),
                                                 int(size.height() * scale)))
        self.image.setPixmap(QPixmap.fromImage(image))
        self.shown.emit(self.index, self.page)


def _cn(n: int) -> str:
    from workbench.law.numerals import chinese_number
    return chinese_number(n)
