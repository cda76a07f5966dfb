"""Reading a complaint (民事起诉状) for registration: the cause, the parties with their
particulars, the claims with their amounts, the facts and reasons — each with where it was read.

The rules are data (`resources/intake/complaint_rules.json`) run on the document's flattened text
(flat.py). What a rule cannot read is left empty and flagged, never guessed: an ID number whose
check character fails is not filled in; an amount that does not read cleanly, that OCR read with
low confidence, or whose figure and 大写 disagree is left empty; a claim with several amounts and
no total is left without one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import Text
from ..law.cn_amounts import find_amounts
from ..law.credit_codes import credit_code_problem
from ..law.id_numbers import birth_date, id_number_problem
from ..resources import resource
from .flat import Flat
from .importers import SourcePage

RULES = ("intake", "complaint_rules.json")
LOW_SCORE = 0.75     # an OCR line read below this confidence does not give an amount
CHECK_SCORE = 0.9    # below this the amount is given and flagged for a look
_COUNT = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
LONG_CLAIM = 160     # characters: a claim longer than this has probably run into the facts
_NEXT_FIELD = re.compile(r"[（(]?(?:[一二三四五六七八九十]{1,2}|\d{1,2})[)）]?[、.．]|[\u4e00-\u9fff]{2,8}[：:]")
_ID_FIX = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "x": "X", "×": "X"})


@dataclass
class Reading:
    """What a complaint says, as case-JSON fragments with their sources and flags."""
    cause: str | None = None
    parties: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    facts: str = ""
    sources: dict[str, dict] = field(default_factory=dict)
    flags: list[dict] = field(default_factory=list)
    hints: dict[str, Any] = field(default_factory=dict)  # what the routing needs to know

    def flag(self, where: str, text: Text) -> None:
        self.flags.append({"field": where, "zh": text.zh, "en": text.en})


@lru_cache(maxsize=4)
def _load(path: str, _mtime: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def rules() -> dict:
    path = resource(*RULES)
    return _load(str(path), path.stat().st_mtime_ns)


class _Reader:
    def __init__(self, pages: list[SourcePage], r: dict) -> None:
        self.flat = Flat.of(pages)
        self.t = self.flat.text
        self.r = r
        self.out = Reading()

    def clip(self, a: int, b: int) -> int:
        """`b`, or earlier: the first line start in (a, b) where a label (住所地：, 出生日期：) or an
        enumerator (一、 2.) begins — a value never runs into the next line's field."""
        for pos in range(a + 1, b):
            if pos in self.flat.starts and _NEXT_FIELD.match(self.t, pos):
                return pos
        return b

    def src(self, key: str, a: int, b: int) -> None:
        s = self.flat.source(a, b)
        if s is not None:
            self.out.sources[key] = s

    # -- sections --------------------------------------------------------------------------------
    def sections(self) -> tuple[int, int, int, int]:
        """(claims heading start, claims start, facts start, end) offsets in the text."""
        sec = self.r["sections"]
        claims = re.search(sec["claims"], self.t)
        facts = re.search(sec["facts"], self.t[claims.end():] if claims else self.t)
        c0 = claims.start() if claims else len(self.t)
        head = re.search(r"[（(]?[一二三四五六七八九十\d]{1,2}[)）]?[、.．]?$", self.t[max(0, c0 - 4):c0])
        if head and (c0 - len(head.group(0))) in self.flat.starts:
            c0 -= len(head.group(0))
        c1 = claims.end() if claims else len(self.t)
        f0 = (facts.start() + (c1 if claims else 0)) if facts else len(self.t)
        f1 = (facts.end() + (c1 if claims else 0)) if facts else len(self.t)
        end = re.search(sec["end"], self.t[f1:])
        self.facts_span = (f1, f1 + end.start() if end else len(self.t))
        return c0, c1, f0, self.facts_span[1]

    # -- parties ---------------------------------------------------------------------------------
    def parties(self, stop: int) -> None:
        label = re.compile("(?:" + "|".join(f"(?P<{k}>{v})" for k, v in self.r["roles"].items())
                           + ")" + self.r["role_suffix"] + "[：:]?")
        marks = []
        for m in label.finditer(self.t, 0, stop):
            before = self.t[m.start() - 1] if m.start() else "。"
            if self.flat.at_line_start(m.start()) or before in "。；;":
                marks.append(m)
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else stop
            role = next(k for k in self.r["roles"] if m.group(k))
            self.party(role, m.end(), end)

    def party(self, role: str, a: int, b: int) -> None:
        f = self.r["fields"]
        n = len(self.out.parties)
        key = f"parties[{n}]"
        label = re.match(self.r["name_label"], self.t[a:b])
        if label:  # 原告 | 姓名 | 王建国: the table's own label is no part of the name
            a += label.end()
        block = self.t[a:b]
        cut = re.search(r"委托(?:诉讼)?代理人", block)
        own_end = a + cut.start() if cut else b
        own = self.t[a:own_end]
        name_m = re.match(rf"([^，,。；;：:]{{2,60}}?)(?={f['name_stop']})", own)
        if not name_m:
            self.out.flag(key, Text(f"第{n + 1}名当事人的姓名或名称无法读出", f"party {n + 1}: no legible name"))
            return
        name = name_m.group(1).strip("（()）")
        party: dict[str, Any] = {"role": role, "name": name}
        self.src(f"{key}.name", a + name_m.start(1), a + name_m.end(1))
        org = re.search(self.r["organization_suffix"], name) or re.search(f["credit_code"], own) \
            or re.search(r"法定代表人|负责人", own)
        party["kind"] = "organization" if org else "person"
        self.src(f"{key}.kind", a + name_m.start(1), a + name_m.end(1))
        if party["kind"] == "person":
            self.person(party, key, a, own)
        else:
            self.organization(party, key, a, own)
        m = re.search(f["address"], own[name_m.end():])
        if m:
            off = a + name_m.end()
            end = self.clip(off + m.start(1), off + m.end(1))
            party["address"] = self.t[off + m.start(1):end]
            self.src(f"{key}.address", off + m.start(1), end)
        agents = []
        for m in re.finditer(f["agent"], self.t[own_end:b]):
            k = f"{key}.agents[{len(agents)}]"
            agent = {"name": m.group(1), "title": m.group(2)}
            self.src(f"{k}.name", own_end + m.start(1), own_end + m.end(1))
            self.src(f"{k}.title", own_end + m.start(2), own_end + m.end(2))
            firm = re.search(f["law_firm"], m.group(2))
            if firm:
                agent["law_firm"] = firm.group(1)
                self.src(f"{k}.law_firm", own_end + m.start(2) + firm.start(1),
                         own_end + m.start(2) + firm.end(1))
            agents.append(agent)
        if agents:
            party["agents"] = agents
        self.out.parties.append(party)

    def person(self, party: dict, key: str, a: int, own: str) -> None:
        f = self.r["fields"]
        for field_, rx in (("sex", f["sex"]), ("ethnicity", f["ethnicity"])):
            m = re.search(rx, own)
            if m:
                party[field_] = m.group(1) + ("族" if field_ == "ethnicity" else "")
                self.src(f"{key}.{field_}", a + m.start(1), a + m.end(0))
        written = None
        for rx in f["born"]:
            m = re.search(rx, own)
            if m:
                try:
                    written = date(int(m[1]), int(m[2]), int(m[3]))
                    self.src(f"{key}.born", a + m.start(1), a + m.end(3) + 1)
                except ValueError:
                    self.out.flag(f"{key}.born", Text(f"出生日期不存在：{m.group(0)}",
                                                      f"no such birth date: {m.group(0)}"))
                break
        m = re.search(f["id_number"], own)
        if m:
            raw = m.group(1).translate(_ID_FIX)
            problem = id_number_problem(raw)
            if problem is None:
                party["id_number"] = raw
                self.src(f"{key}.id_number", a + m.start(1), a + m.end(1))
                born = birth_date(raw)
                if written is not None and written != born:
                    self.out.flag(f"{key}.born", Text(
                        f"起诉状写出生于 {written}，身份证号码为 {born}：未填，请核对",
                        f"the complaint says born {written}, the ID number {born}: left empty, please check"))
                    written = None
                    self.out.sources.pop(f"{key}.born", None)
                else:
                    if written is None:
                        self.src(f"{key}.born", a + m.start(1) + 6, a + m.start(1) + 14)
                    written = born
            else:
                self.out.flag(f"{key}.id_number", Text(
                    f"公民身份号码「{m.group(1)}」{problem[0]}：未填，请核对原件",
                    f"ID number {m.group(1)!r}: {problem[1]}; left empty, check the original"))
                self.src(f"{key}.id_number", a + m.start(1), a + m.end(1))
        elif re.search(r"公民身份号码|身份证号", own):
            self.out.flag(f"{key}.id_number", Text("公民身份号码无法读出", "the ID number does not read"))
        if written is not None:
            party["born"] = written.isoformat()

    def organization(self, party: dict, key: str, a: int, own: str) -> None:
        f = self.r["fields"]
        m = re.search(f["credit_code"], own)
        if m:
            code = m.group(1).upper()
            party["credit_code"] = code
            self.src(f"{key}.credit_code", a + m.start(1), a + m.end(1))
            problem = credit_code_problem(code)
            if problem is not None:
                self.out.flag(f"{key}.credit_code", Text(
                    f"统一社会信用代码 {code} {problem[0]}，请核对营业执照",
                    f"unified social credit code {code}: {problem[1]}; check the licence"))
        m = re.search(f["representative"], own)
        if m:
            title = ""
            if m.group(2):
                end = self.clip(a + m.start(2), a + m.end(2))
                title = self.t[a + m.start(2):end]
                self.src(f"{key}.representative.title", a + m.start(2), end)
            party["representative"] = {"name": m.group(1), "title": title}
            self.src(f"{key}.representative.name", a + m.start(1), a + m.end(1))

    # -- claims ----------------------------------------------------------------------------------
    def claims(self, a: int, b: int) -> None:
        region = self.t[a:b]
        cuts = [m for m in re.finditer(self.r["claim_split"], region)
                if m.start() == 0 or self.flat.at_line_start(a + m.start()) or region[m.start() - 1] in "；;。"]
        spans = [(m.end(), cuts[i + 1].start() if i + 1 < len(cuts) else len(region))
                 for i, m in enumerate(cuts)] if cuts else [(0, len(region))]
        for s, e in spans:
            text = region[s:e].rstrip("；;。，, ")
            if len(text) < 2:
                continue
            self.claim(text, a + s)

    def claim(self, text: str, at: int) -> None:
        n = len(self.out.claims)
        key = f"claims[{n}]"
        kind = next((k for k, rx in self.r["claim_kinds"] if re.search(rx, text)), "other")
        c: dict[str, Any] = {"kind": kind, "text": text}
        self.src(f"{key}.text", at, at + len(text))
        mentions = [m for m in find_amounts(text)
                    if not re.search(self.r["amount_base"], text[max(0, m[0] - 4):m[0]])
                    and not re.match(self.r["amount_base"], text[m[1]:m[1] + 4])]
        # 50000元（大写：伍万元整）: the 大写 repeats the figure before it
        kept: list = []
        for m in mentions:
            if kept and re.search(r"[（(]\s*(?:大写)?[：:]?\s*$", text[kept[-1][1]:m[0]]):
                if m[2] is not None and kept[-1][2] is not None and m[2] != kept[-1][2]:
                    self.out.flag(f"{key}.amount", Text(
                        f"金额小写 {kept[-1][3]} 与大写 {m[3]} 不一致：未填", f"figure {kept[-1][3]} and "
                        f"words {m[3]} disagree: left empty"))
                    kept[-1] = (kept[-1][0], kept[-1][1], None, kept[-1][3])
                continue
            kept.append(m)
        totals = [m for m in kept if re.search(self.r["amount_total"], text[:m[0]])]
        chosen = totals[-1:] if totals else kept
        if any(f["field"] == f"{key}.amount" for f in self.out.flags):  # said already: 大写 disagrees
            self.out.claims.append(c)
            return
        if kind == "costs":  # 诉讼费用由被告负担: the court's fee is no part of the claim amount
            self.out.claims.append(c)
            return
        if len(text) > LONG_CLAIM:
            self.out.flag(f"{key}.text", Text(
                f"诉讼请求{n + 1}过长（{len(text)} 字），可能与下文连在一起：金额未填，请核对",
                f"claim {n + 1} runs {len(text)} characters, perhaps into the next section: no amount taken"))
            self.out.claims.append(c)
            return
        garbled = re.search(r"[0-9OoＯ○〇lI|?？□■][^0-9元，,。；;]{0,2}元", text)
        if kind != "costs" and not kept and garbled:
            self.out.flag(f"{key}.amount", Text(f"诉讼请求「{text[:30]}」中的金额无法读出：未填",
                                                f"the amount in claim {n + 1} does not read: left empty"))
        elif len({m[2] for m in chosen}) > 1:
            self.out.flag(f"{key}.amount", Text(
                f"诉讼请求{n + 1}有多个金额（{'、'.join(m[3] for m in chosen)}）且无合计：未填",
                f"claim {n + 1} names several amounts and no total: left empty"))
        elif chosen:
            m = chosen[-1]
            score = self.flat.score(at + m[0], at + m[1])
            self.src(f"{key}.amount", at + m[0], at + m[1])
            if m[2] is None:
                self.out.flag(f"{key}.amount", Text(f"金额「{m[3]}」无法读出：未填",
                                                    f"the amount {m[3]!r} does not read: left empty"))
            elif score is not None and score < LOW_SCORE:
                self.out.flag(f"{key}.amount", Text(
                    f"金额「{m[3]}」识别置信度低（{score:.0%}）：未填，请看原件",
                    f"the amount {m[3]!r} was read with low confidence ({score:.0%}): left empty"))
            else:
                c["amount"] = f"{m[2]:.2f}"
                if score is not None and score < CHECK_SCORE:
                    self.out.flag(f"{key}.amount", Text(
                        f"金额「{m[3]}」识别置信度 {score:.0%}，请核对", f"the amount {m[3]!r} was read "
                        f"with {score:.0%} confidence: please check"))
        self.out.claims.append(c)

    # -- cause -----------------------------------------------------------------------------------
    def cause(self) -> None:
        known = self.r["causes"]
        m = re.search(r"案由[：:]?(" + "|".join(map(re.escape, known)) + ")", self.t)
        named = [(c, self.t.find(c)) for c in known if c in self.t]
        if m:
            self.out.cause = m.group(1)
            self.src("cause", m.start(1), m.end(1))
            return
        if len(named) == 1:
            c, at = named[0]
            self.out.cause = c
            self.src("cause", at, at + len(c))
            return
        scores = {c: sum(w * self.t.count(k) for k, w in words.items()) for c, words in known.items()}
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        best, top = ranked[0]
        if top == 0 or top - ranked[1][1] < self.r.get("cause_margin", 3):
            self.out.flag("cause", Text(
                "案由无法确定" + (f"（{ranked[0][0]} 或 {ranked[1][0]}）" if top else ""),
                "the cause of action is not clear" + (f" ({ranked[0][0]} or {ranked[1][0]})" if top else "")))
            return
        self.out.cause = best
        word = max(known[best], key=lambda k: known[best][k] * (k in self.t))
        at = self.t.find(word)
        self.src("cause", at, at + len(word))


