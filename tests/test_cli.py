"""The CLI as a clerk or a batch job uses it: help everywhere, JSON where the result is data, and
exit code 2 with a clear message (and nothing written) for bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from workbench.cli import build_parser, main

NUMBER = "（2026）苏0583民初1234号"


def _commands(parser, prefix=()):
    for action in parser._actions:
        if action.__class__.__name__ == "_SubParsersAction":
            for name, sub in action.choices.items():
                yield (*prefix, name)
                yield from _commands(sub, (*prefix, name))


@pytest.mark.parametrize("command", list(_commands(build_parser())))
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    assert "usage: workbench" in capsys.readouterr().out


def _counts(data):
    import sqlite3
    if not (data / "workbench.db").exists():
        return (0, 0, 0)
    conn = sqlite3.connect(data / "workbench.db")
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("cases", "log", "documents"))
    finally:
        conn.close()


@pytest.mark.parametrize("number,reason", [
    ("（2026）苏0583民初", "sequence"),
    ("（2026）火0583民初12号", "province"),
    ("（2026）苏058民初12号", "court code"),
    ("（2026）苏0583民法12号", "type"),
    ("2026苏0583民初12号", "bracket"),
])
def test_invalid_case_number_exits_2_and_writes_nothing(tmp_path, capsys, number, reason):
    data = tmp_path / "d"
    code = main(["--data-dir", str(data), "case", "new", "--number", number, "--cause", "民间借贷纠纷",
                 "--court", "江苏省昆山市人民法院", "--plaintiff", "甲", "--defendant", "乙"])
    assert code == 2
    err = capsys.readouterr().err
    assert number in err and reason in err.lower()
    assert _counts(data) == (0, 0, 0)


def test_case_new_accepts_half_width_and_prints_canonical(tmp_path, capsys):
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "case", "new", "--number", "(2026)苏0583民初77",
                 "--cause", "民间借贷纠纷", "--court", "江苏省昆山市人民法院", "--plaintiff", "甲",
                 "--defendant", "乙", "--amount", "5000", "--filed-on", "2026-05-06",
                 "--file-event"]) == 0
    assert "（2026）苏0583民初77号" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "efile", "catalogue", "(2026)苏0583民初77号", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert entries == []  # the complaint is the plaintiff's: never generated
    assert main(["--data-dir", str(data), "efile", "catalogue", "(2026)苏0583民初77号"]) == 0
    assert "起诉状（或口诉笔录）" in capsys.readouterr().out  # shown as the file's gap


def test_malformed_json_exits_2_naming_the_field(tmp_path, capsys, example_doc):
    example_doc["parties"][1]["role"] = "witness"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(example_doc, ensure_ascii=False), encoding="utf-8")
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "case", "import", str(bad)]) == 2
    assert "parties[1].role" in capsys.readouterr().err
    assert _counts(data) == (0, 0, 0)
    bad.write_text("{ not json", encoding="utf-8")
    assert main(["--data-dir", str(data), "case", "import", str(bad)]) == 2
    assert "第 1 行" in capsys.readouterr().err


def test_unknown_event_kind_exits_2_and_writes_nothing(tmp_path, capsys, example_path):
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "case", "import", str(example_path)]) == 0
    before = _counts(data)
    assert main(["--data-dir", str(data), "event", NUMBER, "teleported"]) == 2
    assert "unknown event kind" in capsys.readouterr().err
    assert _counts(data) == before


def test_import_twice_is_refused(tmp_path, capsys, example_path):
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "case", "import", str(example_path)]) == 0
    before = _counts(data)
    assert main(["--data-dir", str(data), "case", "import", str(example_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert _counts(data) == before


def test_import_export_list_show_json(tmp_path, capsys, example_path, example_doc):
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "case", "import", str(example_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["case_number"] == NUMBER
    assert main(["--data-dir", str(data), "case", "export", "(2026)苏0583民初1234号"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["parties"] == example_doc["parties"]
    assert exported["claims"] == example_doc["claims"]
    assert main(["--data-dir", str(data), "case", "list", "--text", "宏达", "--json"]) == 0
    assert [r["number"] for r in json.loads(capsys.readouterr().out)] == [NUMBER]
    assert main(["--data-dir", str(data), "case", "list", "--text", "没有这个人", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--data-dir", str(data), "case", "show", NUMBER, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "heard"
    assert shown["catalogue"]["正卷"][0]["title"] == "受理案件通知书"
    assert any("起诉状" in g for g in shown["gaps"]) and any("庭审笔录" in g for g in shown["gaps"])


def test_efile_export_writes_pdf(tmp_path, capsys, example_path):
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "case", "import", str(example_path)]) == 0
    capsys.readouterr()
    out = tmp_path / "正卷.pdf"
    assert main(["--data-dir", str(data), "efile", "export", NUMBER, "--volume", "正卷", "-o", str(out),
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert out.read_bytes().startswith(b"%PDF") and result["total_pages"] >= 5
    assert main(["--data-dir", str(data), "efile", "export", NUMBER, "--volume", "卷三", "-o",
                 str(out)]) == 2


def test_environment_variable_chooses_the_data_dir(tmp_path, example_path):
    env_dir = tmp_path / "from-env"
    code = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "case", "import", str(example_path)],
        env={**__import__("os").environ, "WORKBENCH_DATA_DIR": str(env_dir)},
        capture_output=True, text=True)
    assert code.returncode == 0, code.stderr
    assert (env_dir / "workbench.db").exists()
