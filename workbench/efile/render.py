"""PDF rendering of the court documents the workbench generates, and of a volume's furniture.

Documents are drawn from templates in `resources/templates/<key>.json`: data a court can adjust
(its wording, its forms) without touching code. A template is a title, an author pattern (the
catalogue's 责任者), optional `defaults` for placeholders a caller may leave out, optional
`page_top` blocks repeated at the top of every page, and a list of `blocks`:

  heading      centred, bold (court name, title)   text, size=22, spacing (ems), after (lines)
  right        flush right (case number, date)     text, size=16, indent (ems from the margin)
  para         justified paragraph, "\\n" splits    text, size=16, indent=2, left=0 (ems)
  line         as para but no first-line indent    (record headers, addressee, 此致 court)
  list         one paragraph per item of a list    source, item, end, last_end, empty, indent=2
  party_lines  particulars of parties (§5 form)    roles, select="party", labels, id=true
  table        ruled table                         widths, header, rows, source+row, empty, size=14
  signature    lines set as a block at the right   lines, align=center|left, indent=2, before=1
  space        vertical space                      lines=1, or from_bottom (lines above margin)
  rule         a horizontal line across the text width
Any para/line may say "keep_with_next": true (此致 stays with the court's name and signature).

Every text is filled with `str.format_map` against the context. In list/table items the item's own
fields are available too, with {n} (1, 2, ...), {cn} (一, 二, ...) and {end}. A few placeholders
are worked out from the case data when the context lacks them (see DERIVED: {you} is 你 or 你单位,
{present_parties}, {fee_yuan}, ...). A placeholder the context lacks raises TemplateError naming
the template and the key rather than printing braces.
"""

from __future__ import annotations

import datetime
import decimal
import json
import re
import string
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..errors import NotFound, Text, UserError
from ..law.numerals import arabic_date, chinese_date, chinese_number
from ..resources import resource
from . import layout
from .layout import BACK_COVER, BODY, CATALOGUE, COVER, NOTES_SHEET, Writer

__all__ = ["TemplateError", "render_back_cover", "render_catalogue", "render_cover",
           "render_document", "render_notes_sheet", "template_info", "template_keys"]


def templates_dir() -> Path:
    """resources/templates, or the court's own under `$WORKBENCH_RESOURCES`."""
    return resource("templates")

ROLE_CN = {"plaintiff": "原告", "defendant": "被告", "third_party": "第三人"}
PROCEDURE_CN = {"simple": "简易程序", "ordinary": "普通程序", "small_claims": "小额诉讼程序"}
VOLUME_CN = {"main": "正卷", "secondary": "副卷", "sub": "副卷"}
# Each block kind and the fields it cannot do without.
KINDS: dict[str, tuple[str, ...]] = {
    "heading": ("text",), "right": ("text",), "para": ("text",), "line": ("text",),
    "list": ("source", "item"), "party_lines": (), "table": ("widths",), "signature": ("lines",),
    "space": (), "rule": ()}
# Placeholders render() works out itself, and the context keys each is worked out from.
DERIVED = {"you": ("party", "parties"), "party_address": ("party", "parties"),
           "party_role": ("party", "parties"), "present_parties": ("present", "parties"),
           "absent_parties": ("present", "parties"), "fee_yuan": ("fee",),
           "claim_total_yuan": ("claim_total",)}
_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
# reportlab's font subsetting keeps per-document state on the shared font object, so two renders
# must not interleave (the GUI renders from a worker thread).
RENDER_LOCK = threading.RLock()


class TemplateError(UserError):
    """A template that is malformed, or needs a context value the caller did not supply."""


def _birth(value: Any) -> str:
    """1975年6月3日: birth dates in party particulars are written in Arabic numerals."""
    try:
        d = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return arabic_date(d)


# -- templates ---------------------------------------------------------------------------------
def template_keys() -> list[str]:
    """Keys of the document templates installed, for a catalogue of what can be generated."""
    return sorted(p.stem for p in templates_dir().glob("*.json") if _KEY.match(p.stem))


