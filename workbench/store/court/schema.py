"""The court store's schema: named, transactional migrations recorded in `court.migrations`.

Everything lives in the schema `court` of one database. Database roles are cluster-wide, so each
court's roles carry a prefix (by default its database name) and several courts can share one
server: group roles `PREFIX:judge` … and one login role `PREFIX.name` per person.

The log table guards its own chain: a trigger (running as the store's owner) takes the case's row
lock, accepts a new entry only if its seq is the head's + 1, its prev_hash is the head and its
hash recomputes (the same SHA-256 over canonical JSON as workbench/store/eventlog.py), then moves
the head. Two desks appending at once therefore serialise on the row lock and the second gets a
clean refusal; the primary key (case, seq) makes a fork impossible even for a hand-written client.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Callable

import psycopg
from psycopg import sql

ROLES = ("filing", "clerk", "judge", "archivist", "president", "admin")
# Roles that may add entries to a case's chain (the president reads and watches; the
# administrator manages people and assignments).
WRITERS = ("filing", "clerk", "judge", "archivist")
GENESIS = "0" * 64
HEAD_REFUSED = "WB001"   # SQLSTATE of "previous hash is not the head"
BAD_ENTRY = "WB002"      # SQLSTATE of "entry hash does not recompute"


def database_prefix(dbname: str) -> str:
    """The role prefix a court gets by default: its database's name, made a safe identifier."""
    return re.sub(r"[^a-z0-9_]", "_", dbname.lower())[:24] or "court"


def group_role(prefix: str, role: str) -> str:
    return f"{prefix}:{role}"


def login_role(prefix: str, name: str) -> str:
    return f"{prefix}.{name}"


def _tables(conn: psycopg.Connection, prefix: str) -> None:
    conn.execute("""
    CREATE TABLE court.users (
        name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,39}$'),
        login text NOT NULL UNIQUE,
        role text NOT NULL,
        display text NOT NULL DEFAULT '',
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE court.clerk_judges (
        clerk text NOT NULL REFERENCES court.users(name),
        judge text NOT NULL REFERENCES court.users(name),
        PRIMARY KEY (clerk, judge));
    CREATE TABLE court.cases (
        number text PRIMARY KEY,
        court_name text NOT NULL DEFAULT '',
        cause text NOT NULL DEFAULT '',
        procedure text NOT NULL DEFAULT '',
        filed_on date,
        parties text NOT NULL DEFAULT '',
        judge_name text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'filed',
        concluded_on date,
        judge_user text REFERENCES court.users(name),
        clerk_user text REFERENCES court.users(name),
        created_by text NOT NULL,
        head text NOT NULL DEFAULT repeat('0', 64),
        count integer NOT NULL DEFAULT 0,
        holder text,
        held_since timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now());
    CREATE INDEX cases_judge_user ON court.cases(judge_user, number);
    CREATE INDEX cases_clerk_user ON court.cases(clerk_user);
    CREATE INDEX cases_status ON court.cases(status);
    CREATE TABLE court.log (
        case_number text NOT NULL REFERENCES court.cases(number),
        seq integer NOT NULL CHECK (seq > 0),
        at text NOT NULL,
        action text NOT NULL,
        payload text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        actor text,                              -- who made the entry (covered by its hash)
        pushed_by text NOT NULL DEFAULT current_user,   -- the login that brought it here
        origin_hash text,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_number, seq));
    CREATE UNIQUE INDEX log_hash ON court.log(case_number, hash);
    CREATE INDEX log_origin ON court.log(case_number, origin_hash) WHERE origin_hash IS NOT NULL;
    CREATE TABLE court.blobs (
        sha text PRIMARY KEY CHECK (sha ~ '^[0-9a-f]{64}$'),
        data bytea NOT NULL,
        size bigint NOT NULL,
        added_by text NOT NULL DEFAULT current_user,
        added_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE court.blob_refs (
        case_number text NOT NULL REFERENCES court.cases(number),
        sha text NOT NULL REFERENCES court.blobs(sha),
        PRIMARY KEY (case_number, sha));
    CREATE INDEX blob_refs_sha ON court.blob_refs(sha);
    CREATE TABLE court.access (
        id bigserial PRIMARY KEY,
        case_number text NOT NULL,
        login text NOT NULL DEFAULT current_user,
        at timestamptz NOT NULL DEFAULT now(),
        what text NOT NULL,
        outcome text NOT NULL DEFAULT 'ok');
    CREATE INDEX access_case ON court.access(case_number, at);
    CREATE TABLE court.conflicts (
        id bigserial PRIMARY KEY,
        case_number text NOT NULL,
        entry_hash text NOT NULL,
        action text NOT NULL,
        at text NOT NULL,
        payload text NOT NULL,
        reason text NOT NULL,
        actor text NOT NULL DEFAULT current_user,
        reported_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_number, entry_hash));
    """)


