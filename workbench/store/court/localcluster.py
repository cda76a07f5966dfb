"""A private PostgreSQL cluster in a directory: for tests, benchmarks and a one-machine trial.

Runs Debian's `initdb` and `pg_ctl` (PostgreSQL 15 or later). PostgreSQL refuses to run as root,
so as root the server runs as an unprivileged system user (`postgres`, created if missing); the
directory is handed to that user. The server listens on 127.0.0.1 on a free port and on a unix
socket inside the directory; every connection needs a password (scram-sha-256), so wrong
passwords are really refused.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from ...errors import Text

SUPERUSER = "postgres"


class ClusterUnavailable(RuntimeError):
    """PostgreSQL's server programs are not installed (or could not start)."""


def find_bindir() -> Path:
    """The directory of initdb/pg_ctl: $PG_BINDIR, PATH, then Debian's /usr/lib/postgresql/N/bin
    (highest N first)."""
    from ...settings import env_override
    env = env_override("pg_bindir")
    candidates = [Path(env)] if env else []
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                                           key=lambda p: int(Path(p).parent.name)
                                           if Path(p).parent.name.isdigit() else 0, reverse=True)]
    for c in candidates:
        if (c / "initdb").exists() and (c / "pg_ctl").exists():
            return c
    raise ClusterUnavailable(
        Text("没有找到 PostgreSQL 服务器程序",
             "PostgreSQL server programs (initdb, pg_ctl) not found: install Debian's `postgresql` package (scripts/system-deps.sh does it as root) or set PG_BINDIR"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> str | None:
    """The user the server runs as when we are root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SUPERUSER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        SUPERUSER], check=True)
    return SUPERUSER


@dataclass
class LocalCluster:
    root: Path
    port: int
    password: str
    bindir: Path
    user: str | None = None

    @property
    def datadir(self) -> Path:
        return self.root / "pgdata"

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    def dsn(self, dbname: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        pw = self.password if password is None and user == SUPERUSER else password
        auth = f"{user}:{pw}@" if pw else f"{user}@"
        return f"postgresql://{auth}127.0.0.1:{self.port}/{dbname}"

    def _cmd(self, args: list[str], **kw) -> subprocess.CompletedProcess:
        if self.user:
            args = ["runuser", "-u", self.user, "--"] + args
        return subprocess.run(args, capture_output=True, text=True, **kw)

    @classmethod
    def create(cls, root: Path, *, port: int | None = None) -> "LocalCluster":
        bindir = find_bindir()
        root = Path(root)
        root.mkdir(parents=True, exist_ok=True)
        user = _run_as()
        c = cls(root, port or free_port(), secrets.token_hex(12), bindir, user)
        c.socket_dir.mkdir(exist_ok=True)
        pwfile = root / "pwfile"
        pwfile.write_text(c.password + "\n")
        if user:
            info = pwd.getpwnam(user)
            os.chmod(root, 0o755)
            for p in (root, c.socket_dir, pwfile):
                os.chown(p, info.pw_uid, info.pw_gid)
        os.chmod(pwfile, 0o600)
        res = c._cmd([str(bindir / "initdb"), "-D", str(c.datadir), "-U", SUPERUSER,
                      "--pwfile", str(pwfile), "--auth=scram-sha-256", "-E", "UTF8",
                      "--locale=C.UTF-8", "--no-sync"])
        if res.returncode:
            raise ClusterUnavailable(f"initdb failed: {res.stderr.strip() or res.stdout.strip()}")
        pwfile.unlink()
        return c

    def start(self, durable: bool = False) -> None:
        """Start the server. Not `durable` (tests): no fsync, which survives a killed server but
        not a power cut; `durable`: PostgreSQL's defaults, as a court runs it. Commits stay
        synchronous either way: with synchronous_commit off an immediate stop loses the last
        acknowledged commits (a user created a moment before), which is not what a test of a
        server stopped mid-sync may assume."""
        opts = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                f"-c unix_socket_directories={self.socket_dir} -c max_connections=100 "
                "-c shared_buffers=64MB")
        if not durable:
            opts += " -c fsync=off -c full_page_writes=off"
        res = self._cmd([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-w", "-t", "60",
                         "-l", str(self.root / "server.log"), "-o", opts, "start"])
        if res.returncode:
            log = (self.root / "server.log")
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ClusterUnavailable(f"pg_ctl start failed: {res.stderr.strip()}\n{tail}")

    def stop(self, mode: str = "fast") -> None:
        self._cmd([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-w", "-m", mode, "stop"])

    def running(self) -> bool:
        res = self._cmd([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "status"])
        return res.returncode == 0