def _load(key: str) -> dict[str, Any]:
    path = templates_dir() / f"{key}.json"
    if not _KEY.match(key) or not path.is_file():
        raise NotFound(Text(f"没有文书模板“{key}”（{path}）。", f"No document template '{key}' ({path})."))
    return _parse(str(path), path.stat().st_mtime_ns, key)


@lru_cache(maxsize=128)
def _parse(path: str, _mtime: int, key: str) -> dict[str, Any]:
    """Read and check a template once per file version (a court may edit it while running)."""
    try:
        tpl = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TemplateError(Text(f"文书模板 {key} 无法读取：{exc}", f"template '{key}' unreadable: {exc}"))
    _check(tpl, key)
    return tpl


def _check(tpl: Any, key: str) -> None:
    def bad(what: str) -> TemplateError:
        return TemplateError(Text(f"文书模板 {key} 格式有误：{what}",
                                  f"template '{key}' is malformed: {what}"))

    if not isinstance(tpl, dict) or not isinstance(tpl.get("title"), str):
        raise bad("needs a string 'title'")
    if not isinstance(tpl.get("blocks"), list):
        raise bad("needs a list 'blocks'")
    for i, b in enumerate(tpl["blocks"] + tpl.get("page_top", [])):
        if not isinstance(b, dict) or b.get("kind") not in KINDS:
            raise bad(f"block {i}: 'kind' must be one of {sorted(KINDS)}")
        missing = [f for f in KINDS[b["kind"]] if f not in b]
        if missing or b["kind"] == "table" and "rows" not in b and "row" not in b:
            raise bad(f"block {i} ({b['kind']}) lacks {', '.join(missing) or 'rows or source+row'}")


def template_info(template_key: str) -> dict[str, Any]:
    """Title, author pattern and the context keys a template reads, without rendering it.

    The lead's catalogue line needs the title before the document exists, and a caller can check
    that it supplies every key (`needs`) up front instead of failing halfway through a batch.
    """
    tpl = _load(template_key)
    needs: set[str] = set()
    _collect(tpl.get("title", ""), needs)
    _collect(tpl.get("author", ""), needs)
    for b in tpl.get("page_top", []) + tpl["blocks"]:
        for name in ("text", "lines", "header", "rows"):
            _collect(b.get(name, ""), needs)
        if "source" in b:
            needs.add(b["source"])
        if b["kind"] == "party_lines":
            needs.add("parties")
            if b.get("select") == "party":
                needs.add("party")
    for key in needs & set(DERIVED):
        needs = needs - {key} | set(DERIVED[key])
    needs -= set(tpl.get("defaults", {}))
    return {"key": template_key, "title": tpl["title"], "author": tpl.get("author", ""),
            "needs": sorted(needs), "defaults": dict(tpl.get("defaults", {}))}


def _collect(value: Any, into: set[str]) -> None:
    if isinstance(value, str):
        for _, field, _, _ in _FORMATTER.parse(value):
            if field:
                into.add(re.split(r"[.\[]", field)[0])
    elif isinstance(value, list):
        for v in value:
            _collect(v, into)
    elif isinstance(value, dict):
        _collect(value.get("cells", []), into)


_FORMATTER = string.Formatter()