def _chain_guard(conn: psycopg.Connection, prefix: str) -> None:
    # to_json(text) escapes exactly as Python's json.dumps(ensure_ascii=False): the quote, the
    # backslash, \b \f \n \r \t, other control characters as \u00XX; so the body is byte-equal
    # to eventlog.entry_hash's canonical JSON.
    conn.execute("""
    -- The acting user is part of the body when the entry names one (sorted keys: "actor"
    -- falls between "action" and "at"); an entry without one hashes as before users existed.
    CREATE FUNCTION court.entry_hash(c text, s integer, a text, act text, p text, prev text,
                                     who text DEFAULT NULL)
    RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT encode(sha256(convert_to(
        '{"action":' || to_json(act)::text ||
        coalesce(',"actor":' || to_json(who)::text, '') || ',"at":' || to_json(a)::text ||
        ',"case":' || to_json(c)::text || ',"payload":' || to_json(p)::text ||
        ',"prev":' || to_json(prev)::text || ',"seq":' || s::text || '}', 'UTF8')), 'hex') $$;

    CREATE FUNCTION court.guard_append() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = court, pg_temp AS $$
    DECLARE h text; n integer;
    BEGIN
      SELECT head, count INTO h, n FROM court.cases WHERE number = NEW.case_number FOR UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'no such case %', NEW.case_number USING ERRCODE = 'WB001';
      END IF;
      IF NEW.seq <> n + 1 OR NEW.prev_hash <> h THEN
        RAISE EXCEPTION '% entry % (%): previous hash is not the head (head is entry %)',
          NEW.case_number, NEW.seq, NEW.action, n USING ERRCODE = 'WB001';
      END IF;
      IF NEW.hash <> court.entry_hash(NEW.case_number, NEW.seq, NEW.at, NEW.action,
                                      NEW.payload, NEW.prev_hash, NEW.actor) THEN
        RAISE EXCEPTION '% entry % (%): hash does not recompute, the entry was altered',
          NEW.case_number, NEW.seq, NEW.action USING ERRCODE = 'WB002';
      END IF;
      UPDATE court.cases SET head = NEW.hash, count = NEW.seq, updated_at = now()
        WHERE number = NEW.case_number;
      RETURN NULL;
    END $$;
    -- AFTER: row security has already refused a desk that may not write the case.
    CREATE TRIGGER log_guard AFTER INSERT ON court.log
      FOR EACH ROW EXECUTE FUNCTION court.guard_append();

    CREATE FUNCTION court.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the court log is append-only' USING ERRCODE = 'WB003'; END $$;
    CREATE TRIGGER log_append_only BEFORE UPDATE OR DELETE ON court.log
      FOR EACH ROW EXECUTE FUNCTION court.refuse_change();
    """)


