"""立案前扫描: a new case proposed from its scanned complaint, and registered in one transaction.

    prop = propose_registration(wb, paths)      # read, split, classify (intake's own pipeline),
                                                 # read the complaint, route; writes nothing
    case = register(wb, prop)                    # the case, its 立案 event and the scans, at once

A proposal is refused (`problems`, each a bilingual Text) when registering it would file
something the clerk has not seen: no complaint in the stack, two complaints, a complaint with no
legible plaintiff or defendant, a file of the stack that could not be read, a case that already
exists with the same parties and claims, a cause or a procedure not decided. Flags (an amount
left empty, an ID number that fails its check…) do not stop the proposal: they say what to check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from ..cases.casejson import case_from_json
from ..efile import catalogue as cat
from ..errors import Text, UserError
from ..law.case_numbers import format_case_number, parse_case_number
from ..tasks import CancelToken, ProgressFn, check, report
from . import filing, pipeline, routing
from .complaint import Reading, read_complaint
from .proposal import Proposal, ProposedDocument

if TYPE_CHECKING:
    from ..cases.records import Case
    from ..service import Workbench

TYPE_CODE = "民初"


@dataclass
class Court:
    name: str
    code: str
    appeal_court: str = ""


@dataclass
class RegistrationProposal:
    intake: Proposal
    complaint: ProposedDocument | None
    reading: Reading | None
    case: dict[str, Any]
    routing: routing.Routing | None
    problems: list[Text] = field(default_factory=list)
    duplicate_of: str | None = None

    @property
    def sources(self) -> dict[str, dict]:
        return self.reading.sources if self.reading else {}

    @property
    def flags(self) -> list[dict]:
        return self.reading.flags if self.reading else []

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case, "sources": self.sources, "flags": self.flags,
                "routing": self.routing.to_json() if self.routing else None,
                "problems": [{"zh": p.zh, "en": p.en} for p in self.problems],
                "duplicate_of": self.duplicate_of,
                "documents": [{"pages": d.page_range(), "category": d.category, "kind": d.kind,
                               "title": d.title, "confidence": round(d.confidence, 3),
                               "complaint": d is self.complaint} for d in self.intake.documents]}


def court_of(wb: "Workbench", name: str | None = None, code: str | None = None,
             appeal_court: str | None = None) -> Court | None:
    """This court: as given, else the court most of the store's cases belong to."""
    row = wb.db.one("SELECT court_name, court_code, appeal_court, count(*) n FROM cases"
                    + (" WHERE court_code = ?" if code else "") +
                    " GROUP BY court_name, court_code ORDER BY n DESC LIMIT 1", (code,) if code else ())
    if row is None:
        return Court(name, code, appeal_court or "") if name and code else None
    return Court(name or row[0], code or row[1], appeal_court if appeal_court is not None else row[2] or "")


def next_number(wb: "Workbench", court: Court, year: int) -> str:
    """The next 民初 number of the year: sequences restart each year per court and type."""
    row = wb.db.one("SELECT max(seq) FROM cases WHERE year = ? AND court_code = ? AND type_code = ?",
                    (year, court.code, TYPE_CODE))
    return format_case_number(year, court.code, TYPE_CODE, (row[0] or 0) + 1)


def _party_key(p: dict) -> tuple[str, str]:
    return p["role"], (p.get("id_number") or p.get("credit_code") or p["name"]).upper()


def duplicate(wb: "Workbench", parties: list[dict], claims: list[dict]) -> str | None:
    """A case of the store with the same parties (by ID number, credit code or name) and the same
    claims (kinds and amounts)."""
    import json

    want = sorted(_party_key(p) for p in parties)
    names = [p["name"] for p in parties]
    if not names:
        return None
    rows = wb.db.query(
        "SELECT DISTINCT c.id, c.number, c.facts FROM cases c JOIN parties p ON p.case_id = c.id"
        f" WHERE p.name IN ({','.join('?' * len(names))})", names)
    mine = sorted((c["kind"], c.get("amount")) for c in claims)
    for case_id, number, facts in rows:
        stored = [json.loads(d) for (d,) in wb.db.query(
            "SELECT data FROM parties WHERE case_id = ? ORDER BY position", (case_id,))]
        if sorted(_party_key(p) for p in stored) != want:
            continue
        theirs = sorted((c["kind"], c.get("amount")) for c in json.loads(facts or "{}").get("claims", []))
        if theirs == mine:
            return number
    return None


