"""A data directory's connection to the court store: `court.json` and the password.

`court.json` (atomic writes) holds the DSN without credentials, the user, the cases checked out
and the court heads last seen; it never holds the password. The password goes to the system
keyring where one is usable (Secret Service, Windows Credential Locker, macOS Keychain); with no
usable backend it goes to `court.secret` in the data directory, readable by its owner only (0600).
The sync state that matters is not here: what is pending is found by comparing chains, so a lost
or stale `court.json` costs a re-comparison, never an entry.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import Text, UserError
from ..files import atomic_writer
from ..settings import env_override

SETTINGS = "court.json"
SECRET = "court.secret"
KEYRING_SERVICE = "judge-workbench-court"


@dataclass
class DeskSettings:
    dsn: str
    user: str
    login: str
    role: str = ""
    connected_at: str = ""
    password_in: str = ""                     # "keyring" or "file"
    checked_out: list[str] = field(default_factory=list)
    heads: dict[str, list] = field(default_factory=dict)   # number -> [count, head] last synced
    last_sync: str = ""


def load(data_dir: Path) -> DeskSettings | None:
    p = Path(data_dir) / SETTINGS
    if not p.exists():
        return None
    raw = json.loads(p.read_text(encoding="utf-8"))
    return DeskSettings(**{k: v for k, v in raw.items() if k in DeskSettings.__dataclass_fields__})


def save(data_dir: Path, s: DeskSettings) -> None:
    with atomic_writer(Path(data_dir) / SETTINGS) as fh:
        fh.write(json.dumps(asdict(s), ensure_ascii=False, indent=2).encode("utf-8"))


def require(data_dir: Path) -> DeskSettings:
    s = load(data_dir)
    if s is None:
        raise UserError(Text("本工作台未连接法院库；请先 `workbench court connect DSN --user NAME`",
                             "this desk is not connected to a court store"))
    return s


def _keyring():
    try:
        import keyring
        from keyring.backends import fail
        kr = keyring.get_keyring()
        if isinstance(kr, fail.Keyring) or getattr(kr, "priority", 0) <= 0:
            return None
        return keyring
    except Exception:  # noqa: BLE001 - a broken keyring backend means "no keyring"
        return None


def _account(data_dir: Path, login: str) -> str:
    return f"{login}@{Path(data_dir).resolve()}"


def store_password(data_dir: Path, login: str, password: str) -> str:
    """Keep the password; returns where ("keyring" or "file")."""
    kr = _keyring()
    if kr is not None:
        try:
            kr.set_password(KEYRING_SERVICE, _account(data_dir, login), password)
            return "keyring"
        except Exception:  # noqa: BLE001 - locked or refusing keyring: fall back to the file
            pass
    path = Path(data_dir) / SECRET
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(password)
    os.chmod(path, 0o600)
    return "file"


def read_password(data_dir: Path, s: DeskSettings) -> str:
    env = env_override("court_password")
    if env:
        return env
    if s.password_in == "keyring":
        kr = _keyring()
        pw = kr.get_password(KEYRING_SERVICE, _account(data_dir, s.login)) if kr else None
        if pw:
            return pw
    path = Path(data_dir) / SECRET
    if path.exists():
        if path.stat().st_mode & 0o077:
            raise UserError(Text(f"{path} 的权限过宽，请设为 0600",
                                 f"{path} is readable by others; chmod 600"))
        return path.read_text(encoding="utf-8")
    raise UserError(Text("没有保存的法院库密码；请重新连接", "no stored password; connect again"))


def forget_password(data_dir: Path, s: DeskSettings) -> None:
    kr = _keyring()
    if kr is not None:
        try:
            kr.delete_password(KEYRING_SERVICE, _account(data_dir, s.login))
        except Exception:  # noqa: BLE001 - nothing stored there
            pass
    try:
        (Path(data_dir) / SECRET).unlink()
    except FileNotFoundError:
        pass


def forget(data_dir: Path) -> DeskSettings | None:
    s = load(data_dir)
    if s is None:
        return None
    forget_password(data_dir, s)
    (Path(data_dir) / SETTINGS).unlink()
    return s
