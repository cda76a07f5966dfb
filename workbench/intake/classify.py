"""What a document is: a catalogue category and a kind, with a confidence, from its text and layout.

Court papers announce themselves: a first page carries a title line (民事起诉状, 授权委托书, 送达回证…)
near the top, set larger than the body and standing alone on its line. Rules keyed on that line
decide those documents. Papers without such a line — ID card copies, bank slips and transfer
screenshots, IOUs in a hand, business licences, invoices — are decided by a small classifier over
the page's text and layout (model.py, trained from the tuning part of the intake corpus); body
keywords are the last resort. What a clerk corrects is remembered per court (table
intake_corrections, keyed on the document's title line), and a remembered correction outranks
both: the court's own practice beats the defaults.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field

from . import model
from .importers import SourcePage
from ..errors import Text

# What the classifier's kinds are called on the catalogue, and their category.
KIND_NAMES = {"complaint": "民事起诉状", "answer": "民事答辩状", "preservation": "财产保全申请书",
              "power_of_attorney": "授权委托书", "legal_rep_id": "法定代表人身份证明书",
              "law_firm_letter": "律师事务所函", "evidence_list": "证据目录", "service_receipt": "送达回证",
              "summons": "传票", "id_card": "居民身份证复印件", "business_licence": "营业执照",
              "iou": "借条", "bank_slip": "银行转账凭证", "payment_screenshot": "转账记录截图",
              "chat": "聊天记录", "contract": "合同", "accident_report": "道路交通事故认定书",
              "medical_invoice": "医疗费票据", "property_fee": "物业费明细"}
METHODS = ("hybrid", "rules", "model")

# (pattern on a title line, kind, catalogue key). More specific first.
RULES: list[tuple[str, str, str]] = [
    (r"(民事)?起诉状|起诉书|口诉笔录", "民事起诉状", "complaint"),
    (r"(民事)?答辩状|答辩意见书?", "民事答辩状", "answer"),
    (r"(民事)?上诉状", "民事上诉状", "appeal"),
    (r"授权委托书|委托书", "授权委托书", "identity"),
    (r"法定代表人身份证明(书)?", "法定代表人身份证明书", "identity"),
    (r"居民身份证|身份证明|身份证复印件|户籍证明|营业执照", "身份证明", "identity"),
    (r"律师事务所函|律师所函|所函", "律师事务所函", "identity"),
    (r"(原告|被告)?证据(目录|清单)(及说明)?", "证据目录", "evidence"),
    (r"(诉讼|诉前)?财产保全(申请书)?|保全申请书|诉前保全", "财产保全申请书", "preservation"),
    (r"送达回证", "送达回证", "response"),
    (r"传票|出庭通知书|开庭公告", "传票", "summons"),
    (r"受理案件通知书|交纳诉讼费用?通知书|立案审批表|诉讼费.*(收据|票据)", "受理及交费通知", "filing"),
    (r"应诉通知书|举证通知书", "应诉及举证通知书", "response"),
    (r"(庭审|开庭)笔录", "庭审笔录", "hearing_record"),
    (r"宣判笔录", "宣判笔录", "pronouncement"),
    (r"(询问|调查|证据交换)笔录", "询问笔录", "inquiry"),
    (r"民事(判决|调解|裁定)书", "裁判文书", "judgment"),
    (r"(道路)?交通事故认定书(（简易程序）)?", "道路交通事故认定书", "evidence"),
    (r"借条|欠条|收条|借据|(借款|买卖|租赁|服务|物业服务)?合同|协议书?|个人业务凭证|.*凭证|"
     r"转账|银行流水|交易明细|聊天记录|发票|送货单|对账单|收据", "证据", "evidence"),
]
_COMPILED = [(re.compile(rf"^(?:{p})$"), re.compile(p), kind, key) for p, kind, key in RULES]
# A title line has at most this many characters once spaces are removed.
TITLE_MAX = 16
TOP_LINES = 6


@dataclass
class Classification:
    category: str | None
    kind: str
    title: str
    confidence: float
    signature: str
    reasons: list[str] = field(default_factory=list)


def squash(text: str) -> str:
    """A line as a key: NFKC, no spaces or punctuation (传　票 and 传票 are one title)."""
    t = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u3000:：,，.。、;；'\"“”()（）\[\]【】《》·\-—_]+", "", t)


def title_candidates(page: SourcePage) -> list[tuple[str, bool]]:
    """The first lines of a page with, for each, whether it is set large (OCR boxes ≥ 1.3× the
    median line height); from a text layer, the first lines without size information."""
    if page.lines:
        heights = sorted(l.height for l in page.lines)
        median = heights[len(heights) // 2] or 1.0
        return [(l.text, l.height >= 1.3 * median) for l in page.lines[:TOP_LINES]]
    return [(ln, False) for ln in page.text.splitlines()[:TOP_LINES] if ln.strip()]


def title_of(page: SourcePage) -> tuple[str, str, str, bool] | None:
    """(title line, kind, category, large) of the first title line on the page, or None."""
    for text, large in title_candidates(page):
        key = squash(text)
        if not key or len(key) > TITLE_MAX:
            continue
        for full, _, kind, cat in _COMPILED:
            if full.match(key):
                return key, kind, cat, large
    return None


def looks_like_first_page(page: SourcePage) -> bool:
    return title_of(page) is not None


def signature_of(page: SourcePage) -> str:
    """The line a correction is remembered by: the title line if there is one, else the largest
    short line near the top, else the first line."""
    t = title_of(page)
    if t:
        return t[0]
    cands = [(squash(s), large) for s, large in title_candidates(page)]
    cands = [(s, large) for s, large in cands if s and len(s) <= TITLE_MAX]
    for s, large in cands:
        if large:
            return s
    return cands[0][0] if cands else ""


def load_corrections(conn: sqlite3.Connection, court: str) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for sig, category, count in conn.execute(
            "SELECT signature, category, count FROM intake_corrections WHERE court = ?", (court,)):
        out.setdefault(sig, {})[category] = count
    return out


def page_kind(page: SourcePage) -> tuple[str, str, float] | None:
    """(kind, category, posterior) of a page by the classifier, or None without one."""
    m = model.models()
    if m is None or not (page.text or page.lines):
        return None
    from .features import tokens
    kind, p = m.kind.scores(tokens(page))[0]
    return kind, m.category_of.get(kind, "evidence"), p


def opens_document(page: SourcePage) -> float | None:
    """The classifier's probability that a page is a document's first page."""
    m = model.models()
    if m is None:
        return None
    from .features import tokens
    toks = tokens(page)
    return dict(m.first.scores(model.first_tokens(toks, page)))["first"]


def _by_model(first: SourcePage, sig: str) -> Classification | None:
    found = page_kind(first)
    if found is None:
        return None
    kind, category, p = found
    name = KIND_NAMES.get(kind, kind)
    return Classification(category, name, name, round(min(0.95, 0.5 + 0.5 * p), 3), sig,
                          [Text(f"版式与文字近似「{name}」（{p:.0%}）",
                                f"text and layout resemble {kind} ({p:.0%})")])


def classify(pages: list[SourcePage], corrections: dict[str, dict[str, int]] | None = None,
             method: str = "hybrid") -> Classification:
    """Category and confidence of a document from its pages.

    method: "hybrid" (title rules, then the classifier, then body keywords), "rules" (title and
    keyword rules only), "model" (the classifier only) — the last two for measuring each."""
    if not pages:
        return Classification(None, "", "", 0.0, "", [Text("没有页面", "no pages")])
    first = pages[0]
    sig = signature_of(first)
    learnt = (corrections or {}).get(sig) if sig else None
    if learnt:
        category, count = max(learnt.items(), key=lambda kv: kv[1])
        total = sum(learnt.values())
        conf = min(0.97, 0.75 + 0.1 * count) * (count / total)
        return Classification(category, sig, sig, round(conf, 3), sig,
                              [Text(f"书记员曾将「{sig}」归入 {category}（{count} 次）",
                                    f"the clerk filed '{sig}' under {category} before ({count}×)")])
    if method == "model":
        by_model = _by_model(first, sig)
        if by_model is not None:
            return by_model
    found = title_of(first)
    if found:
        key, kind, category, large = found
        conf = 0.97 if large else 0.9
        if category == "response" and kind == "送达回证" and re.search(r"判决书|调解书|裁定书", first.text):
            category = "judgment_service"
        title = kind if kind != "证据" else key
        return Classification(category, kind, title, conf, sig,
                              [Text(f"标题行「{key}」" + ("（大字）" if large else ""),
                                    f"title line '{key}'" + (" (large type)" if large else ""))])
    if method == "hybrid":
        by_model = _by_model(first, sig)
        if by_model is not None:
            return by_model
    # No title line: look for a title word anywhere on the first page's upper half, then in the
    # body of the whole document; both are weaker evidence.
    head = squash("\n".join(first.text.splitlines()[: max(3, len(first.text.splitlines()) // 2)]))
    body = squash("\n".join(p.text for p in pages))
    for text, conf, where in ((head, 0.65, Text("页首", "page head")), (body, 0.45, Text("正文", "body"))):
        for _, part, kind, category in _COMPILED[:-1]:
            m = part.search(text)
            if m:
                return Classification(category, kind, kind, conf, sig,
                                      [Text(f"{where.zh}含「{m.group(0)}」",
                                            f"'{m.group(0)}' in the {where.en}")])
    if body:
        return Classification("evidence", "证据", sig or "证据材料", 0.3, sig,
                              [Text("无标题，按证据材料处理", "no title: proposed as evidence")])
    return Classification(None, "", "", 0.0, sig, [Text("没有可读文字", "no readable text")])