def _security(conn: psycopg.Connection, prefix: str) -> None:
    g = {r: sql.Identifier(group_role(prefix, r)).as_string(conn) for r in ROLES}
    desk = ", ".join(g.values())
    has = {r: f"pg_has_role(current_user, '{group_role(prefix, r)}', 'USAGE')" for r in ROLES}
    writer = " OR ".join(has[r] for r in WRITERS)
    # Who sees a case. Every function call is wrapped in a scalar subquery, which PostgreSQL
    # evaluates once per query (an InitPlan), so the per-row test is plain comparisons.
    once = {r: f"(SELECT {has[r]})" for r in ROLES}
    me = "(SELECT court.me())"
    sees = (f"{once['president']} OR {once['admin']} OR created_by = {me} OR judge_user = {me}"
            f" OR clerk_user = {me} OR ({once['clerk']} AND judge_user IN"
            f" (SELECT judge FROM court.clerk_judges WHERE clerk = {me}))"
            f" OR ({once['filing']} AND judge_user IS NULL)"
            f" OR ({once['archivist']} AND status IN ('concluded', 'archived'))")
    conn.execute(f"""
    -- Functions marked SECURITY DEFINER run as the store's owner: inside them the person is
    -- session_user, the login the desk connected with.
    CREATE FUNCTION court.me() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
      SET search_path = court, pg_temp AS
      $$ SELECT name FROM court.users WHERE login = session_user AND active $$;
    -- Does a case of this number exist at all (seen or not)? Lets a desk tell "not assigned to
    -- you" from "no such case" without reading the case.
    CREATE FUNCTION court.case_exists(n text) RETURNS boolean LANGUAGE sql STABLE
      SECURITY DEFINER SET search_path = court, pg_temp AS
      $$ SELECT EXISTS (SELECT 1 FROM court.cases WHERE number = n) $$;
    -- Which of these blobs the store holds (by hash only), so a desk uploads each blob once
    -- before the entries that name it; reading a blob still needs a reference from a case.
    CREATE FUNCTION court.blobs_present(shas text[]) RETURNS SETOF text LANGUAGE sql STABLE
      SECURITY DEFINER SET search_path = court, pg_temp AS
      $$ SELECT sha FROM court.blobs WHERE sha = ANY(shas) $$;
    -- Store a blob under its hash, checked here: a desk cannot file bytes under a wrong name.
    CREATE FUNCTION court.put_blob(s text, d bytea) RETURNS boolean LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = court, pg_temp AS $$
      BEGIN
        IF NOT ({writer.replace('current_user', 'session_user')}) THEN
          RAISE EXCEPTION 'only a desk that writes case files uploads files'
            USING ERRCODE = '42501';
        END IF;
        IF encode(sha256(d), 'hex') <> s THEN
          RAISE EXCEPTION 'blob % does not hash to its name', s USING ERRCODE = 'WB004';
        END IF;
        INSERT INTO court.blobs(sha, data, size, added_by) VALUES (s, d, length(d), session_user)
          ON CONFLICT (sha) DO NOTHING;
        RETURN FOUND;
      END $$;
    CREATE FUNCTION court.writes(n text) RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT ({writer}) AND EXISTS (SELECT 1 FROM court.cases c WHERE c.number = n) $$;

    GRANT USAGE ON SCHEMA court TO {desk};
    GRANT SELECT ON ALL TABLES IN SCHEMA court TO {desk};
    REVOKE SELECT ON court.migrations FROM {desk};
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA court TO {desk};
    GRANT INSERT ON court.cases, court.log, court.blob_refs, court.conflicts
      TO {g['filing']}, {g['clerk']}, {g['judge']}, {g['archivist']};
    GRANT UPDATE (status, concluded_on, holder, held_since, judge_name, parties, cause) ON court.cases
      TO {g['filing']}, {g['clerk']}, {g['judge']}, {g['archivist']};
    GRANT INSERT ON court.access TO {desk};
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA court TO {desk};
    GRANT INSERT, UPDATE ON court.users TO {g['admin']};
    GRANT INSERT, DELETE ON court.clerk_judges TO {g['admin']};
    GRANT UPDATE (judge_user, clerk_user) ON court.cases TO {g['admin']}, {g['president']};

    ALTER TABLE court.cases ENABLE ROW LEVEL SECURITY;
    CREATE POLICY cases_read ON court.cases FOR SELECT USING ({sees});
    CREATE POLICY cases_new ON court.cases FOR INSERT
      WITH CHECK (({writer} OR {has['admin']}) AND created_by = court.me());
    CREATE POLICY cases_write ON court.cases FOR UPDATE
      USING (({sees}) AND ({writer} OR {has['admin']} OR {has['president']}));

    ALTER TABLE court.log ENABLE ROW LEVEL SECURITY;
    ALTER TABLE court.blobs ALTER COLUMN data SET STORAGE EXTERNAL;  -- scans are compressed already
    CREATE POLICY log_read ON court.log FOR SELECT
      USING (EXISTS (SELECT 1 FROM court.cases c WHERE c.number = case_number));
    CREATE POLICY log_append ON court.log FOR INSERT
      WITH CHECK (court.writes(case_number) AND pushed_by = current_user);

    ALTER TABLE court.blob_refs ENABLE ROW LEVEL SECURITY;
    CREATE POLICY refs_read ON court.blob_refs FOR SELECT
      USING (EXISTS (SELECT 1 FROM court.cases c WHERE c.number = case_number));
    CREATE POLICY refs_add ON court.blob_refs FOR INSERT WITH CHECK (court.writes(case_number));

    ALTER TABLE court.blobs ENABLE ROW LEVEL SECURITY;
    CREATE POLICY blobs_read ON court.blobs FOR SELECT
      USING (EXISTS (SELECT 1 FROM court.blob_refs r WHERE r.sha = blobs.sha));

    ALTER TABLE court.access ENABLE ROW LEVEL SECURITY;
    CREATE POLICY access_own ON court.access FOR SELECT
      USING (login = current_user OR {has['president']} OR {has['admin']});
    CREATE POLICY access_add ON court.access FOR INSERT WITH CHECK (login = current_user);

    ALTER TABLE court.conflicts ENABLE ROW LEVEL SECURITY;
    CREATE POLICY conflicts_read ON court.conflicts FOR SELECT
      USING (actor = current_user OR EXISTS (SELECT 1 FROM court.cases c
                                             WHERE c.number = case_number));
    CREATE POLICY conflicts_add ON court.conflicts FOR INSERT WITH CHECK (actor = current_user);

    ALTER TABLE court.clerk_judges ENABLE ROW LEVEL SECURITY;
    CREATE POLICY cj_read ON court.clerk_judges FOR SELECT USING (true);
    CREATE POLICY cj_admin ON court.clerk_judges FOR ALL USING ({has['admin']})
      WITH CHECK ({has['admin']});
    """)


