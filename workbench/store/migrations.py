"""Named schema migrations, applied in order, each in its own transaction and recorded in
`_migrations` so a data directory knows exactly which schema it carries."""

from __future__ import annotations

import sqlite3
from typing import Callable

Migration = tuple[str, Callable[[sqlite3.Connection], None]]


def split_statements(script: str) -> list[str]:
    """The statements of an SQL script, each whole: a ";" inside a trigger's body, a string or a
    comment does not end one (sqlite3.complete_statement decides where one ends)."""
    out: list[str] = []
    current = ""
    for piece in script.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \t\r\n;"):
                out.append(current.strip())
            current = ""
    if current.strip(" \t\r\n;"):
        raise sqlite3.OperationalError(f"incomplete SQL statement in migration: {current.strip()[:80]!r}")
    return out


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the migration's transaction first; run statement by statement.
    for statement in split_statements(script):
        conn.execute(statement)


def _initial(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE cases (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            year INTEGER NOT NULL,
            court_code TEXT NOT NULL,
            type_code TEXT NOT NULL,
            seq INTEGER NOT NULL,
            court_name TEXT NOT NULL,
            appeal_court TEXT NOT NULL DEFAULT '',
            cause TEXT NOT NULL,
            procedure TEXT NOT NULL,
            filed_on TEXT NOT NULL,
            judge TEXT NOT NULL DEFAULT '',
            clerk TEXT NOT NULL DEFAULT '',
            plaintiffs TEXT NOT NULL DEFAULT '',
            defendants TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'filed',
            facts TEXT NOT NULL DEFAULT '{}',
            log_head TEXT NOT NULL DEFAULT '',
            log_count INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX cases_order ON cases(year, court_code, type_code, seq);
        CREATE INDEX cases_filed ON cases(filed_on);
        CREATE INDEX cases_judge ON cases(judge);
        CREATE INDEX cases_status ON cases(status);

        CREATE TABLE parties (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            position INTEGER NOT NULL,
            role TEXT NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            id_number TEXT,
            data TEXT NOT NULL
        );
        CREATE INDEX parties_case ON parties(case_id);
        CREATE INDEX parties_name ON parties(name);

        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            kind TEXT NOT NULL,
            on_date TEXT NOT NULL,
            party TEXT,
            data TEXT NOT NULL DEFAULT '{}',
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX events_case ON events(case_id, on_date);

        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            volume TEXT NOT NULL,
            category TEXT NOT NULL,
            rank INTEGER NOT NULL DEFAULT 0,
            title TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            doc_date TEXT NOT NULL,
            blob TEXT NOT NULL,
            page_count INTEGER NOT NULL,
            source TEXT NOT NULL,
            event_id INTEGER REFERENCES events(id),
            filename TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX documents_case ON documents(case_id, volume);

        CREATE TABLE log (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            payload TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            UNIQUE(case_id, seq)
        );

        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )


def _pages_and_search(conn: sqlite3.Connection) -> None:
    # Pages of filed documents: the original image as imported (NULL for a page that came with a
    # text layer or was generated), its text and how it was read. The FTS table is keyed by
    # pages.id and holds a normalised copy of the text (see workbench/intake/search.py); trigram
    # tokenizing needs no Chinese word segmenter and matches any substring of three characters.
    _run_script(
        conn,
        """
        CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            idx INTEGER NOT NULL,
            blob TEXT,
            text TEXT NOT NULL DEFAULT '',
            confidence REAL,
            rotation INTEGER NOT NULL DEFAULT 0,
            method TEXT NOT NULL DEFAULT '',
            source_sha TEXT,
            source_page INTEGER,
            source_name TEXT NOT NULL DEFAULT '',
            UNIQUE(document_id, idx)
        );
        CREATE INDEX pages_source ON pages(source_sha, source_page);
        CREATE VIRTUAL TABLE pages_fts USING fts5(body, tokenize = 'trigram');

        CREATE TABLE intake_corrections (
            id INTEGER PRIMARY KEY,
            court TEXT NOT NULL DEFAULT '',
            signature TEXT NOT NULL,
            category TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT '',
            count INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL,
            UNIQUE(court, signature, category)
        );
        """
    )


def _case_list_indexes(conn: sqlite3.Connection) -> None:
    # Every sortable column of the case list gets an index ending in id, so that paging by
    # seeking past the last row reads only the rows it returns, even over 100,000 cases.
    for column in ("cause", "filed_on", "judge", "status", "plaintiffs", "defendants",
                   "updated_at"):
        conn.execute(f"DROP INDEX IF EXISTS cases_{column}")
        conn.execute(f"CREATE INDEX cases_{column} ON cases({column}, id)")


def _log_actor(conn: sqlite3.Connection) -> None:
    # The acting user of each change (issue 10 adds users); NULL for entries made before. The
    # hash covers it only where it is set, so chains written before this migration still verify.
    conn.execute("ALTER TABLE log ADD COLUMN actor TEXT")


def _delivery_and_preservation(conn: sqlite3.Connection) -> None:
    # Issue 13: the service (送达) and preservation (保全) queues. Rows are projections of log
    # entries (service/queue_projection.py); every row carries case_id so archive packages and
    # the integrity check see them. `clock_kind` is the procedural event an effective service
    # stands for (complaint_served, summons_served, judgment_served): tracking reads it.
    _run_script(
        conn,
        """
        CREATE TABLE delivery_tasks (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            document_id INTEGER NOT NULL REFERENCES documents(id),
            recipient TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL,
            clock_kind TEXT,
            status TEXT NOT NULL DEFAULT 'pending',
            effective_on TEXT,
            effective_basis TEXT NOT NULL DEFAULT '',
            proof_document_id INTEGER REFERENCES documents(id),
            data TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX delivery_tasks_case ON delivery_tasks(case_id);
        CREATE INDEX delivery_tasks_status ON delivery_tasks(status, id);

        CREATE TABLE delivery_attempts (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            task_id INTEGER NOT NULL REFERENCES delivery_tasks(id),
            on_date TEXT NOT NULL,
            method TEXT NOT NULL,
            result TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}',
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX delivery_attempts_task ON delivery_attempts(task_id, on_date);

        CREATE TABLE preservation_matters (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            stage TEXT NOT NULL,
            applicant TEXT NOT NULL,
            respondent TEXT NOT NULL,
            amount TEXT NOT NULL,
            claim_amount TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            urgent INTEGER NOT NULL DEFAULT 0,
            ruling_due_at TEXT NOT NULL,
            security_required TEXT NOT NULL DEFAULT '0',
            security_offered TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'applied',
            ruled_on TEXT,
            ruling_document_id INTEGER REFERENCES documents(id),
            sued_on TEXT,
            released_on TEXT,
            release_document_id INTEGER REFERENCES documents(id),
            data TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX preservation_matters_case ON preservation_matters(case_id);

        CREATE TABLE preservation_measures (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            matter_id INTEGER NOT NULL REFERENCES preservation_matters(id),
            kind TEXT NOT NULL,
            target TEXT NOT NULL,
            registry TEXT NOT NULL DEFAULT '',
            amount TEXT NOT NULL,
            start_on TEXT NOT NULL,
            expires_on TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active',
            renewals INTEGER NOT NULL DEFAULT 0,
            data TEXT NOT NULL DEFAULT '{}',
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX preservation_measures_expiry ON preservation_measures(status, expires_on);
        """
    )


def _search_ngrams(conn: sqlite3.Connection) -> None:
    # A second search index beside the trigram one, for query terms of one or two characters
    # (see workbench/store/fulltext.py): each character and each adjacent pair of the normalised
    # page text as a term, contentless (pages.text and pages_fts keep the text) and without
    # positions. Every token character is a term character; only the spaces we put between terms
    # separate them. Existing pages are indexed from the trigram index's normalised text.
    conn.execute(
        "CREATE VIRTUAL TABLE pages_ngram USING fts5(grams, content='', detail=none,"
        " tokenize=\"unicode61 remove_diacritics 0 categories 'L* M* N* P* S* Co Cn'\")")
    rows = conn.execute("SELECT rowid, body FROM pages_fts").fetchall()
    conn.executemany(
        "INSERT INTO pages_ngram(rowid, grams) VALUES (?, ?)",
        ((i, " ".join([*b, *(b[k:k + 2] for k in range(len(b) - 1))])) for i, b in rows))


MIGRATIONS: list[Migration] = [
    ("0001_initial", _initial),
    ("0002_pages_and_search", _pages_and_search),
    ("0003_case_list_indexes", _case_list_indexes),
    ("0004_log_actor", _log_actor),
    ("0005_delivery_and_preservation", _delivery_and_preservation),
    ("0006_search_ngrams", _search_ngrams),
]


def apply_migrations(conn: sqlite3.Connection, now: str) -> list[str]:
    """Apply pending migrations; return the names applied. Each runs in one transaction."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {r[0] for r in conn.execute("SELECT name FROM _migrations")}
    applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            fn(conn)
            conn.execute("INSERT INTO _migrations(name, applied_at) VALUES (?, ?)", (name, now))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # a failed COMMIT (disk full) may have rolled back already
                conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
