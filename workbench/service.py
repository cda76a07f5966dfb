"""The core's single entry point: one `Workbench` per data directory, used by the CLI and the GUI.

Every method that changes a case file does it in one SQLite transaction together with the log
entries that record it; anything slow (rendering, reading files) happens before that transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .cases import repository as repo
from .cases.casejson import case_from_json, case_to_json, load_case_file
from .cases.procedure import EVENT_KINDS, Step, check_order, check_payload, next_status
from .cases.records import Case, CaseSummary, Event
from .efile import catalogue as cat
from .efile.generation import ATTACH_CATEGORY, PlannedDocument, plan_documents
from .efile.pdfcheck import pdf_page_count, read_pdf_file
from .errors import NotFound, UserError
from .paths import data_dir as resolve_data_dir
from .store import eventlog
from .store.blobs import BlobStore
from .store.db import DB_NAME, Database, new_row_id, utc_now
from .tasks import CancelToken, ProgressFn, check, report

CaseQuery = repo.CaseQuery


@dataclass
class ReadyDocument:
    """A document rendered or read, its bytes already in the blob store, waiting to be filed."""
    volume: str
    category: str
    title: str
    author: str
    rank: int
    blob: str
    page_count: int
    source: str
    filename: str = ""


@dataclass
class RecordResult:
    event: Event | None
    document_ids: list[int] = field(default_factory=list)
    note: str = ""


class Workbench:
    def __init__(self, root: Path) -> None:
        self.data_dir = Path(root)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(self.data_dir / DB_NAME)
        self.blobs = BlobStore(self.data_dir / "blobs")

    @classmethod
    def open(cls, data_dir: str | Path | None = None) -> "Workbench":
        return cls(resolve_data_dir(data_dir))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Workbench":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- cases -------------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return self.db.one("SELECT 1 FROM cases LIMIT 1") is None

    def create_case(self, case: Case) -> Case:
        # Round-trip through the interchange form so a case made in a dialog meets the same rules
        # as one imported from a file.
        case, _ = case_from_json(case_to_json(case))
        with self.db.transaction():
            repo.insert_case(self.db, case, utc_now())
        return case

    def import_case(self, source: Path | str | dict, *, progress: ProgressFn | None = None,
                    cancel: CancelToken | None = None) -> Case:
        """Create a case from its JSON and apply its events, all or nothing."""
        if isinstance(source, dict):
            case, events = case_from_json(source)
        else:
            case, events = load_case_file(Path(source))
        if self.db.one("SELECT 1 FROM cases WHERE number = ?", (case.number,)):
            raise UserError(f"案号已存在 / case already exists: {case.number}", field="case_number")
        seen: dict[str, date] = {}
        prepared = []
        for i, ev in enumerate(sorted(events, key=lambda e: e["on"])):
            check(cancel)
            report(progress, i, len(events), EVENT_KINDS[ev["kind"]].zh)
            if EVENT_KINDS[ev["kind"]].once and ev["kind"] in seen:
                raise UserError(f"事件 {ev['kind']} 只能发生一次 / event may occur only once",
                                field="events")
            seen[ev["kind"]] = ev["on"]
            # The procedure's order, before anything is rendered (again inside the transaction).
            check_order([Step(e["kind"], e["on"], e["data"]) for e, _ in prepared],
                        Step(ev["kind"], ev["on"], ev["data"]), case.procedure)
            docs = self._render(plan_documents(case, ev["kind"], ev["on"], ev["party"], ev["data"]),
                                cancel)
            prepared.append((ev, docs))
        with self.db.transaction():
            at = utc_now()
            repo.insert_case(self.db, case, at)
            for ev, docs in prepared:
                self._commit_event(case, ev["kind"], ev["on"], ev["party"], ev["data"], docs, at)
        report(progress, len(events), len(events), "")
        return self.case(case.number)

    def export_case(self, ref: str | int) -> dict:
        case = self.case(ref)
        events = [{"kind": e.kind, "on": e.on, "party": e.party, "data": e.data}
                  for e in self.events(case.id)]
        return case_to_json(case, events)

    def case(self, ref: str | int) -> Case:
        return repo.load_case(self.db, ref)

    def case_id(self, ref: str | int) -> int:
        return repo.case_id_for(self.db, ref)

    def count_cases(self, query: CaseQuery = CaseQuery()) -> int:
        return repo.count_cases(self.db, query)

    def list_cases(self, query: CaseQuery = CaseQuery(), offset: int = 0, limit: int = 200,
                   after: CaseSummary | None = None) -> list[CaseSummary]:
        return repo.list_cases(self.db, query, offset, limit, after)

    def judges(self) -> list[str]:
        return repo.judges(self.db)

    def events(self, ref: str | int) -> list[Event]:
        case_id = self.case_id(ref)
        return [
            Event(r["id"], r["case_id"], r["kind"], date.fromisoformat(r["on_date"]), r["party"],
                  json.loads(r["data"]), r["recorded_at"])
            for r in self.db.query(
                "SELECT * FROM events WHERE case_id = ? ORDER BY on_date, id", (case_id,))
        ]

    # ---- events ------------------------------------------------------------------------------
    def record_event(self, ref: str | int, kind: str, on: date | str | None = None, *,
                     party: str | None = None, file: Path | str | None = None,
                     data: dict[str, Any] | None = None, progress: ProgressFn | None = None,
                     cancel: CancelToken | None = None, sealing: bool = False) -> RecordResult:
        """Record a procedural event and file the documents it generates (or the one attached).
        An event out of the procedure's order is refused (cases.procedure.check_order); the
        `archived` seal only with `sealing`, which only archive.seal_case passes."""
        if kind not in EVENT_KINDS:
            raise UserError(f"未知的事件类型 {kind!r} / unknown event kind; 可用 / known: "
                            + ", ".join(EVENT_KINDS))
        case = self.case(ref)
        self._ensure_writable(case)
        if on is None:
            # A case is filed on its filing date; anything else happens today unless told.
            on = case.filed_on if kind == "filed" else date.today()
        elif isinstance(on, str):
            on = repo.parse_iso_date(on, "事件日期 / event date ")
        data = dict(data or {})
        if on < case.filed_on:
            raise UserError(f"事件日期 {on} 早于立案日期 {case.filed_on} / event before the filing date")
        if party is not None and case.party(party) is None:
            raise UserError(f"{party!r} 不是本案当事人 / not a party of {case.number}; 当事人 / parties: "
                            + "、".join(p.name for p in case.parties))
        check_payload(kind, data)
        prior = [e for e in self.events(case.id) if e.kind == kind]
        # The same event recorded twice (a re-run script, a double click) files nothing twice.
        if file is None and any(e.on == on and e.party == party and e.data == data for e in prior):
            return RecordResult(None, [], f"已记录，未重复生成 / already recorded on {on}")
        if EVENT_KINDS[kind].once and prior:
            raise UserError(f"{EVENT_KINDS[kind].zh} 已于 {prior[0].on} 记录，不能重复 / "
                            f"{kind} was already recorded on {prior[0].on}")
        # A cheap look before rendering; the binding check repeats inside the transaction.
        self._check_order(self.db.conn, case, kind, on, data, sealing)
        attached: list[ReadyDocument] = []
        if file is not None:
            if kind not in ATTACH_CATEGORY:
                raise UserError(f"事件 {kind} 不附带文书 / event {kind} takes no attached document")
            category, title = ATTACH_CATEGORY[kind]
            attached.append(self._read_attachment(Path(file), "正卷", category,
                                                  data.pop("title", None) or title,
                                                  party or case.court_name))
        docs = self._render(plan_documents(case, kind, on, party, data), cancel, progress)
        with self.db.transaction():
            self._check_order(self.db.conn, case, kind, on, data, sealing)
            return self._commit_event(case, kind, on, party, data, docs + attached, utc_now())

    @staticmethod
    def _check_order(conn, case: Case, kind: str, on: date, data: dict, sealing: bool) -> None:
        """The procedure's order (declared in cases.procedure) against the stored events."""
        recorded = [Step(r[0], date.fromisoformat(r[1]), json.loads(r[2])) for r in conn.execute(
            "SELECT kind, on_date, data FROM events WHERE case_id = ? ORDER BY on_date, id",
            (case.id,))]
        check_order(recorded, Step(kind, on, data), case.procedure, sealing=sealing)

    def _ensure_writable(self, case: Case | int) -> None:
        # Read the stored status, not the caller's copy: a case archived by another connection
        # after `case` was loaded must still refuse. The two funnels every change to a case goes
        # through (_commit_event, _insert_document) call this inside their transaction too.
        case_id = case if isinstance(case, int) else case.id
        row = self.db.one("SELECT number, status FROM cases WHERE id = ?", (case_id,))
        if row is not None and row["status"] == "archived":
            raise UserError(f"{row['number']} 已归档，只读 / the case is archived and read-only")

    def _render(self, planned: list[PlannedDocument], cancel: CancelToken | None,
                progress: ProgressFn | None = None) -> list[ReadyDocument]:
        from .efile.render import render_document

        out = []
        for i, p in enumerate(planned):
            check(cancel)
            report(progress, i, len(planned), p.title)
            pdf = render_document(p.template, p.context)
            out.append(ReadyDocument(p.volume, p.category, p.title, p.author, p.rank,
                                     self.blobs.put(pdf), pdf_page_count(pdf, p.title), "generated"))
        report(progress, len(planned), len(planned), "")
        return out

    def _read_attachment(self, path: Path, volume: str, category: str, title: str,
                         author: str) -> ReadyDocument:
        data = read_pdf_file(path)
        pages = pdf_page_count(data, str(path))
        return ReadyDocument(volume, category, title, author, 0, self.blobs.put(data), pages,
                             "attached", path.name)

    def _commit_event(self, case: Case, kind: str, on: date, party: str | None, data: dict,
                      docs: list[ReadyDocument], at: str) -> RecordResult:
        self._ensure_writable(case.id)  # type: ignore[arg-type]
        conn = self.db.conn
        cur = conn.execute(
            "INSERT INTO events(id, case_id, kind, on_date, party, data, recorded_at)"
            " VALUES (?,?,?,?,?,?,?)",
            (new_row_id(conn, "events"), case.id, kind, on.isoformat(), party,
             json.dumps(data, ensure_ascii=False), at))
        event = Event(cur.lastrowid, case.id, kind, on, party, data, at)  # type: ignore[arg-type]
        eventlog.append(conn, case.id, case.number, at, "event.recorded",  # type: ignore[arg-type]
                        {"event_id": event.id, "kind": kind, "on": on.isoformat(),
                         "party": party, "data": data})
        ids = [self._insert_document(case, d, on.isoformat(), event.id, at) for d in docs]
        self._refresh_status(case, at)
        return RecordResult(event, ids, "")

    def _insert_document(self, case: Case, d: ReadyDocument, doc_date: str, event_id: int | None,
                         at: str) -> int:
        self._ensure_writable(case.id)  # type: ignore[arg-type]
        cur = self.db.conn.execute(
            "INSERT INTO documents(id, case_id, volume, category, rank, title, author, doc_date, blob,"
            " page_count, source, event_id, filename, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (new_row_id(self.db.conn, "documents"), case.id, d.volume, d.category, d.rank, d.title, d.author, doc_date, d.blob,
             d.page_count, d.source, event_id, d.filename, at))
        eventlog.append(self.db.conn, case.id, case.number, at, "document.filed",  # type: ignore[arg-type]
                        document_payload(cur.lastrowid, d, doc_date, event_id))
        return cur.lastrowid  # type: ignore[return-value]

    def _refresh_status(self, case: Case, at: str) -> None:
        status, before = "filed", None
        for r in self.db.query("SELECT kind FROM events WHERE case_id = ? ORDER BY on_date, id",
                               (case.id,)):
            if r[0] == "suspended":
                before = status
            status = next_status(status, r[0], before)
        self.db.conn.execute("UPDATE cases SET status = ?, updated_at = ? WHERE id = ?",
                             (status, at, case.id))

    # ---- the e-file --------------------------------------------------------------------------
    def catalogue(self, ref: str | int, volume: str = "正卷") -> list[cat.CatalogueEntry]:
        volume = cat.check_volume(volume)
        rows = self.db.query("SELECT * FROM documents WHERE case_id = ? AND volume = ?",
                             (self.case_id(ref), volume))
        return cat.build_catalogue([dict(r) for r in rows], volume)

    def document(self, document_id: int) -> dict:
        row = self.db.one("SELECT * FROM documents WHERE id = ?", (document_id,))
        if row is None:
            raise NotFound(f"没有这份文书 / no such document: {document_id}")
        return dict(row)

    def document_pdf(self, document_id: int) -> bytes:
        return self.blobs.get(self.document(document_id)["blob"])

    def add_document(self, ref: str | int, path: Path | str, category: str, *,
                     title: str | None = None, author: str | None = None,
                     on: date | str | None = None, volume: str | None = None) -> int:
        """File a PDF made outside the workbench under a catalogue category."""
        case = self.case(ref)
        self._ensure_writable(case)
        c = cat.category(category, cat.check_volume(volume) if volume else None)
        on = repo.parse_iso_date(on) if isinstance(on, str) else (on or date.today())
        doc = self._read_attachment(Path(path), c.volume, c.key, title or Path(path).stem,
                                    author or case.court_name)
        with self.db.transaction():
            at = utc_now()
            doc_id = self._insert_document(case, doc, on.isoformat(), None, at)
            self.db.conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (at, case.id))
        return doc_id

    def export_volume(self, ref: str | int, volume: str, out: Path | str, *,
                      progress: ProgressFn | None = None, cancel: CancelToken | None = None):
        from .efile.assemble import assemble_volume

        case = self.case(ref)
        entries = self.catalogue(case.id, volume)
        blobs = {r[0]: r[1] for r in self.db.query(
            "SELECT id, blob FROM documents WHERE case_id = ?", (case.id,))}
        concluded = next((e.on for e in self.events(case.id) if e.kind == "concluded"), None)
        return assemble_volume(case, cat.check_volume(volume), entries,
                               lambda doc_id: self.blobs.get(blobs[doc_id]), Path(out),
                               progress=progress, cancel=cancel, concluded_on=concluded)

    # ---- integrity ---------------------------------------------------------------------------
    def verify(self, ref: str | int | None = None, *, progress: ProgressFn | None = None,
               cancel: CancelToken | None = None):
        from .integrity import verify

        return verify(self.db, self.blobs, None if ref is None else self.case_id(ref), progress, cancel)


def document_payload(document_id: int, d: ReadyDocument, doc_date: str, event_id: int | None) -> dict:
    return {"document_id": document_id, "volume": d.volume, "category": d.category, "rank": d.rank,
            "title": d.title, "author": d.author, "date": doc_date, "blob": d.blob,
            "page_count": d.page_count, "source": d.source, "event_id": event_id,
            "filename": d.filename}