Migration = tuple[str, Callable[[psycopg.Connection, str], None]]

MIGRATIONS: list[Migration] = [
    ("0001_court_tables", _tables),
    ("0002_chain_guard", _chain_guard),
    ("0003_roles_and_row_security", _security),
]


def ensure_group_roles(conn: psycopg.Connection, prefix: str) -> None:
    for r in ROLES:
        name = group_role(prefix, r)
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is None:
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))


def apply_migrations(conn: psycopg.Connection, prefix: str) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied.
    `conn` is an owner's connection in autocommit mode."""
    with conn.transaction():
        conn.execute("CREATE SCHEMA IF NOT EXISTS court")
        conn.execute("CREATE TABLE IF NOT EXISTS court.migrations (name text PRIMARY KEY,"
                     " applied_at timestamptz NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS court.meta (key text PRIMARY KEY,"
                     " value text NOT NULL)")
        conn.execute("INSERT INTO court.meta(key, value) VALUES ('role_prefix', %s)"
                     " ON CONFLICT (key) DO NOTHING", (prefix,))
        ensure_group_roles(conn, prefix)
    done = {r[0] for r in conn.execute("SELECT name FROM court.migrations")}
    applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with conn.transaction():
            # One migration at a time even if two administrators run init together.
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('court.migrations'))")
            if conn.execute("SELECT 1 FROM court.migrations WHERE name = %s", (name,)).fetchone():
                continue
            fn(conn, prefix)
            conn.execute("INSERT INTO court.migrations(name, applied_at) VALUES (%s, %s)",
                         (name, datetime.now(timezone.utc)))
        applied.append(name)
    return applied


def role_prefix(conn: psycopg.Connection) -> str:
    row = conn.execute("SELECT value FROM court.meta WHERE key = 'role_prefix'").fetchone()
    if row is None:
        raise LookupError("not a court store (run `workbench court init` first)")
    return row[0]
