"""Errors the core raises, and the text it shows people.

The core speaks both interface languages at once. A user-facing message is a `Text`: the Chinese
and the English wording written side by side where the message is made. `str(text)` is the CLI's
bilingual form "中文 / English" (so the terminal, logs and every plain-string consumer keep the
output they had), while the GUI asks for one language with `text.text(lang)` or `in_language()`.

A `UserError` is bad input: the CLI prints it and exits 2, the GUI shows it in a dialog; nothing
has been written when one is raised. It carries its message as a `Text`.

This module imports nothing of the core's floors, so every floor may use it.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["Cancelled", "CaseJsonError", "CaseNumberError", "DiskFull", "NotFound", "Text", "UserError",
           "WorkbenchError", "in_language", "split_bilingual"]

LANGS = ("zh", "en")
SEPARATOR = " / "


class Text(str):
    """A message in both interface languages.

    It *is* a str (its value is the bilingual "中文 / English" form), so code that prints, logs,
    joins or stores it keeps working unchanged; `.zh`, `.en` and `.text(lang)` give one language.
    `+` with a str or another Text keeps both languages; formatting a Text into an f-string or
    `str.join` yields a plain bilingual str, so compose with Text(f"…", f"…") or Text.join.
    """

    __slots__ = ("zh", "en")
    zh: str
    en: str

    def __new__(cls, zh: str, en: str | None = None) -> "Text":
        if en is None and isinstance(zh, Text):
            en = zh.en
        zh_s = _one(zh, "zh")
        en_s = _one(en, "en") if en is not None else zh_s
        bilingual = zh_s if (not en_s or en_s == zh_s) else (
            en_s if not zh_s else f"{zh_s}{SEPARATOR}{en_s}")
        self = super().__new__(cls, bilingual)
        object.__setattr__(self, "zh", zh_s)
        object.__setattr__(self, "en", en_s or zh_s)
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Text is immutable")

    def text(self, lang: str) -> str:
        """The message in one language ("zh" or "en"); anything else gives Chinese."""
        return self.en if lang == "en" else self.zh

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.zh, self.en))

    def __add__(self, other: object) -> "Text":  # type: ignore[override]
        if not isinstance(other, str):
            return NotImplemented
        return Text(self.zh + in_language(other, "zh"), self.en + in_language(other, "en"))

    def __radd__(self, other: object) -> "Text":
        if not isinstance(other, str):
            return NotImplemented
        return Text(in_language(other, "zh") + self.zh, in_language(other, "en") + self.en)

    def __repr__(self) -> str:
        return f"Text({self.zh!r}, {self.en!r})"

    @classmethod
    def join(cls, sep_zh: str, sep_en: str, parts: "list[Any] | tuple[Any, ...]") -> "Text":
        """Join messages, each language with its own separator (e.g. "；" and "; ")."""
        return cls(sep_zh.join(in_language(p, "zh") for p in parts),
                   sep_en.join(in_language(p, "en") for p in parts))


def _one(value: object, lang: str) -> str:
    if isinstance(value, Text):
        return value.text(lang)
    return "" if value is None else str(value)


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def split_bilingual(text: str) -> tuple[str, str] | None:
    """(zh, en) of a plain "中文 / English" string made before messages were Texts (stored in old
    logs or reports), or None when `text` is not of that form."""
    for sep in (" / ", "/ ", " /"):
        head, found, tail = text.partition(sep)
        while found:
            if _CJK.search(head) and _LATIN_WORD.search(tail) and not _CJK.search(tail):
                return head.rstrip(), tail.lstrip()
            more_head, found, tail = tail.partition(sep)
            head = f"{head}{sep}{more_head}"
    return None


def in_language(value: object, lang: str) -> str:
    """What a person reading `lang` should see of `value`: a Text or an error in that language, an
    object with `zh`/`en` fields by its field, an old bilingual string by its half, else str()."""
    if isinstance(value, Text):
        return value.text(lang)
    if isinstance(value, WorkbenchError):
        return value.text(lang)
    zh, en = getattr(value, "zh", None), getattr(value, "en", None)
    if isinstance(zh, str) and isinstance(en, str) and not isinstance(value, str):
        return en if lang == "en" and en else zh
    s = "" if value is None else str(value)
    pair = split_bilingual(s)
    if pair is None:
        return s
    return pair[1] if lang == "en" else pair[0]


class WorkbenchError(Exception):
    """Base of every error the core raises on purpose. Its first argument, if a Text, is the
    message in both languages; `str(err)` is the bilingual form, `err.text(lang)` one language."""

    @property
    def message(self) -> Text:
        first = self.args[0] if self.args else ""
        return first if isinstance(first, Text) else Text(*_pair(str(first)))

    def text(self, lang: str) -> str:
        return self.message.text(lang)


def _pair(s: str) -> tuple[str, str]:
    return split_bilingual(s) or (s, s)


class UserError(WorkbenchError):
    """Bad input from a person or a file: a clear message, exit code 2, nothing written."""

    exit_code = 2

    def __init__(self, message: "Text | str", *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_user_error, (type(self), self.args[0] if self.args else "", self.field))


def _rebuild_user_error(cls: type, message: "Text | str", field: str | None) -> "UserError":
    return cls(message, field=field)


class CaseNumberError(UserError):
    """A case number (案号) that does not parse or validate."""


class CaseJsonError(UserError):
    """A case description JSON that is malformed; `field` names the offending field."""


class NotFound(UserError):
    """A case, document or blob that does not exist."""


class BlobAltered(WorkbenchError):
    """A stored blob no longer hashes to its name (tampering or corruption)."""


class Cancelled(WorkbenchError):
    """Long work stopped because its cancel token was set."""


class DiskFull(WorkbenchError):
    """The disk filled up during a change: the change was rolled back, nothing half-written."""

    exit_code = 1


def disk_full(where: object = "") -> DiskFull:
    place_zh = f"（{where}）" if where else ""
    place_en = f" ({where})" if where else ""
    return DiskFull(Text(f"磁盘空间已满{place_zh}，正在进行的修改已撤销，没有留下半截内容；请腾出空间后重试",
                         f"the disk is full{place_en}: the change under way was rolled back, nothing "
                         "is half-written; free some space and try again"))


def is_disk_full(exc: BaseException, where: object = None) -> bool:
    """An OSError ENOSPC/EDQUOT, SQLite's "database or disk is full", or its "disk I/O error"
    when the disk holding `where` has (almost) no space left: SQLite says only that when the
    write-ahead log or its index cannot grow."""
    import errno
    import shutil
    import sqlite3

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return True
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    if "full" in str(exc):
        return True
    if "disk I/O error" in str(exc) and where is not None:
        try:
            return shutil.disk_usage(str(where)).free < (4 << 20)
        except OSError:
            return False
    return False
