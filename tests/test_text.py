"""Messages in both languages: the CLI keeps "中文 / English", the GUI picks one half."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.errors import NotFound, Text, UserError, in_language, split_bilingual

ROOT = Path(__file__).resolve().parents[1]


def test_a_text_prints_bilingual_and_gives_each_language():
    t = Text("案号已存在：1", "case already exists: 1")
    assert str(t) == "案号已存在：1 / case already exists: 1"
    assert t.text("zh") == "案号已存在：1" and t.text("en") == "case already exists: 1"
    assert pickle.loads(pickle.dumps(t)).en == "case already exists: 1"


def test_concatenation_keeps_both_languages():
    refuse = Text("拒绝导入：", "import refused: ")
    t = refuse + Text("文件不存在", "no such file") + "\n  - a.zip"
    assert isinstance(t, Text)
    assert t.zh == "拒绝导入：文件不存在\n  - a.zip" and t.en == "import refused: no such file\n  - a.zip"
    assert Text.join("、", ", ", ["甲", "乙"]).en == "甲, 乙"


def test_errors_carry_a_text_across_processes():
    e = NotFound(Text("没有此案件", "no such case"), field="case")
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is NotFound and back.field == "case"
    assert str(back) == "没有此案件 / no such case" and back.text("en") == "no such case"
    # An old-style bilingual string still splits for the GUI.
    assert UserError("文件不存在 / no such file").text("zh") == "文件不存在"


def test_in_language_reads_findings_and_old_strings():
    class Finding:
        zh, en = "缺少落款日期", "no date"
    assert in_language(Finding(), "en") == "no date"
    assert in_language("不是 PDF 文件 / not a PDF file", "zh") == "不是 PDF 文件"
    assert in_language("卷别应为 正卷 或 副卷", "en") == "卷别应为 正卷 或 副卷"
    assert split_bilingual("a / b") is None


def test_the_cli_still_prints_both_languages(tmp_path, capsys):
    from workbench.cli import main
    code = main(["--data-dir", str(tmp_path / "d"), "case", "show", "（2026）苏0583民初9999号"])
    err = capsys.readouterr().err
    assert code == 2
    assert " / " in err and any("\u4e00" <= c <= "\u9fff" for c in err), err


SAMPLE = '''
from ..errors import UserError

def f(name, path, x):
    if x:
        raise UserError(f"{name}: 文件为空 / file is empty")
    if not x:
        raise UserError(f"文件不存在 / no such file: {path}")
    prefix = "拒绝导入 / import refused: "
    notes = [f"开庭 {x} / hearing on {x}", "没有页面 / no pages"]
    print("已记录 / recorded")
    raise UserError(f"未知 {x!r} / unknown; 可用 / known: " + ", ".join(path))
'''


def test_the_codemod_converts_reports_and_is_idempotent(tmp_path):
    pkg = tmp_path / "workbench" / "intake"
    pkg.mkdir(parents=True)
    mod = pkg / "m.py"
    mod.write_text(SAMPLE, encoding="utf-8")
    run = [sys.executable, str(ROOT / "scripts" / "codemod_text.py"), str(tmp_path / "workbench")]
    first = subprocess.run(run, capture_output=True, text=True)
    src = mod.read_text(encoding="utf-8")
    assert "from ..errors import Text, UserError" in src
    assert 'Text(f"{name}: 文件为空", f"{name}: file is empty")' in src
    assert 'Text(f"文件不存在：{path}", f"no such file: {path}")' in src
    assert 'Text("拒绝导入：", "import refused: ")' in src
    assert 'Text(f"开庭 {x}", f"hearing on {x}")' in src and 'Text("没有页面", "no pages")' in src
    assert 'print("已记录 / recorded")' in src  # the terminal's own output is left alone
    assert "NOT DONE" in first.stdout and "interleaved" in first.stdout  # reported, unchanged
    assert '"未知 {x!r} / unknown; 可用 / known: "' in src or "未知 {x!r} / unknown" in src
    compile(src, str(mod), "exec")
    second = subprocess.run(run + ["--check"], capture_output=True, text=True)
    assert second.returncode == 0 and mod.read_text(encoding="utf-8") == src
