"""Interface language: Simplified Chinese by default, English from resources/i18n/en.json.

Source strings in the code are the Chinese text itself, so a missing translation shows Chinese
(the court's working language) rather than a key. Qt's own dialogs are translated by installing
Qt's qtbase translation for the chosen language.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import in_language
from workbench.resources import resources_dir

if TYPE_CHECKING:
    from workbench.settings import Settings

LANGS = ("zh", "en")
SETTING_KEY = "ui.language"

_lang = "zh"
_table: dict[str, str] = {}
_translators: list[object] = []  # kept alive: Qt does not own installed translators


def normalise(lang: str | None) -> str | None:
    if not lang:
        return None
    lang = lang.strip().lower().replace("-", "_")
    if lang.startswith("zh"):
        return "zh"
    if lang.startswith("en"):
        return "en"
    return None


def choose_language(option: str | None, settings: "Settings") -> str:
    """--lang, then $WORKBENCH_LANG, then the saved setting, then Chinese (the settings module
    gives the environment's override before the saved value)."""
    for candidate in (option, settings.get("ui.language")):
        lang = normalise(candidate)
        if lang:
            return lang
    return "zh"


def load_table(lang: str) -> dict[str, str]:
    if lang == "zh":
        return {}
    path = resources_dir() / "i18n" / f"{lang}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def set_language(lang: str) -> None:
    global _lang, _table
    _lang = normalise(lang) or "zh"
    _table = load_table(_lang)


def language() -> str:
    return _lang


def tr(text: str, **kwargs: object) -> str:
    """The interface text for `text` (written in Chinese) in the current language;
    `{name}` placeholders are filled from kwargs after translation."""
    out = _table.get(text, text) if _table else text
    return out.format(**kwargs) if kwargs else out


def core(value: object) -> str:
    """What the core reports (an error, a `Text`, a finding with zh/en fields, an old bilingual
    "中文 / English" string) in the interface language only. Use it wherever the UI shows a
    message it did not write itself; the interface's own strings go through tr()."""
    return in_language(value, _lang)


def _qt_supplement() -> object:
    """A translator for the Qt strings qtbase_zh_CN lacks (Qt 6 renamed them; e.g. QFileDialog's
    "&Look in:"), read from resources/i18n/qt_zh.json: {source text: Chinese}."""
    from PySide6.QtCore import QTranslator

    path = resources_dir() / "i18n" / "qt_zh.json"
    try:
        table = {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items()
                 if not k.startswith("_")}
    except FileNotFoundError:
        table = {}

    class Supplement(QTranslator):
        def translate(self, context: str, source: str, disambiguation: str | None = None,
                      n: int = -1) -> str:  # noqa: ARG002 - Qt's signature
            return table.get(source, "")

        def isEmpty(self) -> bool:
            return not table

    return Supplement()


def install_qt_translations(app: object, lang: str) -> bool:
    """Install Qt's own translations (QFileDialog, QMessageBox buttons) for `lang`.
    English needs none: Qt's source strings are English."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    for t in _translators:
        app.removeTranslator(t)  # type: ignore[attr-defined]
    _translators.clear()
    if lang != "zh":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # Installed first, asked last: Qt's own translation wins where it has the string.
    extra = _qt_supplement()
    app.installTranslator(extra)  # type: ignore[attr-defined]
    _translators.append(extra)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        t = QTranslator()
        if t.load(name, path) or t.load(str(Path(path) / f"{name}.qm")):
            app.installTranslator(t)  # type: ignore[attr-defined]
            _translators.append(t)
            # Installed last, asked first: the file dialog's "&Look in:" and "Files of &type:"
            # are in Qt's catalogue only without their "&", so they stayed English.
            fallback = _mnemonic_fallback(t)
            app.installTranslator(fallback)  # type: ignore[attr-defined]
            _translators.append(fallback)
            return True
    return False


def _mnemonic_fallback(base: object) -> object:
    from PySide6.QtCore import QTranslator

    class MnemonicFallback(QTranslator):
        """Translates a Qt string with an "&" mnemonic that Qt's catalogue has only without it."""

        def translate(self, context: str, source: str, disambiguation: str | None = None,
                      n: int = -1) -> str | None:
            # None is Qt's null string, "not translated here": the next translator is asked.
            # (An empty string would be taken as the translation and blank the label.)
            if "&" not in source:
                return None
            found = base.translate(context, source.replace("&", ""), disambiguation, n)  # type: ignore[attr-defined]
            return found or None

        def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
            return False

    return MnemonicFallback()