def propose_registration(wb: "Workbench", paths: Iterable[Path | str], *, court: Court | None = None,
                         filed_on: date | None = None, workers: int | None = None,
                         progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                         stack: bool = False, ocr_cache: dict | None = None) -> RegistrationProposal:
    """Read the scans and propose the case they open; writes nothing."""
    filed_on = filed_on or date.today()
    intake = pipeline.propose(wb, paths, workers=workers, progress=progress, cancel=cancel,
                              ocr_cache=ocr_cache, stack=stack)
    check(cancel)
    prop = RegistrationProposal(intake, None, None, {}, None)
    for p in intake.problems:
        prop.problems.append(Text(f"文件无法读取：{p.message}", f"a file could not be read: {p.message}"))
    for p in intake.duplicates:
        prop.problems.append(Text(f"扫描件已收入卷宗，不再立案：{p.message}",
                                  f"a scan is already in an e-file, not registered again: {p.message}"))
    complaints = [d for d in intake.documents if d.category == "complaint"]
    if not complaints and intake.duplicates and not intake.documents:
        return prop
    if not complaints:
        kinds = "、".join(dict.fromkeys(d.kind or d.title or "?" for d in intake.documents)) or "无可读页面"
        prop.problems.append(Text(f"扫描件中没有起诉状（读出的是：{kinds}），不能据以立案",
                                  f"no complaint among the scans (found: {kinds}): nothing to register"))
        return prop
    if len(complaints) > 1:
        prop.problems.append(Text(
            f"一叠扫描件中有 {len(complaints)} 份起诉状（{'；'.join(d.page_range() for d in complaints)}）：请分开立案",
            f"{len(complaints)} complaints in one stack ({'; '.join(d.page_range() for d in complaints)}): "
            "register them one at a time"))
        return prop
    prop.complaint = doc = complaints[0]
    prop.reading = rd = read_complaint(doc.pages)
    if not any(p["role"] == "plaintiff" for p in rd.parties) or \
            not any(p["role"] == "defendant" for p in rd.parties):
        prop.problems.append(Text("起诉状中未能读出原告和被告，不能立案；请核对扫描件或手工录入",
                                  "no legible plaintiff and defendant in the complaint: nothing to register"))
    names = [p["name"] for p in rd.parties]
    if len(set(names)) != len(names):
        prop.problems.append(Text("当事人姓名重复", "a party is named twice"))
    if rd.cause is None:
        prop.problems.append(Text("案由未能确定，请指定（--cause）", "the cause of action is not decided: give --cause"))
    court = court or court_of(wb)
    if court is None:
        prop.problems.append(Text("不知道本院的名称与代字：请用 --court 与 --court-code 指明",
                                  "this court's name and code are unknown: give --court and --court-code"))
    number = next_number(wb, court, filed_on.year) if court else None
    unread = {f["field"].rsplit(".", 1)[0] for f in rd.flags if f["field"].endswith(".amount")}
    prop.routing = routing.route(
        court_code=court.code if court else "", filed_on=filed_on, claims=rd.claims,
        parties=rd.parties, hints=rd.hints,
        amounts_unread=any(f"claims[{i}]" in unread and not c.get("amount")
                           for i, c in enumerate(rd.claims)))
    prop.case = {"case_number": number, "court": {"name": court.name if court else "",
                                                 "appeal_court": court.appeal_court if court else ""},
                 "cause": rd.cause, "procedure": prop.routing.chosen, "filed_on": filed_on.isoformat(),
                 "judge": "", "clerk": "", "parties": rd.parties, "claims": rd.claims, "elements": {},
                 "facts_and_reasons": rd.facts}
    prop.duplicate_of = duplicate(wb, rd.parties, rd.claims)
    if prop.duplicate_of:
        prop.problems.append(Text(f"已有当事人与诉讼请求相同的案件 {prop.duplicate_of}：不重复立案",
                                  f"{prop.duplicate_of} has the same parties and claims: not registered twice"))
    for d in intake.documents:
        if d.category is None:
            prop.problems.append(Text(f"{d.page_range()} 未能确定目录类别，请先在扫描编目中处理",
                                      f"{d.page_range()} has no catalogue category: sort it in intake first"))
    return prop


