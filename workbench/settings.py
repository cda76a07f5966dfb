"""The one settings module: typed keys with defaults, one JSON file in the data directory, a
schema version with upgrade steps (in the spirit of MusicBrainz Picard's options).

Every setting the GUI or the CLI keeps lives in `<data dir>/settings.json`, read and written
only through `Settings`. The file is written atomically (temp file + fsync + rename), so a crash
leaves the old settings or the new ones. Four environment variables remain as overrides for a
session; they are read here and nowhere else:

    WORKBENCH_DATA_DIR   the data directory (read before any settings file can be found)
    WORKBENCH_RESOURCES  a court's own copy of resources/ (templates, catalogue orders, ...)
    WORKBENCH_CJK_FONT   the TrueType font for PDF documents (path[#index])
    WORKBENCH_LANG       the interface language (zh, en)

Older data directories kept settings elsewhere: a QSettings `settings.ini` (built separately by
two GUI modules) and a SQLite `settings` table that was read and never written. The first load
of a directory without `settings.json` reads both once (upgrade step 0 → 1); the table is left
as it was and never read again.
"""

from __future__ import annotations

import configparser
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .files import atomic_write_bytes

FILE_NAME = "settings.json"
LEGACY_INI = "settings.ini"
LEGACY_DB = "workbench.db"
SCHEMA_VERSION = 2

ENV = {
    "data_dir": "WORKBENCH_DATA_DIR",
    "resources": "WORKBENCH_RESOURCES",
    "cjk_font": "WORKBENCH_CJK_FONT",
    "language": "WORKBENCH_LANG",
    # For scripts only: a desk's court password (issue 10); never written anywhere.
    "court_password": "WORKBENCH_PASSWORD",
    "court_new_password": "WORKBENCH_NEW_PASSWORD",  # `court user add` in scripts
    # Where a court's IT keeps PostgreSQL's initdb/pg_ctl, if not on PATH or in Debian's place.
    "pg_bindir": "PG_BINDIR",
}


def env_override(name: str) -> str | None:
    """The environment's override for `name` (a key of ENV), or None when unset or blank."""
    value = os.environ.get(ENV[name], "").strip()
    return value or None


@dataclass(frozen=True)
class Option:
    """One setting: its type, its default, the values it may take, and a line saying what it is."""
    key: str
    type: type
    default: Any
    doc: str
    choices: tuple[Any, ...] = ()
    env: str | None = None  # the ENV name that overrides it for a session
    parse: Callable[[str], Any] | None = None  # text (from the environment) to a value

    def check(self, value: Any) -> Any:
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, self.type) or (self.type is int and isinstance(value, bool)):
            raise TypeError(f"{self.key}: expected {self.type.__name__}, got {value!r}")
        if self.choices and value not in self.choices:
            raise ValueError(f"{self.key}: {value!r} is not one of {self.choices}")
        return value


def _language(text: str) -> str:
    # zh_CN.UTF-8, zh-Hans, en_GB ... as a locale variable would give them.
    low = text.strip().lower()
    return "zh" if low.startswith("zh") else "en" if low.startswith("en") else low


OPTIONS: dict[str, Option] = {o.key: o for o in (
    Option("ui.language", str, "zh", "interface language", ("zh", "en"), env="language",
           parse=_language),
    Option("court.name", str, "", "the court this data directory belongs to (intake's corrections)"),
    Option("court.code", str, "", "this court's code in case numbers, e.g. 苏0583 (registration)"),
    Option("court.appeal_court", str, "", "the court appeals from this court go to"),
    Option("intake.watch_folder", str, "",
           "folder watched for new scans; empty means <data dir>/dropbox"),
    Option("ui.last_folder", str, "", "the folder a file dialog last used"),
    Option("ui.window_geometry", dict, {}, "window geometry per screen: {screen: [x, y, w, h]}"),
    Option("ui.autosave_seconds", int, 5, "how often unsaved drafts and records are saved aside"),
    Option("ui.first_run_done", bool, False, "the first-run guide has been shown"),
    Option("court.sync_seconds", int, 120,
           "seconds between background syncs with the court store while connected; 0 disables"),
)}


