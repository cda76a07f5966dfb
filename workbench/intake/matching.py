"""Which case a document belongs to — or none, said plainly.

In order of strength: the separator sheet's QR code; a case number printed on the pages (any form
parse_case_number accepts: half-width brackets, spaces, full-width digits); then the parties of
open cases, by ID number or credit code, then by name. Each step refuses to choose between two
cases: an ambiguous or unknown document is left for the clerk with the candidates named, never
filed under a guess. A printed number of a case this court does not hold also stops the search,
since the papers then most likely belong to that other case.
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

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "PartyIndex":
        idx = cls()
        for number, status in conn.execute("SELECT number, status FROM cases"):
            idx.known[number] = status
        for number, name, id_number, role in conn.execute(
                "SELECT c.number, p.name, p.id_number, p.role FROM parties p JOIN cases c ON"
                " c.id = p.case_id WHERE c.status NOT IN (?, ?)", OPEN_EXCLUDED):
            if name and len(name) >= 2:
                idx.names.setdefault(name, set()).add(number)
                idx.roles[(number, name)] = role
            if id_number:
                idx.ids.setdefault(id_number.upper(), set()).add(number)
        return idx


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def match_document(text: str, index: PartyIndex, *, separator: Separator | None = None,
                   given: str | None = None) -> Match:
    printed = [n.canonical for n in find_case_numbers(text)]
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
    if printed:
        here = [n for n in printed if n in index.known]
        if len(here) == 1:
            if index.known[here[0]] == "archived":
                return Match(None, None, Text(f"{here[0]} 已归档", f"{here[0]} is archived"), here)
            return Match(here[0], "printed-number", Text(f"文书上印有案号：{here[0]}",
                                                         f"case number printed: {here[0]}"))
        if len(here) > 1:
            return Match(None, None, Text("文书上有多个本院案号", "several case numbers printed"), here)
        return Match(None, None, Text(f"文书上的案号 {printed[0]} 不在本院案件中",
                                      f"the printed case number {printed[0]} is not in this workbench"), printed)
    flat = _squash(text).upper()
    id_cases: set[str] = set()
    for m in _ID_RE.finditer(flat):
        id_cases |= index.ids.get(m.group(1).upper(), set())
    if len(id_cases) == 1:
        number = next(iter(id_cases))
        return Match(number, "id-number", Text("当事人身份证号码或统一社会信用代码", "a party's ID number"))
    if len(id_cases) > 1:
        return Match(None, None, Text("身份证号码对应多个案件", "the ID number is a party in several cases"),
                     sorted(id_cases))
    return _by_names(flat, index)


def _by_names(flat: str, index: PartyIndex) -> Match:
    hits: dict[str, set[str]] = {}
    for name, cases in index.names.items():
        if name.upper() in flat:
            for c in cases:
                hits.setdefault(c, set()).add(name)
    if not hits:
        return Match(None, None, Text("未找到案号或当事人", "no case number or party found"))
    # Both sides named: a plaintiff and a defendant of the same case.
    both = [c for c, names in hits.items()
            if {index.roles.get((c, n)) for n in names} >= {"plaintiff", "defendant"}]
    if len(both) == 1:
        return Match(both[0], "party-names", Text("原告、被告姓名：", "names of both parties: ")
                     + Text.join("、", ", ", sorted(hits[both[0]])))
    if len(both) > 1:
        return Match(None, None, Text("当事人姓名对应多个案件", "the parties' names fit several cases"),
                     sorted(both))
    # One side only: accepted only for a name of three characters or more that no other open case
    # shares (two-character names are too common to stand alone).
    long_hits = [c for c, names in hits.items() if any(len(n) >= 3 for n in names)]
    if len(hits) == 1 and len(long_hits) == 1:
        c = long_hits[0]
        return Match(c, "party-names", Text("当事人名称：", "a party's name: ")
                     + Text.join("、", ", ", sorted(hits[c])))
    return Match(None, None, Text("当事人姓名不足以确定案件", "the names found do not decide the case"),
                 sorted(hits))
