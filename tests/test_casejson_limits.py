"""Issue 11 item 8: case JSON limits and impossible values → exit 2, one line, nothing written,
no orphan blobs."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import pytest

from workbench.cli import main


def _files(d):
    return sorted(str(p.relative_to(d)) for p in (d / "blobs").rglob("*") if p.is_file()) if d.exists() else []


def _run(tmp_path, capsys, text: str | bytes):
    src = tmp_path / "case.json"
    src.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    data = tmp_path / "data"
    capsys.readouterr()
    code = main(["--data-dir", str(data), "case", "import", str(src)])
    err = capsys.readouterr().err.strip()
    return code, err, data


def _edited(example_doc, edit):
    doc = copy.deepcopy(example_doc)
    edit(doc)
    return json.dumps(doc, ensure_ascii=False)


def _person(doc):
    return next(p for p in doc["parties"] if p["kind"] == "person")


FUTURE = (date.today() + timedelta(days=3)).isoformat()
CASES = {
    "big file": lambda d: json.dumps({**d, "padding": "x" * 19_000, "more": ["y" * 19_000] * 60}),
    "deep nesting": lambda d: '{"a":' * 100_000 + "1" + "}" * 100_000,
    "moderate nesting": lambda d: json.dumps({**d, "elements": {**d["elements"], "x": json.loads("[" * 40 + "]" * 40)}}),
    "1e400": lambda d: json.dumps(d, ensure_ascii=False)[:-1] + ', "extra_rate": 1e400}',
    "NaN": lambda d: json.dumps(d, ensure_ascii=False)[:-1] + ', "extra_rate": NaN}',
    "huge integer": lambda d: json.dumps(d, ensure_ascii=False)[:-1] + ', "n": ' + "9" * 5000 + "}",
    "huge sequence number": lambda d: _edited(d, lambda x: x.update(case_number="（2026）苏0583民初" + "9" * 30 + "号")),
    "bad check digit": lambda d: _edited(d, lambda x: _person(x).update(id_number="320583197506031234")),
    "impossible birth date": lambda d: _edited(d, lambda x: _person(x).update(id_number="320583197502301237", born=None)),
    "id contradicts born": lambda d: _edited(d, lambda x: _person(x).update(born="1975-06-04")),
    "negative principal": lambda d: _edited(d, lambda x: x["elements"].update(principal="-80000")),
    "2026-02-30": lambda d: _edited(d, lambda x: x["elements"].update(lent_on="2026-02-30")),
    "future event": lambda d: _edited(d, lambda x: x.setdefault("events", []).append({"kind": "accepted", "on": FUTURE})),
    "filing year": lambda d: _edited(d, lambda x: x.update(filed_on="2025-12-30")),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_case_json_exits_2_with_one_line_and_writes_nothing(name, tmp_path, capsys, example_doc):
    code, err, data = _run(tmp_path, capsys, CASES[name](example_doc))
    assert code == 2, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err and " / " in err, err
    assert _files(data) == []  # no orphan blob
    if (data / "workbench.db").exists():
        import sqlite3
        assert sqlite3.connect(data / "workbench.db").execute("SELECT count(*) FROM cases").fetchone() == (0,)


def test_the_check_character_rule_accepts_valid_numbers(example_doc):
    from workbench.law.id_numbers import check_character, id_number_problem
    assert check_character("32058319750603123") == "X"
    assert id_number_problem("32058319750603123X") is None
    assert id_number_problem("11010519491231002X") is None  # GB 11643's own example
    assert id_number_problem("110105194912310021") is not None


def test_a_failed_import_leaves_no_orphan_blob(tmp_path, capsys, example_doc):
    """An event that renders documents, then a once-only event repeated: refused after rendering."""
    doc = copy.deepcopy(example_doc)
    doc["events"] = [{"kind": "accepted", "on": "2026-03-06"}, {"kind": "accepted", "on": "2026-03-07"}]
    code, err, data = _run(tmp_path, capsys, json.dumps(doc, ensure_ascii=False))
    assert code == 2 and _files(data) == []
