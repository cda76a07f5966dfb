"""`workbench verify`: untouched data verifies; one flipped byte in a blob or one edited log row
is found and named, with exit code 1."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.cli import main

NUMBER = "（2026）苏0583民初1234号"


@pytest.fixture
def data(tmp_path, example_path):
    d = tmp_path / "data"
    assert main(["--data-dir", str(d), "case", "import", str(example_path)]) == 0
    assert main(["--data-dir", str(d), "event", NUMBER, "fee_notice", "--on", "2026-03-06"]) == 0
    return d


def test_untouched_data_verifies(data, capsys):
    assert main(["--data-dir", str(data), "verify"]) == 0
    assert "intact" in capsys.readouterr().out


def _blobs(data):
    return sorted(p for p in (data / "blobs").rglob("*") if p.is_file())


@pytest.mark.parametrize("index", [0, -1])
def test_one_flipped_byte_in_any_blob_is_named(data, capsys, index):
    blob = _blobs(data)[index]
    raw = bytearray(blob.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    blob.write_bytes(bytes(raw))
    assert main(["--data-dir", str(data), "verify", NUMBER]) == 1
    out = capsys.readouterr().out
    assert f"blobs/{blob.parent.name}/{blob.name}" in out and "altered" in out


def test_a_deleted_blob_is_named(data, capsys):
    blob = _blobs(data)[0]
    blob.unlink()
    assert main(["--data-dir", str(data), "verify"]) == 1
    assert blob.name in capsys.readouterr().out


@pytest.mark.parametrize("sql,expect", [
    ("UPDATE log SET payload = replace(payload, '王建国', '王建图') WHERE seq = 1", "第 1 条"),
    ("UPDATE log SET at = '2020-01-01T00:00:00+00:00' WHERE seq = 3", "第 3 条"),
    ("UPDATE log SET action = 'case.deleted' WHERE seq = 2", "第 2 条"),
    ("DELETE FROM log WHERE seq = 4", "第 5 条"),
    ("UPDATE documents SET title = '伪造的通知书' WHERE id = (SELECT min(id) FROM documents)", "title"),
    ("UPDATE documents SET blob = (SELECT blob FROM documents ORDER BY id LIMIT 1 OFFSET 1) WHERE id = (SELECT min(id) FROM documents)", "blob"),
    ("DELETE FROM documents WHERE id = (SELECT max(id) FROM documents)", "deleted"),
    ("UPDATE events SET on_date = '2026-03-01' WHERE kind = 'accepted'", "字段 on"),
    ("UPDATE cases SET judge = '李四'", "judge"),
])
def test_any_edited_row_is_found_and_named(data, capsys, sql, expect):
    conn = sqlite3.connect(data / "workbench.db")
    conn.execute(sql)
    conn.commit()
    conn.close()
    assert main(["--data-dir", str(data), "verify"]) == 1
    out = capsys.readouterr().out
    assert NUMBER in out and expect in out


def test_verify_json_reports_problems(data, capsys):
    conn = sqlite3.connect(data / "workbench.db")
    conn.execute("UPDATE log SET hash = 'x' WHERE seq = 2")
    conn.commit()
    assert main(["--data-dir", str(data), "verify", "--json"]) == 1
    import json
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["problems"]