def read_complaint(pages: list[SourcePage]) -> Reading:
    """Read the pages of one complaint."""
    rd = _Reader(pages, rules())
    c0, c1, f0, end = rd.sections()
    rd.parties(c0)
    rd.claims(c1, f0)
    rd.cause()
    out = rd.out
    fa, fb = rd.facts_span
    out.facts = rd.t[fa:fb].strip("：:")
    if out.facts:
        rd.src("facts", fa, fb)
    else:
        out.flag("facts", Text("未找到“事实和理由”", "no facts and reasons found"))
    if not out.claims:
        out.flag("claims", Text("未找到诉讼请求", "no claims found"))
    for role, zh in (("plaintiff", "原告"), ("defendant", "被告")):
        have = sum(1 for p in out.parties if p["role"] == role)
        if not have:
            out.flag("parties", Text(f"未能读出{zh}", f"no legible {role}"))
        # 判令二被告… or a 被告二 label: more parties of that side than were read
        said = re.findall(rf"([二两三四五])(?:名|个)?{zh}|{zh}([二三四五])[：:]", rd.t)
        want = max((_COUNT[a or b] for a, b in said), default=0)
        if want and have < want:
            out.flag("parties", Text(f"起诉状提到{want}名{zh}，只读出{have}名，请核对",
                                     f"the complaint speaks of {want} {role}s, {have} read: please check"))
    r = rules()
    text = rd.t
    out.hints = {
        "foreign": bool(re.search(r["foreign"], text)),
        "appraisal": bool(re.search(r["appraisal"], text[c1:])),
        "whereabouts_unknown": bool(re.search(r["whereabouts_unknown"], text)),
        "non_money": [i for i, c in enumerate(out.claims)
                      if c["kind"] != "costs" and "amount" not in c and re.search(r["non_money"], c["text"])],
    }
    return out


def claim_total(claims: list[dict]) -> Decimal:
    return sum((Decimal(c["amount"]) for c in claims if c.get("amount")), Decimal("0"))