def choose(prop: RegistrationProposal, *, procedure: str | None = None, reason: str | None = None,
           cause: str | None = None) -> None:
    """The clerk's corrections before registering: a procedure other than the router's (with a
    reason, kept in the case record) and a cause the rules could not decide."""
    if cause:
        prop.case["cause"] = cause
        prop.problems = [p for p in prop.problems if "案由" not in p.zh]
    if procedure and prop.routing is not None and procedure != prop.routing.procedure:
        routing.override(prop.routing, procedure, reason or "")
        prop.case["procedure"] = prop.routing.chosen


def _filings(wb: "Workbench", prop: RegistrationProposal, number: str, court_name: str,
             today: date, cancel: CancelToken | None, progress: ProgressFn | None,
             fresh: set[str]) -> list:
    from ..service import ReadyDocument, ScannedFiling, ScannedPage
    from ..store.blobs import sha256_bytes

    def put(data: bytes) -> str:
        if not wb.blobs.exists(sha256_bytes(data)):
            fresh.add(sha256_bytes(data))
        return wb.blobs.put(data)

    out = []
    docs = prop.intake.documents
    for i, d in enumerate(docs):
        check(cancel)
        report(progress, i, len(docs), d.title or d.kind)
        c = cat.category(d.category or "")
        pdf = filing.build_pdf(d, prop.intake.files)
        ready = ReadyDocument(c.volume, c.key, d.title or d.kind or c.name,
                              filing.document_author(d.text, court_name), 0, put(pdf),
                              len(d.pages), "scanned" if any(p.image is not None for p in d.pages)
                              else "imported", d.page_range()[:200])
        pages = [ScannedPage(put(p.image) if p.image is not None else None, p.text,
                             p.confidence, p.rotation, p.method, p.source_sha, p.index, p.source_name)
                 for p in d.pages]
        out.append(ScannedFiling(number, ready, filing.document_date(d.text, today).isoformat(), pages,
                                 "registration", d.confidence))
    report(progress, len(docs), len(docs), "")
    return out


def register(wb: "Workbench", prop: RegistrationProposal, *, actor: str | None = None,
             accept_flags: bool = False, progress: ProgressFn | None = None,
             cancel: CancelToken | None = None) -> "Case":
    """Create the proposed case with its 立案 event and file every scan into it, in one
    transaction. A proposal with flags (a field left empty or to be checked) is registered only
    when the clerk has seen them (`accept_flags`); the flags go into the case record."""
    if prop.problems:
        raise UserError(Text("不能立案：" + "；".join(p.zh for p in prop.problems),
                             "not registered: " + "; ".join(p.en for p in prop.problems)))
    if prop.flags and not accept_flags:
        raise UserError(Text("建议中有待核对的项目，未立案：" + "；".join(f["zh"] for f in prop.flags)
                             + "（核对后加 --accept-flags 立案，或更正后再立案）",
                             "the proposal has fields to check, not registered: "
                             + "; ".join(f["en"] for f in prop.flags)
                             + " (check them, then add --accept-flags)"))
    if not prop.case.get("procedure"):
        why = prop.routing.reasons[-1] if prop.routing and prop.routing.reasons else Text("", "")
        raise UserError(Text(f"未确定审理程序：{why.zh}；请用 --procedure 与 --reason 指定",
                             f"no procedure decided: {why.en}; give --procedure and --reason"), field="procedure")
    doc = dict(prop.case)
    doc["registration"] = {"routing": prop.routing.to_json() if prop.routing else None,
                           "flags": prop.flags, "facts_and_reasons": doc.pop("facts_and_reasons", "")}
    case, _ = case_from_json(doc)  # the interchange form's rules, before anything is rendered
    number = parse_case_number(case.number).canonical
    fresh: set[str] = set()
    try:
        filings = _filings(wb, prop, number, case.court_name, case.filed_on, cancel, progress, fresh)
        return wb.register_scanned_case(case, filings, actor=actor)
    except BaseException:
        # nothing was registered: the blobs stored for it go too, unless something names them
        for sha in fresh:
            if wb.db.one("SELECT 1 FROM documents WHERE blob = ? UNION SELECT 1 FROM pages WHERE blob = ?",
                         (sha, sha)) is None:
                wb.blobs.path(sha).unlink(missing_ok=True)
        raise


def claim_total(prop: RegistrationProposal) -> Decimal:
    return sum((Decimal(c["amount"]) for c in prop.case.get("claims", []) if c.get("amount")), Decimal(0))
