"""The document checker (文书纠错): what a careful clerk checks before a judgment is signed.

It reads the document as the judge left it (structured paragraphs from the editor or the .docx
reader) against the case record, and reports each finding with a code, a bilingual message and a
location (paragraph index and character offsets), so the editor can highlight it. It judges
nothing the judge decides; it catches what is inconsistent with the file or the law: names and ID
numbers, amounts against the claims and each other, figures against their uppercase, the fee
against the schedule, dates, citations against the statute library on the judgment date, the
case number, and the appeal notice.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from ..law.case_numbers import CASE_TYPES, parse_case_number
from ..errors import CaseNumberError
from ..cases.records import Case
from .checks_money import check_amounts, check_fee, check_uppercase
from .checks_sections import (check_claims_paragraph, check_every_amount, check_fee_bearer,
                              check_final_judgment, check_hearing_order, check_interest_cap,
                              check_version_numbering)
from .document import SECTIONS, Paragraph
from .findings import CN_DATE, Finding, Location, Run, id_checksum_ok
from .profile import DraftProfile, profile_for
from ..law.statutes import StatuteError, StatuteLibrary, parse_citations
from ..cases.statute_library import load_library

__all__ = ["Finding", "Location", "check_document", "check_docx", "id_checksum_ok"]

REQUIRED = {
    "judgment": ("title", "parties", "procedure", "claims", "findings", "reasoning", "basis",
                 "operative", "costs", "appeal", "signature"),
    "withdrawal_ruling": ("title", "parties", "procedure", "reasoning", "basis", "operative",
                          "signature"),
    # 民事调解书: no findings, reasoning or appeal notice; the agreement stands as the operative part.
    "mediation": ("title", "parties", "procedure", "claims", "operative", "costs", "signature"),
}
MEDIATION_TITLE = "民事调解书"
ROLE_CN = {"plaintiff": "原告", "defendant": "被告", "third_party": "第三人"}
CN_ROLE = {v: k for k, v in ROLE_CN.items()}
_INTERNAL = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}"
                       r"|(?<![A-Za-z0-9_])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9_])")
_AR_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_NUMBER_LIKE = re.compile(r"[（(〔\[［]\s*\d{2,4}\s*[）)〕\]］]\s*[\u4e00-\u9fff]{1,3}\s*\d{0,4}\s*"
                          r"[\u4e00-\u9fff]{1,3}\s*\d*\s*号?")


# -- the checks --------------------------------------------------------------------------------
def _sections(r: Run) -> None:
    present = [p.section for p in r.paras]
    for s in REQUIRED[r.kind]:
        if s not in present:
            r.add("section_missing", f"缺少“{s}”部分", f"the document lacks its {s} section",
                  severity="error")
    order = [SECTIONS.index(s) for s in dict.fromkeys(present) if s in SECTIONS]
    if order != sorted(order):
        r.add("section_order", "文书各部分的顺序与判决书样式不符", "sections are out of the form's order",
              severity="warning")
    for i, p in enumerate(r.paras):
        for m in re.finditer(r"【待补充[：:]?([^】]*)】", p.text):
            r.add("gap", f"尚有待补充的内容：{m[1]}", f"unfilled placeholder: {m[1]}", i, m.start(), m.end())
        # A template's own key (principal_awarded) or an unfilled {placeholder} never belongs in
        # a court document, whoever typed it.
        for m in _INTERNAL.finditer(p.text):
            r.add("internal_key", f"文书中出现程序内部字段“{m[0]}”", f"internal key {m[0]!r} in the text",
                  i, m.start(), m.end())


def _near(a: str, b: str) -> bool:
    return len(a) == len(b) and a != b and sum(x != y for x, y in zip(a, b)) == 1


def _parties(r: Run) -> None:
    case = r.case
    names = {p.name for p in case.parties}
    seen: set[str] = set()
    instead: dict[str, tuple[int, int, int]] = {}  # a party's name → where a near miss stands for it
    current = None
    for i, p in r.where("parties"):
        m = re.match(r"(原告|被告|第三人)[：:]\s*([^，,。]+)", p.text)
        if m:
            role, name = CN_ROLE[m[1]], m[2].strip()
            current = case.party(name)
            if current is None or current.role != role:
                near = [q.name for q in case.by_role(role) if _near(q.name, name)]
                hint = f"，应为“{near[0]}”" if near else ""
                r.add("party_name", f"{m[1]}“{name}”与案件当事人不符{hint}",
                      f"{role} {name!r} is not a {role} of the case"
                      + (f" (did you mean {near[0]}?)" if near else ""),
                      i, m.start(2), m.start(2) + len(name))
                current = case.party(near[0]) if near else None
                if near:
                    instead[near[0]] = (i, m.start(2), m.start(2) + len(name))
            else:
                seen.add(name)
            for label, attr in (("公民身份号码", "id_number"), ("统一社会信用代码", "credit_code")):
                idm = re.search(label + r"([0-9A-Za-z]+)", p.text)
                if not idm:
                    continue
                expected = getattr(current, attr, None) if current else None
                if expected and idm[1].upper() != expected.upper():
                    r.add("id_number", f"{label}{idm[1]}与案件记录（{expected}）不符",
                          f"{attr} {idm[1]} differs from the case record {expected}",
                          i, idm.start(1), idm.end(1))
                elif attr == "id_number" and len(idm[1]) == 18 and not id_checksum_ok(idm[1]):
                    r.add("id_checksum", f"公民身份号码{idm[1]}校验位不正确", f"ID number {idm[1]} fails its check digit",
                          i, idm.start(1), idm.end(1), severity="warning")
        rep = re.match(r"(法定代表人|委托诉讼代理人|负责人)[：:]\s*([^，,。]+)", p.text)
        if rep and current is not None:
            known = {a.name for a in current.agents}
            if current.representative:
                known.add(current.representative.name)
            if rep[2].strip() not in known:
                r.add("party_name", f"{rep[1]}“{rep[2]}”与案件记录不符", f"{rep[1]} {rep[2]!r} is not on record",
                      i, rep.start(2), rep.end(2))
    first = r.first("parties")
    for q in case.parties:
        if q.name not in seen:
            at = instead.get(q.name, (first, 0, None))
            r.add("party_missing", f"当事人{ROLE_CN[q.role]}“{q.name}”未列明", f"party {q.name!r} is not listed",
                  *at)
    # A name one character off anywhere else (原告王建军与…): look only right after a role word,
    # where a name must stand, so that ordinary words are never taken for a misspelt name.
    for i, p in enumerate(r.paras):
        if p.section in ("parties", "title"):
            continue
        for m in re.finditer(r"(?:原告|被告|第三人|、)", p.text):
            for q in case.parties:
                start = m.end()
                window = p.text[start:start + len(q.name)]
                if window in names or not _near(window, q.name):
                    continue
                if len(q.name) < 3 and p.text[start + 2:start + 3] not in "与向辩未经于的负对，。、及":
                    continue
                r.add("party_name", f"“{window}”疑为当事人“{q.name}”之误",
                      f"{window!r} looks like a misspelling of {q.name!r}",
                      i, start, start + len(window))


def _dates(r: Run, judged: date | None) -> None:
    case = r.case
    held = case.hearing.held_on if case.hearing else None
    for i, p in r.where("procedure"):
        filed = re.search(r"本院于" + _AR_DATE.pattern + "立案", p.text)
        if filed:
            d = date(int(filed[1]), int(filed[2]), int(filed[3]))
            if d != case.filed_on:
                r.add("date_order", f"立案日期{filed[0][3:-2]}与案件记录（{case.filed_on}）不符",
                      f"filing date differs from the record ({case.filed_on})",
                      i, filed.start() + 3, filed.end() - 2)
        for m in _AR_DATE.finditer(p.text):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            if d < case.filed_on:
                r.add("date_order", f"审理经过中的日期{m[0]}早于立案日期", f"{m[0]} is before the filing date",
                      i, m.start(), m.end())
    sig = next((i for i, p in r.where("signature") if CN_DATE.search(p.text)), None)
    if judged is None:
        r.add("date_order", "落款缺少裁判日期", "the signature block has no date", sig or r.first("signature"))
        return
    m = CN_DATE.search(r.paras[sig].text) if sig is not None else None
    span = (m.start(), m.end()) if m else (0, None)
    if judged < case.filed_on:
        r.add("date_order", f"裁判日期{judged}早于立案日期{case.filed_on}", f"judgment date {judged} is before "
              f"the filing date {case.filed_on}", sig, *span)
    elif held and judged < held and r.kind == "judgment":  # a withdrawal may precede the hearing
        r.add("date_order", f"裁判日期{judged}早于开庭日期{held}", f"judgment date {judged} is before the hearing "
              f"on {held}", sig, *span)


def _citations(r: Run, on: date) -> None:
    for i, p in enumerate(r.paras):
        for c in parse_citations(p.text):
            law = r.lib.find_law(c.law_title)
            if law is None:
                r.add("citation_unknown", f"法规库中没有《{c.law_title}》，无法核对其引用",
                      f"the statute library has no {c.law_title}", i, c.start, c.end, severity="warning")
                continue
            found = r.lib.lookup(law.key, c.number, on)
            if found.status == "no_such_article":
                v = found.version
                r.add("citation", f"《{c.law_title}》（{v.version}）没有{c.text}（共{v.article_count}条）",
                      f"{law.key} ({found.version.version}) has no article {c.number}", i, c.start, c.end)
            elif found.status == "not_in_force":
                r.add("citation", f"《{c.law_title}》在{on}没有有效的版本", f"{law.key} was not in force on {on}",
                      i, c.start, c.end)
            elif found.status == "not_in_library":
                r.add("citation_unverified", f"法规库未收录《{c.law_title}》{c.text}，请人工核对",
                      f"article {c.number} of {law.key} is not in the library: check it by hand",
                      i, c.start, c.end,
                      severity="warning")
    topics = [("late_performance", "late_performance", "迟延履行条款")]
    if r.kind == "judgment" and r.case.hearing and r.case.hearing.held_on \
            and "defendant" not in r.case.hearing.present:
        topics.append(("basis", "default_judgment", "缺席判决"))
    if r.kind == "withdrawal_ruling":
        topics.append(("basis", "withdrawal", "准许撤诉"))
    for section, topic, zh in topics:
        try:
            art = r.lib.by_topic("civil_procedure_law", topic, on)
        except StatuteError:
            continue
        for i, p in r.where(section):
            cited = [c for c in parse_citations(p.text) if "民事诉讼法" in c.law_title]
            if not any(c.number == art.number for c in cited):
                c0 = cited[0] if cited else None
                r.add("citation", f"{zh}应引用《民事诉讼法》{art.cn}（{art.version}）",
                      f"the {topic} article in force on {on} is {art.number}", i,
                      c0.start if c0 else 0, c0.end if c0 else None)


def _case_number(r: Run) -> None:
    expected = r.case.number
    numbers = [(i, p) for i, p in r.where("title") if p.style == "number"]
    if not numbers:
        r.add("case_number", "标题部分缺少案号", "the title block has no case number", r.first("title"))
    for i, p in enumerate(r.paras):
        # In running text only what carries a case-type code (民初, 执, …) is taken for a case
        # number: a contract number like （2024）昆银借字第123号 is not one.
        spans = [(m.start(), m.end()) for m in _NUMBER_LIKE.finditer(p.text)
                 if any(t in m.group(0) for t in CASE_TYPES)]
        if p.style == "number" and p.section == "title":
            spans = [(0, len(p.text))]
        for s, e in spans:
            text = p.text[s:e]
            try:
                canonical = parse_case_number(text).canonical
            except CaseNumberError as err:
                r.add("case_number", f"案号“{text}”格式有误：{err.text('zh')}",
                      f"malformed case number {text!r}: {err.text('en')}", i, s, e)
                continue
            if canonical != text:
                r.add("case_number", f"案号“{text}”不是规范写法，应为“{canonical}”",
                      f"case number {text!r} is not in canonical form {canonical!r}", i, s, e)
            elif canonical != expected:
                r.add("case_number", f"案号{text}与本案案号{expected}不一致",
                      f"case number {text} differs from the case's {expected}", i, s, e)


def _appeal(r: Run) -> None:
    paras = r.where("appeal")
    if not paras or r.kind == "mediation":  # a mediation paper cannot be appealed
        return
    i, p = paras[0]
    if r.case.procedure == "small_claims":
        if "终审" not in p.text:
            r.add("appeal", "小额诉讼案件实行一审终审，应写明“本判决为终审判决”",
                  "a small-claims judgment is final and must say so", i)
        return
    abroad = any(q.extra.get("abroad") or q.extra.get("no_domicile_in_china") for q in r.case.parties)
    period = "三十日" if abroad else "十五日"
    m = re.search(r"送达之日起([一二三四五六七八九十]+日)内", p.text)
    if not m or m[1] != period:
        r.add("appeal", f"上诉期限应为{period}", f"the appeal period is {period}", i,
              *(m.span(1) if m else (0, None)))
    court = r.case.appeal_court
    if court and court not in p.text:
        m2 = re.search(r"上诉于(.+?)[。；]?$", p.text)
        r.add("appeal", f"上诉法院应为{court}", f"the appellate court is {court}", i,
              *(m2.span(1) if m2 else (0, None)))


def check_document(paragraphs: list[Paragraph], case: Case, *, library: StatuteLibrary | None = None,
                   profile: DraftProfile | None = None, today: date | None = None) -> list[Finding]:
    """Every finding on the document, in paragraph order (findings without a place first)."""
    r = Run(list(paragraphs), case, library or load_library(), profile or profile_for(case),
             today or date.today())
    if any(p.section == "title" and p.style == "title" and p.text.strip() == MEDIATION_TITLE
           for p in r.paras):
        r.kind, r.concluded_by = "mediation", "mediation"  # fee halved under 第十五条
    judged = r.judgment_date()
    _sections(r)
    _parties(r)
    _case_number(r)
    if r.kind != "mediation":  # the parties may agree on any sum, within or beyond the claims
        check_amounts(r)
    check_claims_paragraph(r)
    if r.kind != "mediation":
        check_every_amount(r)
    check_uppercase(r)
    check_fee(r)
    check_fee_bearer(r)
    _dates(r, judged)
    check_hearing_order(r, judged)
    _citations(r, judged or r.today)
    check_version_numbering(r, judged or r.today)
    check_interest_cap(r)
    _appeal(r)
    check_final_judgment(r)
    return sorted(r.out, key=lambda f: (f.location.paragraph if f.location else -1,
                                        f.location.start if f.location else 0))


def check_docx(path: Path | str | bytes, case: Case, **kw: Any) -> list[Finding]:
    from .docx_writer import read_docx
    return check_document(read_docx(path), case, **kw)