def _from_legacy(data_dir: Path) -> dict[str, Any]:
    """Step 0 → 1: what settings.ini and the SQLite settings table held, under today's keys."""
    out: dict[str, Any] = {}
    ini = data_dir / LEGACY_INI
    if ini.is_file():
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(ini, encoding="utf-8")
        except configparser.Error:
            parser = configparser.ConfigParser()
        if parser.has_option("ui", "language"):
            out["ui.language"] = parser.get("ui", "language").strip()
    db = data_dir / LEGACY_DB
    if db.is_file():
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            try:
                rows = conn.execute("SELECT key, value FROM settings").fetchall()
            finally:
                conn.close()
        except sqlite3.Error:
            rows = []
        names = {"court_name": "court.name", "language": "ui.language",
                 "dropbox": "intake.watch_folder"}
        for key, value in rows:
            if key in names and names[key] not in out:
                out[names[key]] = value
    return out


def _v1_to_v2(values: dict[str, Any]) -> dict[str, Any]:
    # Version 1 kept one window geometry; version 2 keeps one per screen.
    geo = values.pop("ui.window", None)
    if isinstance(geo, list) and len(geo) == 4:
        values["ui.window_geometry"] = {"default": geo}
    return values


# Upgrade steps: UPGRADES[n] takes a version-n mapping to version n + 1.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


@dataclass
class Settings:
    """The settings of one data directory. `get` gives the typed value (an environment override
    first), `set` checks the type and saves at once."""
    data_dir: Path
    values: dict[str, Any] = field(default_factory=dict)
    version: int = SCHEMA_VERSION
    upgraded_from: int | None = None

    @property
    def path(self) -> Path:
        return self.data_dir / FILE_NAME

    @classmethod
    def load(cls, data_dir: Path | str) -> "Settings":
        root = Path(data_dir)
        path = root / FILE_NAME
        raw: dict[str, Any] | None = None
        if path.is_file():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                raw = None  # unreadable: start from the defaults rather than refuse to start
        if raw is None or not isinstance(raw, dict):
            version, values = 1, _from_legacy(root)
            start = 0 if values else SCHEMA_VERSION  # nothing old to carry over: no file yet
        else:
            version = int(raw.get("version", 1))
            values = dict(raw.get("values", {}))
            start = version
        while start != SCHEMA_VERSION and version < SCHEMA_VERSION:
            values = UPGRADES[version](values)
            version += 1
        s = cls(root, {}, SCHEMA_VERSION, start if start != SCHEMA_VERSION else None)
        for key, value in values.items():
            opt = OPTIONS.get(key)
            if opt is None:
                continue  # a key from a newer or older program: dropped on the next save
            try:
                s.values[key] = opt.check(value)
            except (TypeError, ValueError):
                pass  # a bad value falls back to the default
        if s.upgraded_from is not None and root.is_dir():
            s.save()
        return s

    def get(self, key: str) -> Any:
        opt = OPTIONS[key]
        if opt.env:
            env = env_override(opt.env)
            if env is not None:
                try:
                    return opt.check(opt.parse(env) if opt.parse else opt.type(env))
                except (TypeError, ValueError):
                    pass
        value = self.values.get(key, opt.default)
        return dict(value) if isinstance(value, dict) else value

    def set(self, key: str, value: Any) -> None:
        self.values[key] = OPTIONS[key].check(value)
        self.save()

    def reset(self, key: str) -> None:
        self.values.pop(key, None)
        self.save()

    def save(self) -> None:
        body = {"version": self.version, "values": self.values}
        atomic_write_bytes(self.path, json.dumps(body, ensure_ascii=False, indent=2,
                                                 sort_keys=True).encode("utf-8"))

    # ---- derived values -----------------------------------------------------------------------
    def watch_folder(self) -> Path:
        chosen = self.get("intake.watch_folder")
        return Path(chosen).expanduser() if chosen else self.data_dir / "dropbox"
