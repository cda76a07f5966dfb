"""A real PostgreSQL for the court tests: one throwaway cluster per test session in a temporary
directory (initdb + pg_ctl; as root the server runs as the unprivileged `postgres` user), and a
fresh database per test. Without PostgreSQL installed the tests fail with a message saying how
to install it: they are never skipped, and nothing stands in for PostgreSQL."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

from workbench.store.court.localcluster import ClusterUnavailable, LocalCluster


@pytest.fixture(scope="session")
def pg_cluster():
    # Not pytest's tmp_path: its parents are private to root and the server runs as `postgres`.
    root = Path(tempfile.mkdtemp(prefix="wb-court-pg-"))
    try:
        cluster = LocalCluster.create(root)
        cluster.start()
    except ClusterUnavailable as e:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"PostgreSQL is needed for the court tests and could not be started: {e}\n"
                    "Install it with `bash scripts/system-deps.sh` as root (Debian's `postgresql`).",
                    pytrace=False)
    yield cluster
    cluster.stop("immediate")
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def court_db(pg_cluster):
    """A fresh, empty database; its DSN as the server's owner. Dropped (with its roles) after."""
    import psycopg
    name = "court_" + uuid.uuid4().hex[:10]
    with psycopg.connect(pg_cluster.dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_cluster.dsn(name)
    with psycopg.connect(pg_cluster.dsn(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        roles = [r[0] for r in conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s OR rolname LIKE %s",
            (name + ".%", name + ":%"))]
        for r in sorted(roles, key=lambda r: ":" in r):  # logins first, then the groups
            conn.execute(f'DROP ROLE IF EXISTS "{r}"')


USERS = [("wang", "judge", []), ("zhao", "judge", []), ("li", "clerk", ["wang"]),
         ("fang", "filing", []), ("chen", "president", []), ("dang", "archivist", [])]


class Court:
    """A court store initialised with an administrator (boss) and USERS; password = 'pw-' + name."""

    def __init__(self, owner_dsn: str) -> None:
        from urllib.parse import urlsplit
        parts = urlsplit(owner_dsn)
        self.owner_dsn = owner_dsn
        self.db = parts.path.lstrip("/")
        self.dsn = f"postgresql://127.0.0.1:{parts.port}/{self.db}"   # what a desk is given

    def login(self, name: str) -> str:
        return f"{self.db}.{name}"

    def conn(self, name: str):
        from workbench.store.court.pg import connect
        return connect(self.dsn, user=self.login(name), password="pw-" + name)

    def desk(self, data_dir: Path, name: str):
        """A data directory connected as `name`; returns the open Workbench."""
        from workbench.court.sync import connect_desk
        from workbench.service import Workbench
        connect_desk(data_dir, self.dsn, name, "pw-" + name)
        return Workbench.open(data_dir)


@pytest.fixture
def court(court_db) -> Court:
    import psycopg
    from workbench.store.court import admin
    with psycopg.connect(court_db, autocommit=True) as conn:
        admin.init_court(conn, "boss", "pw-boss")
    c = Court(court_db)
    with c.conn("boss") as conn:
        for name, role, judges in USERS:
            admin.add_user(conn, name, role, "pw-" + name, judges=judges)
    return c


def new_case(wb, seq: int = 1234, judge: str = "王法官", filed_on: str = "2026-03-02"):
    """A small real case on a desk (no documents rendered): returns its number."""
    from datetime import date
    from decimal import Decimal
    from workbench.cases.records import Case, Claim, Party
    case = Case(number=f"（2026）苏0583民初{seq}号", court_name="江苏省昆山市人民法院",
                appeal_court="江苏省苏州市中级人民法院",
                cause="民间借贷纠纷", procedure="simple", filed_on=date.fromisoformat(filed_on),
                judge=judge, clerk="李书记员",
                parties=[Party("plaintiff", "person", "张三"), Party("defendant", "person", "李四")],
                claims=[Claim("principal", "判令被告偿还借款50000元", Decimal("50000"))])
    return wb.create_case(case).number


@pytest.fixture
def make_case():
    return new_case


@pytest.fixture
def filed_case():
    def make(court: Court, tmp_path: Path, seq: int = 1234, judge: str | None = "wang",
             clerk: str | None = "li") -> str:
        """A case made at the filing desk (fang), pushed, then assigned by the administrator."""
        from workbench.court import sync
        from workbench.store.court import admin
        wb = court.desk(tmp_path / f"filing-{seq}", "fang")
        number = new_case(wb, seq)
        rep = sync.sync(wb)
        assert not rep.errors, rep.errors
        wb.close()
        with court.conn("boss") as conn:
            admin.assign(conn, number, judge, clerk)
        return number
    return make


def file_scans(wb, number: str, pages: int = 2, seed: int = 0) -> int:
    """File one scanned document of `pages` page images with their (OCR) text through intake's
    own filing path; returns the document id."""
    import io
    import hashlib
    from PIL import Image, ImageDraw
    from workbench.intake.filing import file_documents
    from workbench.intake.importers import SourcePage
    from workbench.intake.proposal import Proposal, ProposedDocument
    src = []
    for i in range(pages):
        im = Image.new("L", (240, 340), 255)
        ImageDraw.Draw(im).rectangle((20 + i % 50, 30, 200, 60 + seed % 90), fill=0)
        buf = io.BytesIO()
        im.save(buf, "PNG")
        data = buf.getvalue()
        sha = hashlib.sha256(data + bytes([seed % 256, i % 256])).hexdigest()
        src.append(SourcePage(f"scan-{seed}.tif", sha, i, image=data, image_format="png",
                              size=im.size, dpi=72.0, text=f"借条第{i + 1}页 今借到张三人民币{seed}元",
                              confidence=0.9, method="ocr"))
    doc = ProposedDocument(src, category="evidence", kind="借条", title=f"借条（{seed}）",
                           confidence=0.9, case_number=number, how="given")
    return file_documents(wb, Proposal(), [doc])[0].document_id


@pytest.fixture
def scans():
    return file_scans
