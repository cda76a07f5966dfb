"""The first-run guide (issue 15, item 9): shown on the first start only, from the 帮助 menu at
any time, naming each entry point with the window's own shortcut, in one language."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QPushButton

from ui import i18n
from ui.first_run import SETTING, FirstRunGuide, maybe_show_guide

from test_one_language import foreign


def _plain(dlg: FirstRunGuide) -> str:
    return re.sub(r"<[^>]+>", " ", dlg.text.text())


def test_shown_on_the_first_start_only(window, qtbot):
    assert not window.settings.get(SETTING)
    dlg = maybe_show_guide(window, window.settings)
    assert dlg is not None and dlg.isVisible()
    text = _plain(dlg)
    # The shortcuts are the window's, read from its actions.
    for name in ("intake", "draftJudgment", "dashboard", "recordEvent"):
        keys = window.findChild(type(window.act_intake), name).shortcut().toString()
        assert keys and keys in text, (name, keys)
    assert dlg.dont_show.isChecked()
    dlg.reject()
    assert window.settings.get(SETTING) is True
    assert maybe_show_guide(window, window.settings) is None


def test_unticked_it_comes_back(window):
    dlg = maybe_show_guide(window, window.settings)
    dlg.dont_show.setChecked(False)
    dlg.reject()
    assert window.settings.get(SETTING) is False
    again = maybe_show_guide(window, window.settings)
    assert again is not None
    again.reject()


def test_in_the_help_menu(window):
    window.settings.set(SETTING, True)
    window.help["guide"].trigger()
    dlg = window.help["guide_dialog"]
    assert isinstance(dlg, FirstRunGuide) and dlg.isVisible()
    dlg.reject()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_language(lang, open_window, demo_dir):
    i18n.set_language(lang)
    try:
        w = open_window(demo_dir)
        dlg = FirstRunGuide(w, w.settings)
        texts = [_plain(dlg), dlg.windowTitle(), dlg.dont_show.text()]
        texts += [b.text() for b in dlg.findChildren(QPushButton)]
        leaks = [(t, foreign(t, lang, [])) for t in texts if foreign(t, lang, [])]
        assert leaks == []
        dlg.reject()
    finally:
        i18n.set_language("zh")
