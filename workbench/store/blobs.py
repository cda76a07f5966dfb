"""Content-addressed blob store: every page, file and recording is kept once, named by SHA-256.

A blob's name is the hash of its bytes, so any alteration on disk is detectable by rehashing, and
identical files are stored once however often they are filed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import BlobAltered, NotFound, Text
from ..files import atomic_write_bytes, clean_stale_temps

CHUNK = 1 << 20


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


class BlobStore:
    """Blobs under `root/ab/cdef…`; writes are atomic and idempotent."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        # Blobs are written through one folder beside them: what a killed writer left there is
        # removed on the next start (a killed demo or intake leaves no .tmp behind).
        self.tmp = self.root / ".incoming"
        self.tmp.mkdir(exist_ok=True)
        clean_stale_temps(self.tmp)

    def path(self, sha: str) -> Path:
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise NotFound(Text(f"不是有效的文件摘要：{sha!r}", f"not a blob id: {sha!r}"))
        return self.root / sha[:2] / sha[2:]

    def put(self, data: bytes) -> str:
        sha = sha256_bytes(data)
        target = self.path(sha)
        if not target.exists():
            atomic_write_bytes(target, data, tmp_dir=self.tmp)
        return sha

    def put_file(self, source: Path) -> str:
        sha = sha256_file(source)
        target = self.path(sha)
        if not target.exists():
            with open(source, "rb") as fh:
                atomic_write_bytes(target, iter(lambda: fh.read(CHUNK), b""), tmp_dir=self.tmp)
        return sha

    def exists(self, sha: str) -> bool:
        return self.path(sha).exists()

    def get(self, sha: str) -> bytes:
        try:
            return self.path(sha).read_bytes()
        except FileNotFoundError:
            raise NotFound(Text(f"文件缺失：{sha}", f"blob missing: {sha}")) from None

    def get_verified(self, sha: str) -> bytes:
        data = self.get(sha)
        if sha256_bytes(data) != sha:
            raise BlobAltered(Text(f"文件已被改动：{sha}", f"blob altered: {sha}"))
        return data

    def check(self, sha: str) -> str | None:
        """Return None if the blob is intact, else a short reason ('missing' or 'altered'; a
        name that is not a SHA-256 at all, e.g. a row edited by hand, is 'missing')."""
        try:
            p = self.path(sha)
        except NotFound:
            return "missing"
        if not p.exists():
            return "missing"
        return None if sha256_file(p) == sha else "altered"
