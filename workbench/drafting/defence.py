"""The 辩称 paragraph from what the defendant filed or said: the text of each filed 答辩状, else
the defendant's words in the hearing record, else that no answer was made (or, for a defendant
who stayed away, that none was filed). Nothing the defendant did not put in the file is written
here: a defence typed into the case record with no answer or record behind it is not used, and
the draft's issues say so.
"""

from __future__ import annotations

import re
from datetime import date
from dataclasses import dataclass, field
from typing import Any

from ..cases.records import Case
from ..errors import Text
from .casefile import CaseFile, FiledDocument, Utterance, extraction_rules, utterances
from .extract import Source

__all__ = ["Defence", "answer_body", "defences"]

MAX_CHARS = 800  # a longer answer is quoted to a sentence end and the judge told
_MARK = re.compile(r"【示例材料[^】]*】")
_OPEN = re.compile(r"(?:答辩意见|答辩理由|答辩请求|答辩如下|事实(?:和|与)理由)[^：:。]{0,8}[：:]")
_CLOSE = re.compile(r"此致|答辩人[（(]?(?:签名|签字|盖章)|具状人")


@dataclass
class Defence:
    """One defendant's (or all defendants') defence, with where it stands in the file."""
    names: str
    text: str | None           # None: no answer, no word at the hearing
    how: str                   # written | oral | none
    sources: list[Source] = field(default_factory=list)


def answer_body(doc: FiledDocument) -> tuple[str, list[int]]:
    """The answer's own words (between its opening and 此致) and the pages they are on."""
    flat, starts = "", []
    for page in doc.pages:
        starts.append(len(flat))
        flat += re.sub(r"[ \t]*\n[ \t]*", "", _MARK.sub("", page))
    m = None
    for m in _OPEN.finditer(flat):
        break
    if m is not None:
        start = m.end()
    else:  # no heading: after the answering party's particulars
        parties = list(re.finditer(r"答辩人[：:][^。]*。", flat))
        start = parties[-1].end() if parties else 0
    end_m = _CLOSE.search(flat, start)
    end = end_m.start() if end_m else len(flat)
    body = flat[start:end].strip(" ：:")
    pages = sorted({i + 1 for i, s in enumerate(starts)
                    if s < end and (i + 1 == len(starts) or starts[i + 1] > start)})
    return body, pages


def _oral(record: FiledDocument) -> list[Utterance]:
    """The defendant's turns answering the judge's prompt to answer (被告进行答辩), else every
    turn of the defendant's but the procedural replies (不申请回避) — rules in extraction.json."""
    rules = extraction_rules().get("hearing", {})
    prompt = rules.get("defence_prompt", "答辩")
    procedural = re.compile(rules.get("procedural", r"^$"))
    turns = [u for u in utterances(record) if u.text and not u.text.startswith("（")]
    answering, out = False, []
    for u in turns:
        if u.side == "court":
            answering = prompt in u.text
        elif answering and u.side == "defendant":
            out.append(u)
    return out or [u for u in turns if u.side == "defendant" and not procedural.match(u.text)]


def _clip(text: str) -> tuple[str, bool]:
    if len(text) <= MAX_CHARS:
        return text, False
    cut = max(text.rfind(ch, 0, MAX_CHARS) for ch in "。；")
    return text[:cut + 1] if cut > 0 else text[:MAX_CHARS], True


def _sentence_end(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？")) else text.rstrip("，,；;") + "。"


def defences(case: Case, file: CaseFile, issues: list[Any]) -> list[Defence]:
    """The defence of each defendant who filed an answer; the rest together, from the hearing
    record's words or as none."""
    defendants = [p.name for p in case.by_role("defendant")]
    out: list[Defence] = []
    answered: list[str] = []
    for doc in file.answers:
        body, pages = answer_body(doc)
        if not body:
            continue
        # An answer is the answering defendant's (its author); one without a known author
        # stands for the defendants who have not answered yet.
        who = [doc.author] if doc.author in defendants else \
            [n for n in defendants if n not in answered] or defendants
        text, clipped = _clip(body)
        if clipped:
            issues.append(Text(f"{doc.title}较长，判决书中仅节录其前{len(text)}字，请核对",
                               "the answer is long: only its beginning is quoted; check it"))
        out.append(Defence("、".join(who), _sentence_end(text), "written",
                           [Source(doc.id, doc.title, doc.name, "defendant", p, doc.file_page(p),
                                   body[:60]) for p in pages]))
        answered += who
    rest = [n for n in defendants if n not in answered]
    if not rest:
        return out
    record = file.hearing_record
    said = _oral(record) if record else []
    if said:
        out.append(Defence("、".join(rest), _sentence_end("".join(_sentence_end(u.text) for u in said)),
                           "oral", [Source(record.id, record.title, record.name, "defendant", p,
                                           record.file_page(p), said[0].text[:60])
                                    for p in sorted({u.page for u in said})]))
        return out
    typed = case.hearing.defendant_answer if case.hearing else None
    if typed:
        issues.append(Text("案件信息中录入的答辩意见在卷宗中没有答辩状或庭审笔录可以印证，未写入判决书",
                           "the defence typed into the case record has no answer or hearing record "
                           "behind it: not written into the draft"))
    held = case.hearing.held_on if case.hearing else None
    if record is None and held and held <= date.today() and "defendant" in case.hearing.present:
        issues.append(Text("庭审笔录尚未入卷：被告当庭的答辩意见需补充",
                           "no hearing record in the file: the defendant's oral defence is missing"))
    out.append(Defence("、".join(rest), None, "none"))
    return out


def defence_key(d: Defence, default: bool) -> str:
    """Which wording of common.json "defence" fits."""
    if d.text is None:
        return "none"
    return "written" if default and d.how == "written" else "answer"
