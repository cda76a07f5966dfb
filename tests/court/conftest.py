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

from workbench.court.localcluster import ClusterUnavailable, LocalCluster


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
