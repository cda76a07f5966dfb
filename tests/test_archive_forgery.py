"""archive verify against a forger who rewrites a package consistently: every hash in the manifest
and SHA256SUMS recomputed, the chain recomputed end to end where the log changes. Each forgery is
named in one line and exits 1; honest packages of every concluded demo case stay intact."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from workbench.archive import PackageRefused, import_package, seal_case, verify_package
from workbench.cli import main
from workbench.service import CaseQuery, Workbench
from workbench.store.eventlog import GENESIS, entry_hash


@pytest.fixture
def demo(demo_dir):
    wb = Workbench.open(demo_dir)
    yield wb
    wb.close()


@pytest.fixture
def package(demo, tmp_path) -> Path:
    number = demo.list_cases(CaseQuery(status="concluded"), 0, 1)[0].number
    return seal_case(demo, number, tmp_path / "out" / "package.zip").package.path


def _read(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _dump(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _rechain(files: dict[str, bytes]) -> None:
    """Recompute every entry hash of log.json and every place that repeats the head."""
    manifest = json.loads(files["manifest.json"])
    number = manifest["case_number"]
    log = json.loads(files["log.json"])
    prev, printed = GENESIS, ""
    for e in log:
        e["prev_hash"] = prev
        e["hash"] = entry_hash(number, e["seq"], e["at"], e["action"], e["payload"], prev, e.get("actor"))
        if e["action"] == "event.recorded" and json.loads(e["payload"]).get("kind") == "archived":
            printed = prev
        prev = e["hash"]
    files["log.json"] = _dump(log)
    tables = json.loads(files["tables.json"])
    tables["cases"][0]["log_head"] = prev
    files["tables.json"] = _dump(tables)
    four = json.loads(files["four_properties.json"])
    four["chain_head"] = printed
    files["four_properties.json"] = _dump(four)
    manifest["chain"]["head"] = prev
    files["manifest.json"] = _dump(manifest)


def _write(files: dict[str, bytes], out: Path) -> Path:
    """Recompute the manifest's file list and SHA256SUMS over `files` and write the zip."""
    manifest = json.loads(files["manifest.json"])
    manifest["files"] = sorted(({"path": n, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                                for n, d in files.items() if n not in ("manifest.json", "SHA256SUMS")),
                               key=lambda f: f["path"])
    mbytes = _dump(manifest)
    files["manifest.json"] = mbytes
    files["SHA256SUMS"] = ("".join(f"{f['sha256']}  {f['path']}\n" for f in manifest["files"])
                           + f"{hashlib.sha256(mbytes).hexdigest()}  manifest.json\n").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in files.items():
            zf.writestr(n, d)
    return out


def _one_problem(path: Path, capsys, *words: str) -> str:
    assert main(["archive", "verify", str(path)]) == 1
    out = capsys.readouterr().out
    hits = [line for line in out.splitlines() if all(w in line for w in words)]
    assert hits, out
    return hits[0]


def test_a_party_renamed_in_tables_json_is_named_and_not_imported(package, tmp_path, capsys):
    files = _read(package)
    assert verify_package(_write(dict(files), tmp_path / "same.zip")).ok  # the forger's tool is honest
    tables = json.loads(files["tables.json"])
    plaintiff = next(p for p in tables["parties"] if p["role"] == "plaintiff")
    plaintiff["name"], plaintiff["id_number"] = "李鬼", "110101199001011237"
    files["tables.json"] = _dump(tables)
    bad = _write(files, tmp_path / "renamed.zip")
    line = _one_problem(bad, capsys, "tables.json", "parties")
    assert "name" in line
    with Workbench.open(tmp_path / "second") as second:
        with pytest.raises(PackageRefused):
            import_package(second, bad)
        assert second.is_empty()


def test_a_claim_amount_changed_in_tables_json_is_named(package, tmp_path, capsys):
    files = _read(package)
    tables = json.loads(files["tables.json"])
    facts = json.loads(tables["cases"][0]["facts"])
    facts["claims"] = [{**c, "amount": "999999"} for c in facts.get("claims", [])] or [{"amount": "999999"}]
    tables["cases"][0]["facts"] = json.dumps(facts, ensure_ascii=False)
    files["tables.json"] = _dump(tables)
    _one_problem(_write(files, tmp_path / "claims.zip"), capsys, "tables.json", "facts")


def test_case_json_that_disagrees_with_the_log_is_named(package, tmp_path, capsys):
    files = _read(package)
    doc = json.loads(files["case.json"])
    doc["parties"][0]["name"] = "李鬼"
    files["case.json"] = _dump(doc)
    _one_problem(_write(files, tmp_path / "casejson.zip"), capsys, "case.json")


def _other_pdf(pages: int) -> bytes:
    from reportlab.pdfgen.canvas import Canvas
    from workbench.efile.fonts import cjk_font_name
    buf = io.BytesIO()
    c = Canvas(buf)
    for i in range(pages):
        c.setFont(cjk_font_name(), 16)
        c.drawString(100, 700, f"民事判决书 驳回原告的全部诉讼请求 {i}")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_a_replaced_judgment_with_a_recomputed_chain_is_named(package, tmp_path, capsys):
    files = _read(package)
    tables = json.loads(files["tables.json"])
    judgment = next(d for d in tables["documents"] if "判决书" in d["title"])
    old = judgment["blob"]
    fake = _other_pdf(judgment["page_count"])
    new = hashlib.sha256(fake).hexdigest()
    del files[f"blobs/{old[:2]}/{old[2:]}"]
    files[f"blobs/{new[:2]}/{new[2:]}"] = fake
    for name in ("log.json", "tables.json", "case.json", "four_properties.json"):
        text = files[name].decode()
        files[name] = text.replace(old, new).encode()
    _rechain(files)
    bad = _write(files, tmp_path / "judgment.zip")
    line = _one_problem(bad, capsys, judgment["title"])
    assert "正卷" in line


def test_every_honest_demo_package_is_intact(demo, tmp_path):
    numbers = [c.number for c in demo.list_cases(CaseQuery(status="concluded"), 0, 100)]
    assert numbers
    for number in numbers:
        pkg = seal_case(demo, number, tmp_path / f"{number}.zip").package.path
        rep = verify_package(pkg)
        assert rep.ok, (number, rep.problems)
        with zipfile.ZipFile(pkg) as zf:
            assert len(PdfReader(io.BytesIO(zf.read("volumes/正卷.pdf"))).pages) > 4
