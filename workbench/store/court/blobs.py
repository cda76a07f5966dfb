"""The court store's blobs behind one small content-addressed interface.

Blobs are named by their SHA-256, so an upload is idempotent and a download verifies itself.
`PgBlobStore` keeps them as bytea in the court database (one row per blob, TOAST-compressed by
PostgreSQL, streamed by the server in pieces); a court whose files outgrow that can add an
object store (S3-compatible) implementing the same three methods, with the references staying in
PostgreSQL so that row-level security still decides who may read which blob.
"""

from __future__ import annotations

import hashlib
from typing import Iterable, Protocol

import psycopg

from ...errors import BlobAltered, NotFound, Text


class CourtBlobStore(Protocol):
    def missing(self, shas: Iterable[str]) -> set[str]:
        """Which of `shas` the store lacks (uploading them is then needed)."""

    def put(self, data: bytes) -> str:
        """Store `data`; returns its SHA-256. Idempotent."""

    def get(self, sha: str) -> bytes:
        """The blob's bytes, verified against its name; NotFound if absent or not readable."""


class PgBlobStore:
    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn

    def missing(self, shas: Iterable[str]) -> set[str]:
        want = sorted(set(shas))
        if not want:
            return set()
        have = {r[0] for r in self.conn.execute("SELECT court.blobs_present(%s)", (want,))}
        return set(want) - have

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        # The case's reference to it is added with the entry that names it (chain.push_case), so
        # a blob without entries is readable by nobody.
        self.conn.execute("SELECT court.put_blob(%s, %b)", (sha, data))
        return sha

    def get(self, sha: str) -> bytes:
        row = self.conn.execute("SELECT data FROM court.blobs WHERE sha = %s", (sha,)).fetchone()
        if row is None:
            raise NotFound(Text(f"法院库中没有此文件，或无权读取：{sha}",
                                f"blob not in the court store or not readable: {sha}"))
        data = bytes(row[0])
        if hashlib.sha256(data).hexdigest() != sha:
            raise BlobAltered(Text(f"法院库中的文件已被改动：{sha}", f"blob altered in the court store: {sha}"))
        return data
