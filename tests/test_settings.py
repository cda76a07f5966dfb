"""The one settings module: typed keys, one atomic JSON file, upgrades from the old formats."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from workbench import settings as S
from workbench.settings import Settings


def test_defaults_then_saved_values_survive_a_reload(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_LANG", raising=False)
    s = Settings.load(tmp_path)
    assert s.get("ui.language") == "zh"
    assert s.watch_folder() == tmp_path / "dropbox"
    s.set("intake.watch_folder", str(tmp_path / "scans"))
    s.set("ui.window_geometry", {"1280x720": [0, 0, 1280, 690]})
    again = Settings.load(tmp_path)
    assert again.watch_folder() == tmp_path / "scans"
    assert again.get("ui.window_geometry") == {"1280x720": [0, 0, 1280, 690]}
    body = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert body["version"] == S.SCHEMA_VERSION


def test_types_and_choices_are_checked(tmp_path):
    s = Settings.load(tmp_path)
    with pytest.raises(ValueError):
        s.set("ui.language", "fr")
    with pytest.raises(TypeError):
        s.set("ui.autosave_seconds", "5")
    with pytest.raises(KeyError):
        s.set("no.such.key", 1)
    assert not (tmp_path / "settings.json").exists()  # nothing written by a refused value


def test_a_bad_value_in_the_file_falls_back_to_the_default(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_LANG", raising=False)
    (tmp_path / "settings.json").write_text(json.dumps(
        {"version": S.SCHEMA_VERSION, "values": {"ui.language": "xx", "ui.autosave_seconds": 9,
                                                  "gone.key": 1}}), encoding="utf-8")
    s = Settings.load(tmp_path)
    assert s.get("ui.language") == "zh" and s.get("ui.autosave_seconds") == 9


def test_environment_overrides_the_saved_language(tmp_path, monkeypatch):
    s = Settings.load(tmp_path)
    s.set("ui.language", "en")
    monkeypatch.setenv("WORKBENCH_LANG", "zh")
    assert s.get("ui.language") == "zh"
    monkeypatch.delenv("WORKBENCH_LANG")
    assert s.get("ui.language") == "en"


def test_old_settings_ini_and_sqlite_table_are_read_once_and_upgraded(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_LANG", raising=False)
    # What an older data directory carries: QSettings' ini and the settings table.
    (tmp_path / "settings.ini").write_text("[ui]\nlanguage=en\n", encoding="utf-8")
    conn = sqlite3.connect(tmp_path / "workbench.db")
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT INTO settings VALUES ('court_name', '江苏省张家港市人民法院')")
    conn.commit()
    conn.close()
    s = Settings.load(tmp_path)
    assert s.upgraded_from == 0
    assert s.get("ui.language") == "en"
    assert s.get("court.name") == "江苏省张家港市人民法院"
    assert (tmp_path / "settings.json").is_file()
    # From now on the file is the only source: a later change to the ini is not read.
    (tmp_path / "settings.ini").write_text("[ui]\nlanguage=zh\n", encoding="utf-8")
    assert Settings.load(tmp_path).get("ui.language") == "en"


def test_version_1_file_is_upgraded_by_its_step(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps(
        {"version": 1, "values": {"ui.window": [10, 20, 1200, 700]}}), encoding="utf-8")
    s = Settings.load(tmp_path)
    assert s.upgraded_from == 1
    assert s.get("ui.window_geometry") == {"default": [10, 20, 1200, 700]}
    assert json.loads((tmp_path / "settings.json").read_text())["version"] == 2


def test_a_failed_save_leaves_the_old_file(tmp_path, monkeypatch):
    s = Settings.load(tmp_path)
    s.set("ui.language", "en")
    before = (tmp_path / "settings.json").read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")
    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        s.set("ui.language", "zh")
    assert (tmp_path / "settings.json").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temp file left


def test_only_the_settings_module_reads_the_environment():
    root = Path(__file__).resolve().parents[1]
    readers = []
    for path in [*root.glob("workbench/**/*.py"), *root.glob("ui/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        if "os.environ.get(" in text or "getenv(" in text or "os.environ[" in text:
            readers.append(path.relative_to(root).as_posix())
    assert readers == ["workbench/settings.py"]


def test_court_name_from_settings_drives_intake(tmp_path):
    from workbench.intake.pipeline import court_of
    from workbench.service import Workbench
    with Workbench.open(tmp_path / "d") as wb:
        Settings.load(wb.data_dir).set("court.name", "某某人民法院")
        assert court_of(wb) == "某某人民法院"


def test_the_cli_reads_and_writes_the_file_the_gui_uses(tmp_path, capsys, monkeypatch):
    from workbench.cli import main
    monkeypatch.delenv("WORKBENCH_LANG", raising=False)
    d = str(tmp_path / "court")
    assert main(["--data-dir", d, "settings", "set", "ui.language", "en"]) == 0
    assert main(["--data-dir", d, "settings", "set", "ui.autosave_seconds", "10"]) == 0
    assert Settings.load(d).get("ui.language") == "en"  # what the GUI will read at start
    assert Settings.load(d).get("ui.autosave_seconds") == 10
    capsys.readouterr()
    assert main(["--data-dir", d, "settings", "get", "ui.language"]) == 0
    assert capsys.readouterr().out.strip() == "en"
    assert main(["--data-dir", d, "settings", "set", "ui.language", "fr"]) == 2
    capsys.readouterr()
    assert main(["--data-dir", d, "settings", "list", "--json"]) == 0
    rows = {r["key"]: r["value"] for r in json.loads(capsys.readouterr().out)}
    assert rows["ui.language"] == "en" and rows["intake.watch_folder"] == ""
