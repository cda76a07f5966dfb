"""The core's single entry point: one `Workbench` per data directory, used by the CLI and the GUI.

Every method that changes a case file is marked `@write` and does it through `change.open_txn`:
one SQLite transaction holding the write lock, the read-only check, the log entries and their
projection onto the tables. Anything slow (rendering, reading files) happens before that.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Callable

from ..cases import repository as repo
from ..cases.casejson import case_from_json, case_to_json, load_case_file
from ..cases.procedure import EVENT_KINDS, Step, check_order, check_payload
from ..cases.records import Case, CaseSummary, Event
from ..efile import catalogue as cat
from ..efile.generation import ATTACH_CATEGORY, PlannedDocument, plan_documents
from ..efile.pdfcheck import pdf_page_count, read_pdf_file
from ..errors import NotFound, Text, UserError
from ..paths import data_dir as resolve_data_dir
from ..store.blobs import BlobStore
from ..store.db import DB_NAME, Database
from ..tasks import CancelToken, ProgressFn, check, report
from .change import Txn, open_txn, refuse_if_archived
from .element_writes import ElementWrites
from .more_writes import MoreWrites
from .queues import QueueWrites
from .records import DOCUMENT_FILED, EVENT_RECORDED, ReadyDocument, RecordResult, document_payload
from .registry import write

CaseQuery = repo.CaseQuery
Attachment = bytes | BinaryIO


def read_attachment(data: Attachment) -> bytes:
    return data if isinstance(data, (bytes, bytearray)) else data.read()


class Workbench(MoreWrites, QueueWrites, ElementWrites):
    def __init__(self, root: Path) -> None:
        self.data_dir = Path(root)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(self.data_dir / DB_NAME)
        self.blobs = BlobStore(self.data_dir / "blobs")
        self._fresh: set[str] = set()  # blobs rendered here, not yet filed (see _drop_fresh)

    @classmethod
    def open(cls, data_dir: str | Path | None = None) -> "Workbench":
        return cls(resolve_data_dir(data_dir))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Workbench":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the funnel ----------------------------------------------------------------------------
    def _txn(self, actor: str | None = None):
        """The write transaction every @write method uses (see change.py)."""
        return open_txn(self.db, actor)

    def ensure_writable(self, case: Case | int) -> None:
        """An early refusal before slow work; the binding check runs again inside the write
        transaction (Txn.writable), with the same rule."""
        refuse_if_archived(self.db.conn, case if isinstance(case, int) else case.id)  # type: ignore[arg-type]

    # ---- cases -------------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return self.db.one("SELECT 1 FROM cases LIMIT 1") is None

    def has_case(self, number: str) -> bool:
        return self.db.one("SELECT 1 FROM cases WHERE number = ?", (number,)) is not None

    @write("create")
    def create_case(self, case: Case, *, actor: str | None = None) -> Case:
        # Round-trip through the interchange form so a case made in a dialog meets the same rules
        # as one imported from a file.
        case, _ = case_from_json(case_to_json(case))
        with self._txn(actor) as tx:
            case.id = tx.create_case(case_to_json(case))
        return case

    @write("create")
    def create_cases(self, cases: list[Case], *, actor: str | None = None) -> int:
        """Register many cases in one transaction (a court's caseload brought in at once)."""
        prepared = [case_to_json(case_from_json(case_to_json(c))[0]) for c in cases]
        with self._txn(actor) as tx:
            for doc in prepared:
                tx.create_case(doc)
        return len(prepared)

    @write("create")
    def import_case(self, source: Path | str | dict, *, progress: ProgressFn | None = None,
                    cancel: CancelToken | None = None, actor: str | None = None) -> Case:
        """Create a case from its JSON and apply its events, all or nothing."""
        if isinstance(source, dict):
            case, events = case_from_json(source)
        else:
            case, events = load_case_file(Path(source))
        if self.has_case(case.number):
            raise UserError(Text(f"案号已存在：{case.number}", f"case already exists: {case.number}"), field="case_number")
        seen: dict[str, date] = {}
        prepared: list = []
        try:
            for i, ev in enumerate(sorted(events, key=lambda e: e["on"])):
                check(cancel)
                report(progress, i, len(events), EVENT_KINDS[ev["kind"]].zh)
                if EVENT_KINDS[ev["kind"]].once and ev["kind"] in seen:
                    raise UserError(Text(f"事件 {ev['kind']} 只能发生一次",
                                         f"event {ev['kind']} may occur only once"), field="events")
                seen[ev["kind"]] = ev["on"]
                # The procedure's order, before anything is rendered: a case JSON meets the same
                # state machine as the event dialog (and cannot carry the seal).
                check_order([Step(e["kind"], e["on"], e["data"]) for e, _ in prepared],
                            Step(ev["kind"], ev["on"], ev["data"]), case.procedure)
                prepared.append((ev, self._render(plan_documents(
                    case, ev["kind"], ev["on"], ev["party"], ev["data"]), cancel)))
        except BaseException:
            self._drop_fresh(d for _, ds in prepared for d in ds)
            raise
        try:
            with self._txn(actor) as tx:
                case.id = tx.create_case(case_to_json(case))
                for ev, docs in prepared:
                    self._commit_event(tx, case.id, ev["kind"], ev["on"], ev["party"], ev["data"],
                                       docs)
        except BaseException:  # nothing was filed: leave no orphan blobs behind
            self._drop_fresh(d for _, ds in prepared for d in ds)
            raise
        report(progress, len(events), len(events), "")
        return self.case(case.number)

    def export_case(self, ref: str | int) -> dict:
        return export_case_json(self.db, self.case_id(ref))

    def case(self, ref: str | int) -> Case:
        return repo.load_case(self.db, ref)

    def case_id(self, ref: str | int) -> int:
        return repo.case_id_for(self.db, ref)

    def count_cases(self, query: CaseQuery = CaseQuery()) -> int:
        return repo.count_cases(self.db, query)

    def list_cases(self, query: CaseQuery = CaseQuery(), offset: int = 0, limit: int = 200,
                   after: CaseSummary | None = None,
                   before: CaseSummary | None = None) -> list[CaseSummary]:
        return repo.list_cases(self.db, query, offset, limit, after, before)

    def case_position(self, query: CaseQuery, number: str) -> int:
        """The row of a case in the list of `query`, or -1 if the query does not list it."""
        return repo.case_position(self.db, query, number)

    def judges(self) -> list[str]:
        return repo.judges(self.db)

    def events(self, ref: str | int) -> list[Event]:
        return _events(self.db.conn, self.case_id(ref))

    def log_head(self, ref: str | int) -> str:
        return self.db.one("SELECT log_head FROM cases WHERE id = ?", (self.case_id(ref),))[0]

    # ---- events ------------------------------------------------------------------------------
    @write()
    def record_event(self, ref: str | int, kind: str, on: date | str | None = None, *,
                     party: str | None = None, file: Path | str | None = None,
                     attachment: Attachment | None = None, attachment_name: str = "",
                     data: dict[str, Any] | None = None, progress: ProgressFn | None = None,
                     cancel: CancelToken | None = None, expect_head: str | None = None,
                     actor: str | None = None, sealing: bool = False,
                     before_commit: Callable[[], Any] | None = None) -> RecordResult:
        """Record a procedural event and file the documents it generates (or the one attached:
        `attachment` as bytes or a binary stream, or `file`, a path, for the CLI). With
        `expect_head`, refuse (StaleCase) if the case's chain moved past that head. An event out
        of the procedure's order is refused (cases.procedure.check_order, run again inside the
        write transaction); the `archived` seal only with `sealing`, which archive.seal_case
        alone passes. `before_commit` runs inside the transaction, after the event is applied and
        before it commits, reading the same connection: what it raises rolls the event back
        (the seal uses it to write and check the package first)."""
        if kind not in EVENT_KINDS:
            raise UserError(Text(f"未知的事件类型 {kind!r}；可用：" + "、".join(EVENT_KINDS),
                                 f"unknown event kind {kind!r}; known: " + ", ".join(EVENT_KINDS)))
        case = self.case(ref)
        self.ensure_writable(case)
        if on is None:
            # A case is filed on its filing date; anything else happens today unless told.
            on = case.filed_on if kind == "filed" else date.today()
        elif isinstance(on, str):
            on = repo.parse_iso_date(on, Text("事件日期", "event date "))
        data = dict(data or {})
        if on < case.filed_on:
            raise UserError(Text(f"事件日期 {on} 早于立案日期 {case.filed_on}",
                                 f"the event date {on} is before the filing date {case.filed_on}"))
        if party is not None and case.party(party) is None:
            raise UserError(Text(f"{party!r} 不是本案当事人；当事人：" + "、".join(p.name for p in case.parties),
                                 f"{party!r} is not a party of {case.number}; parties: "
                                 + ", ".join(p.name for p in case.parties)))
        check_payload(kind, data)
        if (file is not None or attachment is not None) and kind not in ATTACH_CATEGORY:
            raise UserError(Text(f"事件 {kind} 不附带文书", f"event {kind} takes no attached document"))
        if file is not None:
            attachment, attachment_name = read_pdf_file(Path(file)), Path(file).name
        # A cheap look before rendering; the binding check repeats inside the transaction.
        refused = _duplicate(self.events(case.id), kind, on, party, data, attachment is not None)
        if refused is not None:
            return refused
        _in_order(self.events(case.id), case.procedure, kind, on, data, sealing)
        attached: list[ReadyDocument] = []
        if attachment is not None:
            category, title = ATTACH_CATEGORY[kind]
            attached.append(self._ready(read_attachment(attachment), attachment_name, "正卷",
                                        category, data.pop("title", None) or title,
                                        party or case.court_name))
        planned = plan_documents(case, kind, on, party, data)
        docs = self._render(planned, cancel, progress)
        try:
            with self._txn(actor) as tx:
                tx.writable(case.id, expect_head)  # type: ignore[arg-type]
                # Inside the write lock: two desks recording 受理 at once give one event.
                refused = _duplicate(_events(tx.conn, case.id), kind, on, party, data,  # type: ignore[arg-type]
                                     bool(attached))
                if refused is None:
                    _in_order(_events(tx.conn, case.id), case.procedure, kind, on, data, sealing)  # type: ignore[arg-type]
                    result = self._commit_event(tx, case.id, kind, on, party, data, docs + attached)  # type: ignore[arg-type]
                    if before_commit is not None:
                        before_commit()
        except BaseException:
            self._drop_fresh(docs)
            raise
        if refused is not None:
            self._drop_fresh(docs)
            return refused
        # What the law allows with a warning (a simplified summons in simple procedure) is
        # recorded and said, not refused.
        result.note = "；".join(dict.fromkeys(w for p in planned for w in p.warnings)) or result.note
        return result

    def _render(self, planned: list[PlannedDocument], cancel: CancelToken | None,
                progress: ProgressFn | None = None) -> list[ReadyDocument]:
        from ..efile.render import render_document

        from ..store.blobs import sha256_bytes

        out: list[ReadyDocument] = []
        for i, p in enumerate(planned):
            try:
                check(cancel)
                report(progress, i, len(planned), p.title)
                pdf = render_document(p.template, p.context)
            except BaseException:
                self._drop_fresh(out)
                raise
            fresh = not self.blobs.exists(sha256_bytes(pdf))
            out.append(ReadyDocument(p.volume, p.category, p.title, p.author, p.rank,
                                     self.blobs.put(pdf), pdf_page_count(pdf, p.title), "generated"))
            if fresh:
                self._fresh.add(out[-1].blob)
        report(progress, len(planned), len(planned), "")
        return out

    def _drop_fresh(self, docs) -> None:
        """Remove the blobs this workbench rendered for a change that did not happen, unless the
        log names them (another change may have filed the same bytes meanwhile)."""
        for d in list(docs):
            if d.blob in self._fresh and self.db.one(
                    "SELECT 1 FROM documents WHERE blob = ? LIMIT 1", (d.blob,)) is None:
                self.blobs.path(d.blob).unlink(missing_ok=True)
                self._fresh.discard(d.blob)

    def _ready(self, data: bytes, name: str, volume: str, category: str, title: str,
               author: str) -> ReadyDocument:
        pages = pdf_page_count(data, name or title)
        return ReadyDocument(volume, category, title, author, 0, self.blobs.put(data), pages,
                             "attached", name)

    def _commit_event(self, tx: Txn, case_id: int, kind: str, on: date, party: str | None,
                      data: dict, docs: list[ReadyDocument]) -> RecordResult:
        event_id = tx.new_id("events")
        entry = tx.record(case_id, EVENT_RECORDED,
                          {"event_id": event_id, "kind": kind, "on": on.isoformat(),
                           "party": party, "data": data})
        event = Event(event_id, case_id, kind, on, party, data, entry.at)
        ids = [self._file(tx, case_id, d, on.isoformat(), event_id) for d in docs]
        return RecordResult(event, ids, "")

    def _file(self, tx: Txn, case_id: int, d: ReadyDocument, doc_date: str,
              event_id: int | None) -> int:
        doc_id = tx.new_id("documents")
        tx.record(case_id, DOCUMENT_FILED, document_payload(doc_id, d, doc_date, event_id))
        return doc_id

    # ---- the e-file --------------------------------------------------------------------------
    def catalogue(self, ref: str | int, volume: str = "正卷") -> list[cat.CatalogueEntry]:
        volume = cat.check_volume(volume)
        rows = self.db.query("SELECT * FROM documents WHERE case_id = ? AND volume = ?",
                             (self.case_id(ref), volume))
        return cat.build_catalogue([dict(r) for r in rows], volume)

    def document(self, document_id: int) -> dict:
        row = self.db.one("SELECT * FROM documents WHERE id = ?", (document_id,))
        if row is None:
            raise NotFound(Text(f"没有这份文书：{document_id}", f"no such document: {document_id}"))
        return dict(row)

    def document_pdf(self, document_id: int) -> bytes:
        return self.blobs.get(self.document(document_id)["blob"])

    def stored_page_texts(self, document_id: int) -> list[str]:
        """The text the store keeps for each page of a document (OCR of a scan, or the text layer
        indexed for search), in page order; [] when it keeps none (read the PDF then)."""
        return [r[0] or "" for r in self.db.query(
            "SELECT text FROM pages WHERE document_id = ? ORDER BY idx", (document_id,))]

    @write()
    def file_document(self, ref: str | int, pdf: Attachment, category: str, *,
                      title: str, filename: str = "", author: str | None = None,
                      on: date | str | None = None, volume: str | None = None,
                      actor: str | None = None) -> int:
        """File a PDF (bytes or a binary stream) under a catalogue category; returns its id."""
        case = self.case(ref)
        self.ensure_writable(case)
        c = cat.category(category, cat.check_volume(volume) if volume else None)
        on = repo.parse_iso_date(on) if isinstance(on, str) else (on or date.today())
        doc = self._ready(read_attachment(pdf), filename, c.volume, c.key, title,
                          author or case.court_name)
        with self._txn(actor) as tx:
            return self._file(tx, case.id, doc, on.isoformat(), None)  # type: ignore[arg-type]

    @write()
    def add_document(self, ref: str | int, path: Path | str, category: str, *,
                     title: str | None = None, author: str | None = None,
                     on: date | str | None = None, volume: str | None = None,
                     actor: str | None = None) -> int:
        """File a PDF made outside the workbench, by path (the CLI's convenience)."""
        self.ensure_writable(self.case_id(ref))
        data = read_pdf_file(Path(path))
        return self.file_document(ref, data, category, title=title or Path(path).stem,
                                  filename=Path(path).name, author=author, on=on, volume=volume,
                                  actor=actor)

    def export_volume(self, ref: str | int, volume: str, out: Path | str, *,
                      progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                      chain_head: str | None = None):
        """The volume as one PDF/A-2b file; its cover and 备考表 print `chain_head` (default: the
        case's chain head now)."""
        from ..efile.assemble import assemble_volume

        case = self.case(ref)
        entries = self.catalogue(case.id, volume)
        blobs = {r[0]: r[1] for r in self.db.query(
            "SELECT id, blob FROM documents WHERE case_id = ?", (case.id,))}
        concluded = next((e.on for e in self.events(case.id) if e.kind == "concluded"), None)
        return assemble_volume(case, cat.check_volume(volume), entries,
                               lambda doc_id: self.blobs.get(blobs[doc_id]), Path(out),
                               progress=progress, cancel=cancel, concluded_on=concluded,
                               chain_head=chain_head or self.log_head(case.id))

    def search_pages(self, query: str, *, limit: int = 50, case_id: int | None = None):
        """Full-text search over every page (see store/fulltext.py)."""
        from ..store.fulltext import search

        return search(self.db.conn, query, limit=limit, case_id=case_id)

    # ---- integrity ---------------------------------------------------------------------------
    def verify(self, ref: str | int | None = None, *, progress: ProgressFn | None = None,
               cancel: CancelToken | None = None):
        from ..integrity import verify
        from .audit import Replayer

        case_id = None if ref is None else self.case_id(ref)
        rep = verify(self.db, self.blobs, case_id, progress, cancel)
        # Every column of every case table against a replay of the log (audit.py).
        replayer = Replayer()
        try:
            for cid, number in self.db.query("SELECT id, number FROM cases" + (
                    " WHERE id = ?" if case_id else "") + " ORDER BY id",
                    (case_id,) if case_id else ()):
                check(cancel)
                rep.problems += replayer.audit(self.db.conn, cid, number)
        finally:
            replayer.close()
        return rep


def export_case_json(db: Database, case_id: int) -> dict:
    """The case in the interchange form (case.json), from its rows in `db`."""
    case = repo.load_case(db, case_id)
    events = [{"kind": e.kind, "on": e.on, "party": e.party, "data": e.data}
              for e in _events(db.conn, case_id)]
    return case_to_json(case, events)


def _events(conn, case_id: int) -> list[Event]:
    return [
        Event(r["id"], r["case_id"], r["kind"], date.fromisoformat(r["on_date"]), r["party"],
              json.loads(r["data"]), r["recorded_at"])
        for r in conn.execute("SELECT * FROM events WHERE case_id = ? ORDER BY on_date, id",
                              (case_id,))
    ]


def _in_order(events: list[Event], procedure: str, kind: str, on: date, data: dict,
              sealing: bool) -> None:
    """The procedure's state machine (cases.procedure) against the stored events."""
    check_order([Step(e.kind, e.on, e.data) for e in events], Step(kind, on, data), procedure,
                sealing=sealing)


def _duplicate(events: list[Event], kind: str, on: date, party: str | None, data: dict,
               attached: bool) -> RecordResult | None:
    """None if the event may be recorded; the "already recorded" result for a repeat; raises
    for a second occurrence of a once-only event."""
    prior = [e for e in events if e.kind == kind]
    # The same event recorded twice (a re-run script, a double click) files nothing twice.
    if not attached and any(e.on == on and e.party == party and e.data == data for e in prior):
        return RecordResult(None, [], Text(f"已于 {on} 记录，未重复生成", f"already recorded on {on}"))
    if EVENT_KINDS[kind].once and prior:
        raise UserError(Text(f"{EVENT_KINDS[kind].zh} 已于 {prior[0].on} 记录，不能重复",
                             f"{kind} was already recorded on {prior[0].on}"))
    return None
