"""Judgment templates as data: `resources/templates/judgments/common.json` and one file per cause.

A template text is a string with {placeholders}, or a list of pieces, each a string or
{"if": key | [keys], "if_any": [keys], "unless": key, "text": …}, so a court can word a sentence that only appears
when an element is known (约定年利率…) without code. A placeholder the case cannot fill is written
as 【待补充：name】 rather than failing: the judge sees the gap in the draft and the checker
reports it.
"""

from __future__ import annotations

import json
import string
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from ..errors import Text, UserError
from ..resources import resource

__all__ = ["GAP", "Context", "cause_template", "common_template", "fill", "judgment_template_dir",
           "template_causes"]

GAP = "【待补充：{}】"
UNLABELLED = "此处内容"
_FORMATTER = string.Formatter()


def judgment_template_dir() -> Path:
    return resource("templates", "judgments")


@lru_cache(maxsize=32)
def _read(path: str, _mtime: int) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise UserError(Text(f"裁判文书模板无法读取：{path}：{e}", "judgment template unreadable")) from None
    if not isinstance(data, dict):
        raise UserError(Text(f"裁判文书模板格式有误：{path}", "judgment template must be an object"))
    return data


def _file(path: Path) -> dict[str, Any]:
    return _read(str(path), path.stat().st_mtime_ns)


def common_template() -> dict[str, Any]:
    return named_template("common")


def named_template(name: str) -> dict[str, Any]:
    """A template file of the judgments folder by name (common, mediation, withdrawal_ruling…),
    re-read when a court edits it."""
    path = judgment_template_dir() / f"{name}.json"
    if not path.is_file():
        raise UserError(Text(f"裁判文书模板不存在：{path}", "judgment template missing"))
    return _file(path)


def template_causes() -> dict[str, Path]:
    """Cause of action → its template file (each file names its cause)."""
    out = {}
    for p in sorted(judgment_template_dir().glob("*.json")):
        if p.name != "common.json":
            cause = _file(p).get("cause")
            if isinstance(cause, str):
                out[cause] = p
    return out


def cause_template(cause: str) -> dict[str, Any]:
    files = template_causes()
    if cause not in files:
        raise UserError(Text(f"案由“{cause}”暂无判决书模板；可用：{'、'.join(files)}",
                             f"no judgment template for cause {cause!r}"), field="cause")
    tpl = _file(files[cause])
    for key in ("findings", "reasoning", "citations", "operative"):
        if key not in tpl:
            raise UserError(Text(f"判决书模板 {files[cause].name} 缺少 {key}", f"template lacks {key!r}"))
    return tpl


class Context(dict):  # type: ignore[type-arg]
    """Values for placeholders; a missing or empty one becomes a visible gap, and is recorded."""

    def __init__(self, values: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> None:
        super().__init__(values)
        # The plain-Chinese names of the shared placeholders (common.json "labels"), then the
        # caller's (a cause's element labels).
        self.labels = {**common_template().get("labels", {}), **dict(labels or {})}
        self.gaps: list[str] = []
        self.used: set[str] = set()  # the placeholders filled since last cleared (spans)
        # Keys the file disputes: a sentence about them stays (its condition holds), with the gap.
        self.pending: set[str] = set()

    def __missing__(self, key: str) -> str:
        self.gaps.append(key)
        # A judgment never shows a template's internal key: a placeholder without a label of
        # its own is named as what it is, something the judge must supply.
        return GAP.format(self.labels.get(key) or UNLABELLED)

    def __getitem__(self, key: str) -> Any:
        self.used.add(key)
        v = dict.get(self, key)
        if v is None or v == "" or v is False:
            return self.__missing__(key)
        return v

    def truthy(self, key: str) -> bool:
        if key in self.pending:
            return True
        v = dict.get(self, key)
        return bool(v) and v != "0"


def _holds(ctx: Context, cond: Any) -> bool:
    keys = cond if isinstance(cond, list) else [cond]
    return all(ctx.truthy(str(k)) for k in keys)


def fill(template: Any, ctx: Context, spans: list[tuple[int, int, set[str]]] | None = None) -> str:
    """One template text (string or list of pieces) filled from the context. With `spans`, each
    piece's place in the result and the placeholders it used are appended to it."""
    if template is None:
        return ""
    if isinstance(template, str):
        template = [template]
    if isinstance(template, list):
        out: list[str] = []
        at = 0

        def put(text: str) -> None:
            nonlocal at
            out.append(text)
            if spans is not None and ctx.used:
                spans.append((at, at + len(text), set(ctx.used)))
            at += len(text)
            ctx.used.clear()

        ctx.used.clear()
        for piece in template:
            if isinstance(piece, str):
                put(_format(piece, ctx))
            elif isinstance(piece, Mapping):
                if "if" in piece and not _holds(ctx, piece["if"]):
                    continue
                if "if_any" in piece and not any(ctx.truthy(str(k)) for k in piece["if_any"]):
                    continue
                if "unless" in piece and any(ctx.truthy(str(k)) for k in (
                        piece["unless"] if isinstance(piece["unless"], list) else [piece["unless"]])):
                    continue
                ctx.used.clear()  # the condition's keys are not the piece's facts
                put(_format(str(piece.get("text", "")), ctx))
        return "".join(out)
    raise UserError(Text(f"裁判文书模板片段格式有误：{template!r}", "bad template piece"))


def _format(text: str, ctx: Context) -> str:
    try:
        return text.format_map(ctx)
    except (ValueError, IndexError, AttributeError) as e:
        raise UserError(Text(f"裁判文书模板占位符有误：{text!r}：{e}", "bad placeholder in a judgment template"))