# -- context -----------------------------------------------------------------------------------
class _Values(dict):  # type: ignore[type-arg]
    """The context as format_map sees it: a missing key is an error, lists read as 甲、乙."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        super().__init__(data)
        self.where = where

    def __getitem__(self, key: str) -> Any:
        try:
            value = dict.__getitem__(self, key)
        except KeyError:
            hint = Text(f"（由 {'、'.join(DERIVED[key])} 推出",
                        f"derived from {', '.join(DERIVED[key])}）") \
                if key in DERIVED else ""
            raise TemplateError(
                Text(f"文书模板 {self.where} 需要“{key}”，但上下文中没有这个值{hint}。",
                     f"Template '{self.where}' uses the placeholder {{{key}}}, but the context has no '{key}'."),
                field=key) from None
        return self._text(key, value)

    def raw(self, key: str) -> Any:
        if key not in self:
            self[key]  # raises the missing-key error
        return dict.__getitem__(self, key)

    def fmt(self, text: str) -> str:
        try:
            return text.format_map(self)
        except TemplateError:
            raise
        except (ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
            raise TemplateError(Text(f"文书模板 {self.where} 中“{text}”的占位符有误：{exc}",
                                     f"bad placeholder in template '{self.where}': {text!r}: {exc}")) from None


    def _text(self, key: str, value: Any) -> Any:
        """None reads as empty, a date in Chinese, a list of names as 甲、乙; a structure is refused
        rather than printed with its braces."""
        if value is None:
            return ""
        if isinstance(value, (str, int, float, decimal.Decimal)):
            return value
        if isinstance(value, datetime.date):
            return chinese_date(value)
        if isinstance(value, (list, tuple)):
            names = [v.get("name") if isinstance(v, Mapping) else v for v in value]
            if all(isinstance(n, str) for n in names):
                return "、".join(names)
        raise TemplateError(Text(f"文书模板 {self.where} 中的“{key}”不是文字：{type(value).__name__}",
                                 f"Template '{self.where}': '{key}' is not text: {type(value).__name__}"), field=key)


def _derived(ctx: Mapping[str, Any]) -> dict[str, Any]:
    """Values every template may use that follow from the case data (the context overrides them).

    you / party_address / party_role: from the party a notice is addressed to; present_parties /
    absent_parties: who attended, by name, from `present` (role names) and `parties`.
    """
    out: dict[str, Any] = {}
    parties = [p for p in ctx.get("parties") or [] if isinstance(p, Mapping)]
    if ctx.get("procedure") in PROCEDURE_CN:
        out["procedure_name"] = PROCEDURE_CN[ctx["procedure"]]
    for role, key in (("plaintiff", "plaintiffs"), ("defendant", "defendants")):
        names = [str(p.get("name", "")) for p in parties if p.get("role") == role]
        if names:
            out[key] = "、".join(names)
    for key in ("fee", "claim_total"):  # "1050.00元", but a text like 另行确定 stays as it is
        if key in ctx and ctx[key] is not None:
            text = str(ctx[key])
            out[key + "_yuan"] = text + "元" if re.fullmatch(r"[\d,]+(\.\d+)?", text) else text
    if "party" in ctx:
        named = next((p for p in parties if p.get("name") == ctx["party"]), {})
        out["you"] = "你单位" if named.get("kind") == "organization" else "你"
        out["party_address"] = named.get("address") or ""
        out["party_role"] = ROLE_CN.get(str(named.get("role")), "")
    if "present" in ctx and parties:
        present = {ROLE_CN.get(r, r) for r in ctx["present"] or []}
        label = [(ROLE_CN.get(str(p.get("role")), ""), str(p.get("name", ""))) for p in parties]
        out["present_parties"] = "，".join(r + n for r, n in label if r in present) or "无"
        out["absent_parties"] = "，".join(r + n for r, n in label if r not in present) or "无"
    return out


# -- rendering ---------------------------------------------------------------------------------
def render_document(template_key: str, context: Mapping[str, Any]) -> bytes:
    """One generated court document as PDF bytes, identical for identical input.

    Equal bytes matter: the e-file stores documents by SHA-256, so re-generating an unchanged
    notice must not create a new version.
    """
    return _render(_load(template_key), context, template_key)


def _render(tpl: Mapping[str, Any], context: Mapping[str, Any], where: str) -> bytes:
    values = _Values({**tpl.get("defaults", {}), **_derived(context), **context}, where)
    with RENDER_LOCK:
        w = Writer(values.fmt(tpl["title"]), values.fmt(tpl.get("author", "")))
        top = tpl.get("page_top") or []
        if top:
            _blocks(w, top, values)
            w.page_top = lambda: _blocks(w, top, values)
        _blocks(w, tpl["blocks"], values)
        return w.finish()


def _keep(blocks: Sequence[Mapping[str, Any]], i: int) -> float:
    """Height that must share a page with block i's last line: a following signature (after at
    most one space), or with "keep_with_next" the next one-line block and what it keeps."""
    for j in range(i + 1, min(i + 3, len(blocks))):
        b = blocks[j]
        lead = layout.leading_for(float(b.get("size", BODY)))
        if b["kind"] == "signature":
            return (b.get("before", 1) + len(b["lines"])) * lead
        if blocks[i].get("keep_with_next") and j == i + 1 and b["kind"] in ("line", "para"):
            return lead + _keep(blocks, j)
        if b["kind"] != "space" or "from_bottom" in b:
            break
    return 0.0


def _blocks(w: Writer, blocks: Sequence[Mapping[str, Any]], v: _Values) -> None:
    for i, b in enumerate(blocks):
        keep = _keep(blocks, i)
        kind = b["kind"]
        size = float(b.get("size", 22 if kind == "heading" else 14 if kind == "table" else BODY))
        if kind == "heading":
            text = v.fmt(b["text"])
            auto = 1.0 if len(text) <= 3 else 0.5 if len(text) == 4 else 0.0
            w.centered(text, size, bold=b.get("bold", True), spacing=b.get("spacing", auto),
                       after=b.get("after", 0))
        elif kind == "right":
            w.right(v.fmt(b["text"]), size, indent=b.get("indent", 0))
        elif kind in ("para", "line"):
            parts = v.fmt(b["text"]).split("\n")
            for k, part in enumerate(parts):
                w.paragraph(part.strip(), size, indent=b.get("indent", 2 if kind == "para" else 0),
                            left=b.get("left", 0), keep=keep if k == len(parts) - 1 else 0.0)
        elif kind == "list":
            texts = [v_.fmt(b["item"]) for v_ in _items(v, b)]
            if not texts and "empty" in b:
                texts = [v.fmt(b["empty"])]
            for k, text in enumerate(texts):
                w.paragraph(text, size, indent=b.get("indent", 2), left=b.get("left", 0),
                            keep=keep if k == len(texts) - 1 else 0.0)
        elif kind == "party_lines":
            for text in _party_lines(v, b):
                w.paragraph(text, size, indent=b.get("indent", 2))
        elif kind == "table":
            _table(w, v, b, size)
        elif kind == "signature":
            w.space(b.get("before", 1))
            w.block([v.fmt(s) for s in b["lines"]], size, b.get("align", "center"),
                    b.get("indent", 2))
        elif kind == "space":
            if "from_bottom" in b:
                w.y = min(w.y, layout.BOTTOM + b["from_bottom"] * layout.leading_for(BODY))
            else:
                w.space(b.get("lines", 1))
        elif kind == "rule":
            w.rule()


def _items(v: _Values, b: Mapping[str, Any]) -> list[_Values]:
    """Per-item contexts for a list or table: the item's fields over the document's values."""
    source = b["source"]
    items = v.raw(source) or []
    if not isinstance(items, (list, tuple)):
        raise TemplateError(Text(f"文书模板 {v.where}：“{source}”应为列表",
                                 f"Template '{v.where}': '{source}' must be a list"), field=source)
    out = []
    for i, item in enumerate(items, 1):
        fields = dict(item) if isinstance(item, Mapping) else {
            "value": item, "name": item, "text": item, "purpose": ""}
        if "end" in b:  # the template supplies the punctuation: drop the item's own
            fields = {k: x.rstrip("。；;，,") if isinstance(x, str) else x for k, x in fields.items()}
            fields["end"] = b.get("last_end", b["end"]) if i == len(items) else b["end"]
        fields.update(n=i, cn=chinese_number(i))
        out.append(_Values({**v, **fields}, f"{v.where}: {source}[{i - 1}]"))
    return out


def _party_lines(v: _Values, b: Mapping[str, Any]) -> list[str]:
    """Particulars in the order of the 2016 forms: party, then legal representative, then agents."""
    roles = b.get("roles", list(ROLE_CN))
    parties = [p for p in v.raw("parties") or [] if p.get("role") in roles]
    if b.get("select") == "party":  # the party may be several names joined by 、
        names = set(re.split(r"[、，,]", str(v["party"])))
        parties = [p for p in parties if p.get("name") in names]
    parties.sort(key=lambda p: roles.index(p["role"]))
    labels = {**ROLE_CN, **b.get("labels", {})}
    with_id = b.get("id", True)
    out = []
    for p in parties:
        bits = [f"{labels.get(p['role'], '')}：{p.get('name', '')}"]
        if p.get("kind") == "organization":
            bits += [f"住所地{p['address']}" if p.get("address") else ""]
            bits += [f"统一社会信用代码{p['credit_code']}" if with_id and p.get("credit_code") else ""]
        else:
            bits += [p.get("sex") or "", f"{_birth(p['born'])}出生" if p.get("born") else "",
                     p.get("ethnicity") or "", f"住{p['address']}" if p.get("address") else ""]
            bits += [f"公民身份号码{p['id_number']}" if with_id and p.get("id_number") else ""]
        out.append("，".join(s for s in bits if s) + "。")
        rep = p.get("representative") or {}
        if rep.get("name"):
            out.append("，".join(s for s in ("法定代表人：" + rep["name"], rep.get("title")) if s) + "。")
        for agent in p.get("agents") or []:
            out.append("，".join(s for s in ("委托诉讼代理人：" + agent.get("name", ""),
                                             agent.get("title")) if s) + "。")
    return out


def _table(w: Writer, v: _Values, b: Mapping[str, Any], size: float) -> None:
    rows: list[tuple[list[str], int]] = []
    for r in b.get("rows", []):
        cells, lines = (r["cells"], r.get("lines", 1)) if isinstance(r, Mapping) else (r, 1)
        rows.append(([v.fmt(c) for c in cells], lines))
    if "source" in b:
        items = _items(v, b)
        rows += [([iv.fmt(c) for c in b["row"]], 1) for iv in items]
        if not items and "empty" in b:
            rows.append(([v.fmt(c) for c in b["empty"]], 1))
    header = [v.fmt(h) for h in b["header"]] if b.get("header") else None
    w.table(b["widths"], header, rows, size, b.get("align", ()), b.get("valign", "middle"))


# -- volume furniture (no page numbers: the lead numbers only the documents) -------------------
def _volume_header(header: Mapping[str, Any]) -> dict[str, Any]:
    h = dict(header)
    h["volume"] = VOLUME_CN.get(str(h.get("volume", "")), h.get("volume", ""))
    return h


def render_cover(header: Mapping[str, Any]) -> bytes:
    """卷宗封面 of one volume; re-rendered when the page total changes, so it stays honest."""
    return _render(COVER, _volume_header(header), "卷宗封面")


def render_catalogue(header: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> bytes:
    """卷内目录: one ruled row per document, headings repeated on every page it runs to."""
    return _render(CATALOGUE, {**_volume_header(header), "rows": list(rows)}, "卷内目录")


def render_notes_sheet(header: Mapping[str, Any]) -> bytes:
    """备考表, the sheet where the clerk records gaps or changes in the volume."""
    return _render(NOTES_SHEET, _volume_header(header), "备考表")


def render_back_cover(header: Mapping[str, Any]) -> bytes:
    """卷底: blank but for the court and case number, so a loose back cover can be matched."""
    return _render(BACK_COVER, _volume_header(header), "卷底")
