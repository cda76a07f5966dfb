"""入门指南: the first-run guide. Shown once on the first start (the setting ui.first_run_done
remembers it) and from the 帮助 menu at any time. Each step names the action that does it with
that action's own shortcut, read from the window, so the guide cannot drift from the menus."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from workbench.settings import Settings

from .i18n import tr

SETTING = "ui.first_run_done"

# (title, what it is for, object name of the window's action that does it, or "")
STEPS = [
    ("案件列表", "双击打开案件；行的颜色提示法定期限（帮助 › 颜色说明）。演示法院的案件及其当事人材料都是示例。", "find"),
    ("扫描编目", "添加文件、从文件夹导入或直接扫描；工作台识别、拆分、分类并匹配案件；数字键设定类别，Enter 接受，Ctrl+Enter 归入卷宗。", "intake"),
    ("记录事件", "立案、受理、送达、开庭、宣判……只提供程序上下一步可做的事；法院的文书随事件生成并编入卷宗。", "recordEvent"),
    ("庭审", "录音转写、庭审笔录、语音或按键调取证据；先在“庭审 › 语音模型”中安装法院的语音模型。", ""),
    ("生成裁判文书", "一键生成草稿，检查金额、日期、当事人与法条后保存。", "draftJudgment"),
    ("一键归档", "四性检测通过后封存并导出归档包；归档后案件只读。", "archiveCase"),
    ("审判统计", "未结、本周到期、已超期、长期未结与每月结案数。", "dashboard"),
]


def _keys(window: QWidget, name: str) -> str:
    act = window.findChild(QAction, name) if name else None
    if act is None:
        return ""
    return act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def guide_html(window: QWidget) -> str:
    """The guide as rich text, in the interface language."""
    items = []
    for title, what, action in STEPS:
        keys = _keys(window, action)
        head = (tr("{title}（{keys}）", title=tr(title), keys=keys) if keys else tr(title))
        items.append(f"<li><b>{escape(head)}</b>{escape(tr('：'))}{escape(tr(what))}</li>")
    return f"<p>{escape(tr('法官工作台的几个入口：'))}</p><ol>{''.join(items)}</ol>"


class FirstRunGuide(QDialog):
    def __init__(self, window: QWidget, settings: Settings) -> None:
        super().__init__(window)
        self.setObjectName("firstRunGuide")
        self.setWindowTitle(tr("入门指南"))
        self.settings = settings
        lay = QVBoxLayout(self)
        self.text = QLabel(guide_html(window), objectName="guideText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setMinimumWidth(560)
        lay.addWidget(self.text)
        # Checked: seen once is enough; unchecked, it comes back at the next start.
        self.dont_show = QCheckBox(tr("启动时不再显示"), objectName="guideDontShow")
        self.dont_show.setChecked(True)
        lay.addWidget(self.dont_show)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("开始使用"))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.finished.connect(lambda _r: settings.set(SETTING, self.dont_show.isChecked()))


def maybe_show_guide(window: QWidget, settings: Settings) -> FirstRunGuide | None:
    """Open the guide on the first start only (not modal: the window stays live behind it)."""
    if settings.get(SETTING):
        return None
    dlg = FirstRunGuide(window, settings)
    dlg.open()
    return dlg
