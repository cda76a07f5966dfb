"""Which case a document belongs to — or none, said plainly.

In order of strength: the separator sheet's QR code; a case number printed on the document
itself (any form parse_case_number accepts — half-width brackets, 〔〕, spaces, full-width digits —
and the recogniser's confusions of 〇/O for 0 and l/I for 1 inside it); then the parties of open
cases. Matching never guesses:
- an identifier (ID number, credit code) or a name that parties of several open cases share — an
  insurer, a bank, a repeat plaintiff — is no evidence of any one of them;
- without a printed number, a document is matched by its parties only when both sides of one
  case appear on it, or when a person's ID number belongs to a party of exactly one case;
  an organisation's credit code alone is not enough (organisations litigate again and again);
- a printed number outranks the parties, but when the parties point firmly at another case the
  document is flagged with both candidates instead of being filed under either;
- a printed number of a case this court does not hold stops the search, since the papers then
  most likely belong to that other case.
An ambiguous or unknown document is left for the clerk with the candidates named.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from ..law.case_numbers import find_case_numbers, parse_case_number
from ..errors import Text, UserError
from .separators import Separator

OPEN_EXCLUDED = ("concluded", "archived")
_ID_RE = re.compile(r"(?<![0-9A-Z])([0-9]{17}[0-9Xx]|[0-9A-HJ-NP-RTUWXY]{18})(?![0-9A-Z])")


@dataclass
class Match:
    case_number: str | None
    how: str | None
    detail: str = ""
    candidates: list[str] = field(default_factory=list)


@dataclass
class PartyIndex:
    """Parties of open cases, loaded once per batch."""
    names: dict[str, set[str]] = field(default_factory=dict)    # name → case numbers
    roles: dict[tuple[str, str], str] = field(default_factory=dict)  # (case, name) → role
    ids: dict[str, set[str]] = field(default_factory=dict)      # id number/credit code → cases
    known: dict[str, str] = field(default_factory=dict)         # every case number → status
    id_roles: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)  # id → (case, name) → role
    all_ids: dict[str, set[str]] = field(default_factory=dict)  # id → every case, closed ones too

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "PartyIndex":
        idx = cls()
        for number, status in conn.execute("SELECT number, status FROM cases"):
            idx.known[number] = status
        for number, name, id_number, role, status in conn.execute(
                "SELECT c.number, p.name, p.id_number, p.role, c.status FROM parties p JOIN cases c"
                " ON c.id = p.case_id"):
            if id_number:
                idx.all_ids.setdefault(id_number.upper(), set()).add(number)
            if status in OPEN_EXCLUDED:
                continue
            if name and len(name) >= 2:
                idx.names.setdefault(name, set()).add(number)
                idx.roles[(number, name)] = role
            if id_number:
                idx.ids.setdefault(id_number.upper(), set()).add(number)
                idx.id_roles.setdefault(id_number.upper(), {})[(number, name)] = role
        return idx


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


_CONFUSED = str.maketrans({"〇": "0", "○": "0", "O": "0", "o": "0", "Ｏ": "0", "D": "0",
                           "l": "1", "I": "1", "|": "1", "ｌ": "1"})
# A case number as OCR may give it: a bracketed four-character year, then up to 28 characters to 号.
_NUMBERISH = re.compile(r"[（(〔\[［]\s*[0-9０-９OoＯ〇○DlI|]\s*(?:[0-9０-９OoＯ〇○DlI|]\s*){3}[)）〕\]］].{1,28}?号",
                        re.S)
_PERSON_ID = re.compile(r"^[0-9]{17}[0-9X]$")


# A number broken by a narrow table cell: 「（2026）苏0583民初52」 on one line, 「2号」 opening the same
# cell's next line, which OCR gives as a segment (boxes are joined by spaces) of the next line.
_OPEN_NUMBER = re.compile(r"[（(〔\[［]\s*\d{4}\s*[)）〕\]］]\s*\S{1,8}?\d+$")
_CLOSE_NUMBER = re.compile(r"^\d{0,6}\s*号")


def _rejoin_wrapped(text: str) -> str:
    lines = text.split("\n")
    extra = []
    for a, b in zip(lines, lines[1:]):
        tails = [seg for seg in a.split(" ") if _OPEN_NUMBER.search(seg)]
        heads = [seg for seg in b.split(" ") if _CLOSE_NUMBER.match(seg)]
        if tails and heads:
            extra.append(tails[-1] + heads[0])
    return text + ("\n" + "\n".join(extra) if extra else "")


def printed_numbers(text: str) -> list[str]:
    """Canonical case numbers printed in `text`, the recogniser's digit confusions undone, and
    numbers broken over two lines of a table cell joined again."""
    fixed = _NUMBERISH.sub(lambda m: m.group(0).translate(_CONFUSED), text)
    return [n.canonical for n in find_case_numbers(_rejoin_wrapped(fixed))]


@dataclass
class PartyEvidence:
    """What the parties on a document say about its case."""
    firm: set[str] = field(default_factory=set)      # cases decided by party evidence alone
    weak: set[str] = field(default_factory=set)      # cases some non-shared party points at
    shared: list[str] = field(default_factory=list)  # identifiers/names shared by several cases
    detail: str = ""


def party_evidence(flat: str, index: PartyIndex) -> PartyEvidence:
    ev = PartyEvidence()
    person_cases: set[str] = set()
    sides: dict[str, set[str]] = {}
    shared_roles: dict[str, set[str]] = {}
    for m in _ID_RE.finditer(flat):
        ident = m.group(1).upper()
        cases = index.ids.get(ident, set())
        if len(cases) > 1:
            ev.shared.append(ident)
            for (c, _), role in index.id_roles.get(ident, {}).items():
                shared_roles.setdefault(c, set()).add(role)
            continue
        if len(cases) == 1:
            (c,) = cases
            ev.weak.add(c)
            role = next((r for (cn, _), r in index.id_roles.get(ident, {}).items() if cn == c), None)
            if role:
                sides.setdefault(c, set()).add(role)
            if _PERSON_ID.match(ident) and len(index.all_ids.get(ident, set())) == 1:
                person_cases.add(c)
    for name, cases in index.names.items():
        if name.upper() not in flat:
            continue
        if len(cases) > 1:
            ev.shared.append(name)
            for c in cases:
                if index.roles.get((c, name)):
                    shared_roles.setdefault(c, set()).add(index.roles[(c, name)])
            continue
        (c,) = cases
        ev.weak.add(c)
        role = index.roles.get((c, name))
        if role:
            sides.setdefault(c, set()).add(role)
    # A shared party completes a pair for a case that a party of its own already points at (the
    # insurer beside the one plaintiff it is sued by here); alone it decides nothing.
    for c in sides:
        sides[c] |= shared_roles.get(c, set())
    both = {c for c, roles in sides.items() if {"plaintiff", "defendant"} <= roles}
    ev.firm = both if both else person_cases
    if ev.firm == both and both:
        ev.detail = Text("原告、被告均在文书上", "both sides of the case appear on the document")
    elif ev.firm:
        ev.detail = Text("当事人身份证号码", "a party's ID number")
    return ev


def match_document(text: str, index: PartyIndex, *, separator: Separator | None = None,
                   given: str | None = None) -> Match:
    printed = printed_numbers(text)
    if separator is not None and separator.case_number:
        number = separator.case_number
        if number not in index.known:
            return Match(None, None, Text(f"分隔页上的案号 {number} 不在本院案件中",
                                          f"the separator's case {number} is not in this workbench"), [number])
        return Match(number, "separator", Text("分隔页二维码", "separator sheet QR code"))
    if given:
        try:
            number = parse_case_number(given).canonical
        except UserError:
            number = given
        others = [n for n in printed if n != number and n in index.known]
        if others:
            return Match(None, "conflict", Text(f"指定案件为 {number}，但文书上印有 {others[0]}",
                                                f"the batch was given {number} but the document shows {others[0]}"), [number, *others])
        return Match(number, "given", Text("书记员指定", "given by the clerk"))
    flat = _squash(text).upper()
    ev = party_evidence(flat, index)
    if printed:
        here = [n for n in printed if n in index.known]
        if len(here) > 1:
            return Match(None, None, Text("文书上有多个本院案号", "several case numbers printed"), here)
        if not here:
            return Match(None, None, Text(f"文书上的案号 {printed[0]} 不在本院案件中",
                                          f"the printed case number {printed[0]} is not in this workbench"), printed)
        number = here[0]
        if index.known[number] == "archived":
            return Match(None, None, Text(f"{number} 已归档", "the case is archived"), here)
        if ev.firm and number not in ev.firm:
            return Match(None, "conflict", Text(f"文书印有 {number}，但当事人属于 {'、'.join(sorted(ev.firm))}",
                                                f"the document shows {number} but its parties belong to another case"),
                         [number, *sorted(ev.firm)])
        return Match(number, "printed-number", Text(f"文书上印有案号：{number}",
                                                    f"case number printed: {number}"))
    if len(ev.firm) == 1:
        (number,) = ev.firm
        others = sorted(ev.weak - ev.firm)
        if others:
            return Match(None, None, Text("当事人指向多个案件", "the parties point at several cases"),
                         [number, *others])
        return Match(number, "id-number" if "ID" in ev.detail else "party-names", ev.detail)
    if len(ev.firm) > 1:
        return Match(None, None, Text("当事人对应多个案件", "the parties fit several cases"), sorted(ev.firm))
    if ev.weak:
        why = Text("当事人信息不足以确定案件", "the parties found do not decide the case")
        if ev.shared:
            why += Text(f"（{'、'.join(ev.shared[:2])} 为多个案件的当事人", "shared by several cases）")
        return Match(None, None, why, sorted(ev.weak))
    if ev.shared:
        return Match(None, None, Text(f"{'、'.join(ev.shared[:2])} 为多个案件的当事人，不能据以确定案件",
                                      "a party shared by several open cases decides nothing"), [])
    return Match(None, None, Text("未找到案号或当事人", "no case number or party found"))
