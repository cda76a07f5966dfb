#!/usr/bin/env python3
"""Codemod: rewrite the core's bilingual string literals into `Text(zh, en)` (workbench/errors.py).

    python3 scripts/codemod_text.py [--check] [PATH ...]      (default PATH: workbench/)

Before, the core wrote both languages into one string, "中文 / English", and the GUI showed the
whole of it. After, each such literal becomes `Text(f"中文", f"English")`; `str()` of a Text is
still the bilingual form, so the CLI prints what it printed before, and the GUI can show one half.

What it converts: a string expression (a literal, an f-string, implicit or `+` concatenations of
them, with non-literal `+` operands turned into f-string fields) that splits at one " / " into a
Chinese head and an English tail. Fields written once but meant for both halves are carried over:
a leading "{name}: " goes in front of the English too, a trailing ": {x}" or " ({x})" of the
English is added to the Chinese (as "：{x}" / "（{x}）").

What it leaves alone: docstrings, print(), argparse help/description text, `"…".format` and `%`
templates, comparisons, dict keys, anything already inside Text(...); in CLI modules (cli.py,
cli/, commands.py) only the arguments of error constructors are converted.

It reports (and leaves unchanged) the bilingual literals it cannot split safely: several
Chinese/English pairs interleaved in one string, or an English half that lacks a field the Chinese
half has (converted, but listed as "lossy" so the English can be completed by hand).

Idempotent: a converted site is a Text(...) call and is not matched again. Standard library only.
Exit status: 0, or 1 with --check when something would change.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

CJK = re.compile(r"[\u3400-\u9fff]")
CJK_PUNCT = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
LATIN = re.compile(r"[A-Za-z]")
# A field stands in the template as \ue000<index>\ue001.
FIELD = re.compile("\ue000(\\d+)\ue001")
SEP = re.compile(r"\s*/\s+|\s+/\s*|(?<=[）)\]】」』])/(?=\s*[A-Za-z{\ue000-])")

# Code that takes a bilingual string apart by hand; after the codemod it should ask for a language.
HAZARD = re.compile(r"""\.(?:r?split|r?partition)\(\s*['"](?: / | /|/ )['"]""")
ERROR_NAME = re.compile(r"(Error|NotFound|Exception|Refused|Invalid)$")
SKIP_CALLS = {"print", "add_argument", "add_parser", "ArgumentParser", "add_argument_group",
              "add_mutually_exclusive_group", "set_defaults", "Text", "in_language", "split",
              "partition", "startswith", "endswith", "replace", "debug", "info", "warning",
              "log", "exception"}
SKIP_KEYWORDS = {"help", "description", "epilog", "metavar", "usage", "prog", "title", "sep",
                 "end"}


@dataclass
class Site:
    path: Path
    line: int
    source: str
    why: str = ""


@dataclass
class Result:
    converted: list[Site] = field(default_factory=list)
    lossy: list[Site] = field(default_factory=list)
    skipped: list[Site] = field(default_factory=list)


def is_cli_module(path: Path) -> bool:
    parts = path.parts
    return path.name in ("cli.py", "commands.py", "__main__.py") or "cli" in parts[:-1]


def callee_name(call: ast.Call) -> str:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return ""


# ----------------------------------------------------------------------------------------------
# A string expression as a template: literal text with fields as private-use markers.

class NotString(Exception):
    pass


def flatten(node: ast.AST, fields: list[ast.FormattedValue]) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        out = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                out.append(str(v.value))
            else:
                assert isinstance(v, ast.FormattedValue)
                out.append(field_marker(v, fields))
        return "".join(out)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = flatten_operand(node.left, fields)
        right = flatten_operand(node.right, fields)
        return left + right
    raise NotString


def is_stringish(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return is_stringish(node.left) or is_stringish(node.right)
    return False


def flatten_operand(node: ast.AST, fields: list[ast.FormattedValue]) -> str:
    try:
        return flatten(node, fields)
    except NotString:
        return field_marker(ast.FormattedValue(value=node, conversion=-1, format_spec=None), fields)


def field_marker(v: ast.FormattedValue, fields: list[ast.FormattedValue]) -> str:
    """The marker of a field; the same expression written twice is one field."""
    dump = ast.dump(v)
    for i, known in enumerate(fields):
        if ast.dump(known) == dump:
            return f"\ue000{i}\ue001"
    fields.append(v)
    return f"\ue000{len(fields) - 1}\ue001"


def literal_only(template: str) -> str:
    return FIELD.sub("", template)


def fields_in(template: str) -> set[str]:
    return set(FIELD.findall(template))


def field_key(v: ast.FormattedValue) -> str:
    """Fields that differ only by the language they pick (x.zh / x.en, zh / en) are one field
    for the check that both halves carry the same facts."""
    src = ast.unparse(v.value)
    return re.sub(r"(?<![A-Za-z0-9_])(zh|en)(?![A-Za-z0-9_])", "LANG", src)


def facts(template: str, fields: list[ast.FormattedValue]) -> set[str]:
    return {field_key(fields[int(i)]) for i in fields_in(template)}


def build(template: str, fields: list[ast.FormattedValue]) -> str:
    """Source code of an f-string (or plain string) for the template."""
    values: list[ast.expr] = []
    pos = 0
    for m in FIELD.finditer(template):
        if m.start() > pos:
            values.append(ast.Constant(template[pos:m.start()]))
        values.append(fields[int(m[1])])
        pos = m.end()
    if pos < len(template):
        values.append(ast.Constant(template[pos:]))
    if not any(isinstance(v, ast.FormattedValue) for v in values):
        return _repr(literal_text(template))
    return _prefer_double_quotes(ast.unparse(ast.JoinedStr(values=values)))


def literal_text(template: str) -> str:
    return FIELD.sub("", template)


def _prefer_double_quotes(src: str) -> str:
    # ast.unparse writes f'...'; the tree writes f"..." where the text allows it.
    if src.startswith("f'") and src.endswith("'") and '"' not in src[2:-1] and "\\" not in src:
        return 'f"' + src[2:-1] + '"'
    return src


def _repr(s: str) -> str:
    r = repr(s)
    if r.startswith("'") and '"' not in s and "\\" not in r:
        return '"' + r[1:-1] + '"'
    return r


# ----------------------------------------------------------------------------------------------
# Splitting one template into its Chinese and English halves.

class Unsplittable(Exception):
    pass


def split(template: str, fields: list[ast.FormattedValue]) -> tuple[str, str, str]:
    """(zh, en, note): note is "" or why the English half may have lost something."""
    def lang_field(part: str, lang: str) -> bool:
        # A field that picks one language, as in f"{self.zh} / {self.en}".
        return any(re.search(rf"(?<![A-Za-z0-9_]){lang}(?![A-Za-z0-9_])", ast.unparse(fields[int(i)].value))
                   for i in fields_in(part))

    candidates = []
    for m in SEP.finditer(template):
        head, tail = template[:m.start()], template[m.end():]
        if not CJK.search(literal_only(head)) and not lang_field(head, "zh"):
            continue
        first_word = re.search(r"[A-Za-z\u3400-\u9fff]", literal_only(tail))
        if not (first_word and LATIN.match(first_word[0])) and not (
                lang_field(tail, "en") and not first_word):
            continue
        candidates.append((head, tail))
    if not candidates:
        raise Unsplittable("no Chinese / English boundary")
    if len(candidates) > 1:
        raise Unsplittable("several Chinese / English pairs interleaved in one string")
    zh, en = candidates[0]
    # The English half must not itself continue in Chinese prose (a CJK run of 2+ outside
    # quotes/brackets would mean another pair follows).
    if re.search(r"[；;]\s*[\u3400-\u9fff]{2,}", literal_only(en)):
        raise Unsplittable("Chinese text follows the English half")
    zh_fields, en_fields = fields_in(zh), fields_in(en)
    # A leading "{name}: " belongs to both halves.
    lead = re.match("((?:\ue000\\d+\ue001)+)(\\s*[:：]\\s*)", zh)
    if lead and not en.startswith(lead[1]) and not lang_field(lead[1], "zh"):
        en = lead[1] + ": " + en
        en_fields = fields_in(en)
    # Fields only the English half has: a trailing ": {x}…" or " ({x})" goes to the Chinese too.
    zh_keys = facts(zh, fields)
    only_en = {i for i in en_fields - zh_fields if field_key(fields[int(i)]) not in zh_keys}
    if only_en:
        first = min(int(i) for i in only_en)
        marker = f"\ue000{first}\ue001"
        at = en.index(marker)
        before = en[:at]
        m_colon = re.search(r"[:：]\s*$", before)
        m_paren = re.search(r"\s*\(\s*$", before)
        rest = en[at:]
        if m_paren and rest.endswith(")"):
            zh = zh.rstrip() + "（" + rest[:-1] + "）"
        elif m_colon:
            # Take the tail from the colon onward when it carries no more English words.
            tail = rest
            moved = " ".join(ast.unparse(fields[int(i)].value) for i in fields_in(tail))
            if re.search(r"[A-Za-z]{3,}", literal_only(tail)) or "split(" in moved:
                tail = None  # English words after the field: cannot be moved
            if tail is not None:
                zh = zh.rstrip().rstrip("，,：:") + "：" + tail.replace("; ", "；")
        zh_fields = fields_in(zh)
    if en.rstrip().endswith(":") and not re.search(r"[：:，,]\s*$", zh):
        zh = zh.rstrip() + "：" + re.search(r"\s*$", en)[0].lstrip(" ")
    note = ""
    lost = facts(zh, fields) - facts(en, fields)
    if lost:
        note = "the English half lacks field(s) the Chinese half has"
    still = facts(en, fields) - facts(zh, fields)
    if still:
        note = (note + "; " if note else "") + "the Chinese half lacks field(s) the English has"
    return zh, en, note


# ----------------------------------------------------------------------------------------------
# Walking a module.

class Finder(ast.NodeVisitor):
    def __init__(self, cli: bool) -> None:
        self.cli = cli
        self.found: list[ast.expr] = []
        self.stack: list[ast.AST] = []

    def generic_visit(self, node: ast.AST) -> None:
        if isinstance(node, ast.expr) and is_stringish(node) and self.wanted(node):
            self.found.append(node)
            return  # do not look inside: the whole expression is one message
        self.stack.append(node)
        super().generic_visit(node)
        self.stack.pop()

    def wanted(self, node: ast.expr) -> bool:
        parent = self.stack[-1] if self.stack else None
        if parent is None:
            return False
        if isinstance(parent, ast.Expr):
            return False  # docstring or bare expression
        if isinstance(parent, (ast.Attribute, ast.Subscript, ast.Compare, ast.JoinedStr,
                               ast.FormattedValue)):
            return False
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Mod):
            return False
        if isinstance(parent, ast.Dict) and node in parent.keys:
            return False
        in_error = False
        for anc in reversed(self.stack):
            if isinstance(anc, ast.keyword) and anc.arg in SKIP_KEYWORDS:
                return False
            if isinstance(anc, ast.Call):
                name = callee_name(anc)
                if name in SKIP_CALLS:
                    return False
                if ERROR_NAME.search(name) or name in ("UserError", "NotFound"):
                    in_error = True
                break
            if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                break
        if any(isinstance(a, ast.Raise) for a in self.stack):
            in_error = True
        if self.cli and not in_error:
            return False
        return True


def add_operands(node: ast.expr) -> list[ast.expr]:
    """The operands of a chain a + b + c (a single operand for anything else)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return add_operands(node.left) + add_operands(node.right)
    return [node]


def segment(src_lines: list[str], offs: list[int], node: ast.expr, src: str) -> str:
    start = char_offset(src_lines, offs, node.lineno, node.col_offset)
    end = char_offset(src_lines, offs, node.end_lineno, node.end_col_offset)
    text = src[start:end]
    return f"({text})" if isinstance(node, (ast.BinOp, ast.IfExp, ast.BoolOp)) else text


def line_offsets(src: str) -> list[int]:
    offs = [0]
    for line in src.splitlines(keepends=True):
        offs.append(offs[-1] + len(line))
    return offs


def char_offset(src_lines: list[str], offs: list[int], lineno: int, col: int) -> int:
    # ast columns are UTF-8 byte offsets.
    line = src_lines[lineno - 1]
    return offs[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8"))


def import_line(path: Path, root: Path | None) -> str:
    """The import of Text in this module's own style (relative inside workbench/)."""
    parts = path.resolve().parts
    if "workbench" in parts:
        depth = len(parts) - parts.index("workbench") - 2
        if depth >= 0:
            return f"from {'.' * (depth + 1)}errors import Text"
    return "from workbench.errors import Text"


def ensure_import(src: str, path: Path) -> str:
    tree = ast.parse(src)
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (
                (node.level > 0 and node.module == "errors") or node.module == "workbench.errors"):
            names = [a.name for a in node.names]
            if "Text" in names:
                return src
            # Add Text to this import, keeping its own style.
            lines = src.splitlines(keepends=True)
            seg = "".join(lines[node.lineno - 1:node.end_lineno])
            new_names = sorted(set(names) | {"Text"}, key=lambda n: (n.lower(), n))
            dots = "." * node.level
            head = f"from {dots}{node.module or ''} import "
            body = ", ".join(new_names)
            stmt = head + body
            if len(stmt) > 99:
                stmt = head + "(" + ",\n    ".join(new_names) + ")"
            indent = re.match(r"\s*", seg)[0]
            lines[node.lineno - 1:node.end_lineno] = [indent + stmt + "\n"]
            return "".join(lines)
    # No errors import yet: put one after the last top-level import of the header.
    last = None
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            last = node
        elif isinstance(node, ast.Expr) and isinstance(getattr(node, "value", None), ast.Constant):
            continue
        elif last is not None:
            break
    lines = src.splitlines(keepends=True)
    stmt = import_line(path, None) + "\n"
    if last is None:
        lines.insert(0, stmt)
    else:
        lines.insert(last.end_lineno, stmt)
    return "".join(lines)


def convert_source(src: str, path: Path, result: Result) -> str:
    tree = ast.parse(src)
    finder = Finder(is_cli_module(path))
    finder.visit(tree)
    src_lines = src.splitlines(keepends=True)
    offs = line_offsets(src)
    edits: list[tuple[int, int, str]] = []
    for node in finder.found:
        fields: list[ast.FormattedValue] = []
        operands = add_operands(node)
        lead = 0
        while lead < len(operands) - 1 and not is_stringish(operands[lead]):
            lead += 1
        tail = len(operands)
        while tail > lead + 1 and not is_stringish(operands[tail - 1]):
            tail -= 1
        try:
            template = "".join(flatten_operand(o, fields) for o in operands[lead:tail])
        except NotString:
            continue
        lit = literal_only(template)
        if not SEP.search(lit):
            continue
        if not (CJK.search(lit) and LATIN.search(lit)) and not re.search(
                r"(zh|en)\W*\ue001", "".join(f"{ast.unparse(fields[int(i)].value)}\ue001"
                                              for i in fields_in(template))):
            continue
        start = char_offset(src_lines, offs, node.lineno, node.col_offset)
        end = char_offset(src_lines, offs, node.end_lineno, node.end_col_offset)
        original = src[start:end]
        try:
            zh, en, note = split(template, fields)
        except Unsplittable as e:
            if SEP.search(literal_only(template)) and CJK.search(literal_only(template)):
                result.skipped.append(Site(path, node.lineno, _one_line(original), str(e)))
            continue
        zh_src, en_src = build(zh, fields), build(en, fields)
        col = len(src_lines[node.lineno - 1][:node.col_offset].encode()) and node.col_offset
        line_start = src_lines[node.lineno - 1]
        prefix_chars = len(line_start.encode("utf-8")[:node.col_offset].decode("utf-8"))
        head = "".join(segment(src_lines, offs, o, src) + " + " for o in operands[:lead])
        rest = "".join(" + " + segment(src_lines, offs, o, src) for o in operands[tail:])
        new = f"{head}Text({zh_src}, {en_src}){rest}"
        if prefix_chars + len(new) > 99 or "\n" in original:
            indent = " " * (prefix_chars + len(head) + 5)
            new = f"{head}Text({zh_src},\n{indent}{en_src}){rest}"
        _ = col
        edits.append((start, end, new))
        site = Site(path, node.lineno, _one_line(original), note)
        (result.lossy if note else result.converted).append(site)
    if not edits:
        return src
    out = src
    for start, end, new in sorted(edits, reverse=True):
        out = out[:start] + new + out[end:]
    out = ensure_import(out, path)
    ast.parse(out)  # never write a module that no longer parses
    return out


def _one_line(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 110 else s[:107] + "..."


def iter_files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*.py") if ".venv" not in q.parts))
        elif p.suffix == ".py":
            out.append(p)
    return [p for p in out if p.name != "errors.py"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path, default=[Path("workbench")])
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if it would")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    args = ap.parse_args(argv)
    result = Result()
    changed: list[Path] = []
    hazards: list[str] = []
    for path in iter_files(args.paths):
        src = path.read_text(encoding="utf-8")
        new = convert_source(src, path, result)
        for n, line in enumerate(new.splitlines(), 1):
            if HAZARD.search(line):
                hazards.append(f"{path}:{n}: {line.strip()[:100]}")
        if new != src:
            changed.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    if not args.quiet:
        for s in result.converted:
            print(f"converted  {s.path}:{s.line}")
        for s in result.lossy:
            print(f"lossy      {s.path}:{s.line}: {s.why}\n           {s.source}")
        for s in result.skipped:
            print(f"NOT DONE   {s.path}:{s.line}: {s.why}\n           {s.source}")
        for h in hazards:
            print(f"CHECK      {h}\n           splits a message on \" / \": use in_language() or .zh/.en")
    print(f"{len(result.converted) + len(result.lossy)} converted "
          f"({len(result.lossy)} to check by hand) in {len(changed)} files; "
          f"{len(result.skipped)} not converted", file=sys.stderr)
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
