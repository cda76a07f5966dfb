"""Issue 11 item 6: AES-256 and permissions-only PDFs never crash intake or `efile add`.

A permissions-only PDF (an owner password, no user password: what banks send) opens and is
filed; one that needs a password to open is refused with a one-line reason, and the rest of an
intake batch goes on.
"""

from __future__ import annotations

import io

import pytest

from workbench.cli import main
from workbench.intake.importers import import_paths

NUMBER = "（2026）苏0583民初1234号"


def _pdf(text: str) -> bytes:
    from workbench.efile.layout import Writer
    w = Writer("测试", "测试")
    w.paragraph(text)
    return w.finish()


def _encrypted(text: str, user: str, algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter
    w = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf(text))))
    w.encrypt(user_password=user, owner_password="owner-secret", algorithm=algorithm)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


ALGORITHMS = ["AES-256", "AES-128", "RC4-128"]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_intake_reads_permissions_only_pdfs_and_refuses_password_ones_batch_goes_on(tmp_path, algorithm):
    d = tmp_path / "batch"
    d.mkdir()
    (d / "a_statement.pdf").write_bytes(_encrypted("中国工商银行个人账户交易明细，仅限查阅，不得修改。", "", algorithm))
    (d / "b_locked.pdf").write_bytes(_encrypted("需要密码才能打开的文件，不能导入。", "open-me", algorithm))
    (d / "c_plain.pdf").write_bytes(_pdf("民事答辩状：答辩人就民间借贷纠纷一案提出答辩意见如下。"))
    res = import_paths([d])
    assert [f.name for f in res.files] == ["a_statement.pdf", "c_plain.pdf"]
    assert "交易明细" in res.files[0].pages[0].text_layer
    [problem] = res.problems
    assert problem.path.endswith("b_locked.pdf")
    assert "密码" in problem.reason and "password" in problem.reason and "\n" not in problem.reason


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_efile_add_files_a_permissions_only_pdf_and_refuses_a_password_one(tmp_path, capsys,
                                                                           example_path, algorithm):
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "case", "import", str(example_path)]) == 0
    ok, locked = tmp_path / "statement.pdf", tmp_path / "locked.pdf"
    ok.write_bytes(_encrypted("银行流水，仅限查阅。", "", algorithm))
    locked.write_bytes(_encrypted("需要密码的文件。", "open-me", algorithm))
    capsys.readouterr()
    assert main(["--data-dir", str(data), "efile", "add", NUMBER, str(ok), "--category", "evidence"]) == 0
    assert main(["--data-dir", str(data), "efile", "add", NUMBER, str(locked),
                 "--category", "evidence"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "locked.pdf" in err and "password" in err and "Traceback" not in err
    assert main(["--data-dir", str(data), "efile", "export", NUMBER, "-o",
                 str(tmp_path / "v.pdf")]) == 0  # the permissions-only PDF binds into the volume
    assert main(["--data-dir", str(data), "verify"]) == 0
