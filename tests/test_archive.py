"""一键归档 end to end: refusal of an incomplete file with nothing changed, the sealed package that
verifies anywhere and names any altered or missing file, unsafe packages refused unread, and an
import on a second data directory that reproduces the case bit-exactly."""

from __future__ import annotations

import io
import json
import sqlite3
import stat
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from workbench.archive import (ArchiveRefused, Limits, PackageRefused, check_completeness,
                               import_package, seal_case, verify_package)
from workbench.cases.procedure import EVENT_KINDS
from workbench.cli import main
from workbench.errors import UserError
from workbench.service import CaseQuery, Workbench


def judgment_pdf(path: Path) -> Path:
    from reportlab.pdfgen.canvas import Canvas
    from workbench.efile.fonts import cjk_font_name
    c = Canvas(str(path))
    for page in ("民事判决书", "本件与原本核对无异"):
        c.setFont(cjk_font_name(), 16)
        c.drawString(100, 700, page)
        c.showPage()
    c.save()
    return path


def snapshot(data_dir: Path) -> tuple:
    conn = sqlite3.connect(data_dir / "workbench.db")
    try:
        dump = list(conn.iterdump())
    finally:
        conn.close()
    files = sorted((str(p.relative_to(data_dir)), p.stat().st_size)
                   for p in data_dir.rglob("*") if p.is_file() and "workbench.db" not in p.name)
    return dump, files


@pytest.fixture
def demo(demo_dir):
    wb = Workbench.open(demo_dir)
    yield wb
    wb.close()


def concluded_case(wb: Workbench) -> str:
    return wb.list_cases(CaseQuery(status="concluded"), 0, 1)[0].number


@pytest.fixture
def complete(demo, tmp_path):
    """A concluded demo case: its judgment drafted and issued on its 宣判 day, complete as built."""
    number = concluded_case(demo)
    assert check_completeness(demo, number).ok
    return demo, number


@pytest.fixture
def sealed(complete, tmp_path):
    wb, number = complete
    res = seal_case(wb, number, tmp_path / "out" / "package.zip")
    return wb, number, res


# ---- acceptance 3: an incomplete case is refused, listing what is missing; nothing changes ------
def test_incomplete_case_is_refused_with_the_missing_list_and_nothing_changes(demo, tmp_path,
                                                                              example_path):
    # A case taken to its end with neither the plaintiff's complaint nor a hearing record ever
    # coming in: the court generates neither, so the file has two gaps.
    number = demo.import_case(example_path).number
    demo.record_event(number, "judgment_issued", "2026-04-20",
                      file=judgment_pdf(tmp_path / "judgment.pdf"))
    demo.record_event(number, "judgment_served", "2026-04-24")
    demo.record_event(number, "concluded", "2026-04-25")
    before = snapshot(demo.data_dir)
    out = tmp_path / "out" / "package.zip"
    with pytest.raises(ArchiveRefused) as refused:
        seal_case(demo, number, out)
    assert [m.id for m in refused.value.missing] == ["complaint", "hearing_record"]
    assert "起诉状（或口诉笔录）" in str(refused.value) and "庭审笔录" in str(refused.value)
    assert snapshot(demo.data_dir) == before
    assert demo.case(number).status == "concluded"
    assert not out.parent.exists()  # not even the output folder, let alone a half package


def test_cli_refusal_exits_2_and_lists_per_party_items(demo, tmp_path, capsys):
    judged = demo.list_cases(CaseQuery(status="judged"), 0, 1)[0]
    before = snapshot(demo.data_dir)
    code = main(["--data-dir", str(demo.data_dir), "archive", judged.number, "-o",
                 str(tmp_path / "p.zip")])
    err = capsys.readouterr().err
    assert code == 2
    assert "结案" in err and "民事判决书正本" not in err  # the judgment is in the file
    # The judgment was pronounced but never served: one proof of service missing per party.
    assert f"原告{judged.plaintiffs}" in err and f"被告{judged.defendants}" in err
    assert snapshot(demo.data_dir) == before and not (tmp_path / "p.zip").exists()
    assert main(["--data-dir", str(demo.data_dir), "archive", judged.number, "--check", "--json"]) == 2
    rep = json.loads(capsys.readouterr().out)
    assert rep["ok"] is False and {"concluded", "judgment_service"} == {
        m["id"] for m in rep["missing"]}


# ---- acceptance 2: the package verifies; any altered or missing file is named --------------------
def test_archiving_a_demo_case_gives_a_package_that_verifies(sealed, capsys):
    wb, number, res = sealed
    case = wb.case(number)
    assert case.status == "archived" and not res.already_archived
    assert wb.events(number)[-1].kind == "archived"
    head = wb.db.one("SELECT log_head FROM cases WHERE number = ?", (number,))[0]
    assert res.package.chain_head == head
    with zipfile.ZipFile(res.package.path) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        volume = PdfReader(io.BytesIO(zf.read("volumes/正卷.pdf")))
    assert {"manifest.json", "SHA256SUMS", "case.json", "log.json", "tables.json",
            "volumes/正卷.pdf"} <= names
    assert manifest["chain"]["head"] == head
    assert {f["path"] for f in manifest["files"]} == names - {"manifest.json", "SHA256SUMS"}
    entries = wb.catalogue(number)
    assert len(volume.outline) == len(entries)  # one bookmark per document
    first = volume.get_destination_page_number(volume.outline[0])  # after cover and catalogue
    assert len(volume.pages) == first + entries[-1].last_page + 2  # then 备考表, back cover
    blobs = {r[0] for r in wb.db.query("SELECT blob FROM documents WHERE case_id = ?", (case.id,))}
    assert {f"blobs/{b[:2]}/{b[2:]}" for b in blobs} <= names
    assert main(["archive", "verify", str(res.package.path)]) == 0
    assert "intact" in capsys.readouterr().out


def _rewrite(src: Path, dst: Path, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for zi in zin.infolist():
            data = change(zi.filename, zin.read(zi))
            if data is not None:
                zout.writestr(zi, data)


def _flip(data: bytes) -> bytes:
    b = bytearray(data)
    b[len(b) // 2] ^= 0x01
    return bytes(b)


def test_one_flipped_byte_in_any_file_is_named(sealed, tmp_path, capsys):
    _, _, res = sealed
    with zipfile.ZipFile(res.package.path) as zf:
        members = zf.namelist()
    assert len(members) > 15
    for member in members:
        bad = tmp_path / "flipped.zip"
        _rewrite(res.package.path, bad, lambda n, d: _flip(d) if n == member else d)
        assert main(["archive", "verify", str(bad)]) == 1, member
        assert member in capsys.readouterr().out, member


def test_one_deleted_file_is_named(sealed, tmp_path, capsys):
    _, _, res = sealed
    with zipfile.ZipFile(res.package.path) as zf:
        members = zf.namelist()
    for member in members:
        bad = tmp_path / "deleted.zip"
        _rewrite(res.package.path, bad, lambda n, d: None if n == member else d)
        assert main(["archive", "verify", str(bad), "--json"]) == 1, member
        report = json.loads(capsys.readouterr().out)
        assert any(member in p for p in report["problems"]), (member, report["problems"])


def test_an_added_file_and_a_damaged_zip_are_named(sealed, tmp_path, capsys):
    _, _, res = sealed
    bad = tmp_path / "extra.zip"
    _rewrite(res.package.path, bad, lambda n, d: d)
    with zipfile.ZipFile(bad, "a") as zf:
        zf.writestr("blobs/00/extra", b"smuggled")
    assert main(["archive", "verify", str(bad)]) == 1
    assert "blobs/00/extra" in capsys.readouterr().out
    raw = bytearray(res.package.path.read_bytes())  # a byte flipped in the zip itself
    with zipfile.ZipFile(res.package.path) as zf:
        zi = zf.getinfo("volumes/正卷.pdf")
    raw[zi.header_offset + 30 + len(zi.filename.encode()) + 1000] ^= 0xFF
    (tmp_path / "crc.zip").write_bytes(bytes(raw))
    assert main(["archive", "verify", str(tmp_path / "crc.zip")]) == 1
    assert "volumes/正卷.pdf" in capsys.readouterr().out


def test_a_consistently_rewritten_chain_still_fails(sealed, tmp_path):
    """Editing a log entry and fixing every hash in the manifest still breaks the chain."""
    _, _, res = sealed
    import hashlib
    with zipfile.ZipFile(res.package.path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    log = json.loads(files["log.json"])
    log[0]["payload"] = log[0]["payload"].replace("民初", "民终", 1)
    files["log.json"] = json.dumps(log).encode()
    manifest = json.loads(files["manifest.json"])
    for f in manifest["files"]:
        f["sha256"] = hashlib.sha256(files[f["path"]]).hexdigest()
        f["size"] = len(files[f["path"]])
    files["manifest.json"] = json.dumps(manifest).encode()
    files["SHA256SUMS"] = "".join(f"{f['sha256']}  {f['path']}\n" for f in manifest["files"]).encode() \
        + f"{hashlib.sha256(files['manifest.json']).hexdigest()}  manifest.json\n".encode()
    bad = tmp_path / "rewritten.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        for n, d in files.items():
            zf.writestr(n, d)
    rep = verify_package(bad)
    assert not rep.ok and any("log.json 第 1 条" in p for p in rep.problems)


# ---- unsafe packages: refused unread, nothing written ------------------------------------------
def _zip_with(path: Path, name: str, data: bytes = b"x", symlink: bool = False) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zi = zipfile.ZipInfo(name)
        zi.compress_type = zipfile.ZIP_DEFLATED
        if symlink:
            zi.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(zi, data)
        zf.writestr("manifest.json", b"{}")
    return path


@pytest.mark.parametrize("name,symlink,reason", [
    ("../escape.txt", False, ".."),
    ("blobs/../../escape.txt", False, ".."),
    ("/etc/escape.txt", False, "absolute"),
    ("C:/escape.txt", False, "absolute"),
    ("blobs\\..\\escape.txt", False, "backslash"),
    ("blobs/link", True, "symbolic link"),
])
def test_unsafe_paths_are_refused_and_nothing_written(wb, tmp_path, name, symlink, reason, capsys):
    wb.close()
    pkg = _zip_with(tmp_path / "evil.zip", name, b"payload", symlink)
    before = snapshot(wb.data_dir)
    code = main(["--data-dir", str(wb.data_dir), "archive", "import", str(pkg)])
    err = capsys.readouterr().err
    assert code == 2 and reason in err and name in err
    assert snapshot(wb.data_dir) == before
    assert not any(p.name == "escape.txt" for p in tmp_path.rglob("*"))
    assert main(["archive", "verify", str(pkg)]) == 1


def test_a_zip_bomb_is_refused_before_decompression(wb, tmp_path):
    bomb = _zip_with(tmp_path / "bomb.zip", "blobs/00/zeros", bytes(50 << 20))
    assert bomb.stat().st_size < 200_000
    before = snapshot(wb.data_dir)
    with pytest.raises(PackageRefused) as refused:
        import_package(wb, bomb)
    assert "decompression bomb" in str(refused.value) and "blobs/00/zeros" in str(refused.value)
    assert snapshot(wb.data_dir) == before
    rep = verify_package(bomb)
    assert rep.unsafe and not rep.ok


def test_declared_sizes_over_the_budget_are_refused(sealed, tmp_path):
    _, _, res = sealed
    second = Workbench.open(tmp_path / "second")
    try:
        with pytest.raises(PackageRefused) as refused:
            import_package(second, res.package.path, limits=Limits(max_total_bytes=100_000))
        assert "total size" in str(refused.value)
        assert second.is_empty()
    finally:
        second.close()


# ---- acceptance 4: export → import on a second data dir, bit-exactly ---------------------------
def _case_state(wb: Workbench, number: str) -> dict:
    cid = wb.case_id(number)
    q = lambda sql: [tuple(r) for r in wb.db.query(sql, (cid,))]  # noqa: E731
    blobs = {r[0] for r in wb.db.query("SELECT blob FROM documents WHERE case_id = ?", (cid,))}
    blobs |= {v["blob"] for e in wb.events(number) if e.kind == "archived" for v in e.data["volumes"]}
    return {
        "log": q("SELECT seq, at, action, payload, prev_hash, hash FROM log WHERE case_id = ? ORDER BY seq"),
        "head": q("SELECT log_head, log_count, status, facts, created_at, updated_at FROM cases WHERE id = ?"),
        "documents": q("SELECT id, volume, category, rank, title, author, doc_date, blob, page_count,"
                       " source, event_id, filename, created_at FROM documents WHERE case_id = ? ORDER BY id"),
        "events": q("SELECT id, kind, on_date, party, data, recorded_at FROM events WHERE case_id = ? ORDER BY id"),
        "parties": q("SELECT position, role, kind, name, id_number, data FROM parties WHERE case_id = ?"
                     " ORDER BY position"),
        "blobs": {b: wb.blobs.get(b) for b in blobs},
        "json": wb.export_case(number),
    }


def test_export_import_on_a_second_data_dir_is_bit_exact(sealed, tmp_path, capsys):
    wb, number, res = sealed
    second_dir = tmp_path / "courtroom-laptop"
    assert main(["--data-dir", str(second_dir), "archive", "import", str(res.package.path),
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["chain_head"] == res.package.chain_head
    with Workbench.open(second_dir) as second:
        assert _case_state(second, number) == _case_state(wb, number)
        assert second.verify(number).ok
        assert second.case(number).status == "archived"
        with pytest.raises(UserError, match="只读"):
            second.record_event(number, "appeal_filed", date.today())
    assert main(["--data-dir", str(second_dir), "verify"]) == 0
    # Archiving again on the first machine rebuilds the package from the seal, changing nothing.
    again = seal_case(wb, number, tmp_path / "again.zip")
    assert again.already_archived and again.package.chain_head == res.package.chain_head


def test_import_refuses_a_case_already_present_and_a_failing_package(sealed, tmp_path):
    wb, number, res = sealed
    before = snapshot(wb.data_dir)
    with pytest.raises(PackageRefused, match="已存在"):
        import_package(wb, res.package.path)
    bad = tmp_path / "bad.zip"
    _rewrite(res.package.path, bad, lambda n, d: _flip(d) if n == "tables.json" else d)
    second = Workbench.open(tmp_path / "second")
    try:
        with pytest.raises(PackageRefused) as refused:
            import_package(second, bad)
        assert refused.value.exit_code == 1 and "tables.json" in str(refused.value)
        assert second.is_empty()
        assert not any(p.is_file() for p in (tmp_path / "second" / "blobs").rglob("*"))
    finally:
        second.close()
    assert snapshot(wb.data_dir) == before


def test_import_refuses_when_the_logs_ids_are_taken(sealed, demo_template, tmp_path):
    """Another workbench whose documents already use the ids the log names cannot take the case
    bit-exactly; it says so and writes nothing."""
    import shutil
    wb, number, res = sealed
    other = tmp_path / "other"
    shutil.copytree(demo_template, other)
    conn = sqlite3.connect(other / "workbench.db")  # the same court, but this number is free
    conn.execute("UPDATE cases SET number = '（2026）苏0583民初9999号' WHERE number = ?", (number,))
    conn.commit()
    conn.close()
    before = snapshot(other)
    with Workbench.open(other) as wb2:
        with pytest.raises(PackageRefused) as refused:
            import_package(wb2, res.package.path)
    assert "ids already used" in str(refused.value) and "documents" in str(refused.value)
    assert snapshot(other) == before


# ---- read-only after archiving, in the core ----------------------------------------------------
def test_every_writing_path_refuses_an_archived_case(sealed, tmp_path, example_doc):
    wb, number, _ = sealed
    case = wb.case(number)
    before = snapshot(wb.data_dir)
    pdf = judgment_pdf(tmp_path / "late.pdf")
    for kind in EVENT_KINDS:
        with pytest.raises(UserError, match="只读|read-only"):
            wb.record_event(number, kind, date.today(), data={"months": 1})
    with pytest.raises(UserError, match="只读"):
        wb.add_document(number, pdf, "evidence", title="迟到的证据")
    with pytest.raises(UserError, match="只读"):
        wb.record_event(number, "judgment_issued", date.today(), file=pdf)
    # The internal funnels refuse too, even when handed a stale copy of the case.
    from workbench.service import ReadyDocument
    stale = case
    stale.status = "concluded"
    with pytest.raises(UserError, match="只读"):
        with wb._txn() as tx:
            wb._commit_event(tx, stale.id, "hearing", date.today(), None, {}, [])
    with pytest.raises(UserError, match="只读"):
        with wb._txn() as tx:
            wb._file(tx, stale.id, ReadyDocument("正卷", "evidence", "x", "x", 0, "0" * 64, 1,
                                                 "attached"), "2026-01-01", None)
    doc = wb.export_case(number)
    with pytest.raises(UserError, match="已存在"):
        wb.import_case(doc)
    with pytest.raises(UserError, match="已存在"):
        wb.create_case(wb.case(number))
    assert main(["--data-dir", str(wb.data_dir), "event", number, "hearing"]) == 2
    assert snapshot(wb.data_dir) == before


def test_a_case_archived_by_another_connection_refuses_a_stale_writer(complete, tmp_path):
    wb, number = complete
    other = Workbench.open(wb.data_dir)  # e.g. the GUI's connection, holding the case
    try:
        held = other.case(number)
        seal_case(wb, number, tmp_path / "p.zip")
        with pytest.raises(UserError, match="只读"):
            other.ensure_writable(held)
        with pytest.raises(UserError, match="只读"):
            other.record_event(number, "appeal_filed", date.today())
    finally:
        other.close()


def test_completeness_rules_follow_the_outcome(demo, tmp_path):
    number = demo.list_cases(CaseQuery(status="judged"), 0, 1)[0].number
    rep = check_completeness(demo, number)
    assert rep.outcome == "judgment"
    assert {"judgment_service", "concluded"} == {m.id for m in rep.missing}
    served = demo.record_event(number, "judgment_served", date.today())
    assert served.document_ids
    demo.record_event(number, "concluded", date.today())
    assert check_completeness(demo, number).ok


def test_a_change_while_sealing_aborts_the_seal_and_leaves_nothing(complete, tmp_path, monkeypatch):
    wb, number = complete
    other = Workbench.open(wb.data_dir)  # e.g. a clerk filing a late document from the GUI
    real = wb.export_volume
    filed = []

    def export_while_someone_files(*args, **kwargs):
        res = real(*args, **kwargs)
        if not filed:
            filed.append(other.add_document(number, judgment_pdf(tmp_path / "late.pdf"), "evidence",
                                            title="迟到的证据"))
        return res

    monkeypatch.setattr(wb, "export_volume", export_while_someone_files)
    blobs_before = {p.name for p in (wb.data_dir / "blobs").rglob("*") if p.is_file()}
    try:
        with pytest.raises(UserError, match="重新归档"):
            seal_case(wb, number, tmp_path / "p.zip")
        assert wb.case(number).status == "concluded" and not (tmp_path / "p.zip").exists()
        late_blob = other.document(filed[0])["blob"]
        blobs_after = {p.name for p in (wb.data_dir / "blobs").rglob("*") if p.is_file()}
        assert blobs_after - blobs_before == {late_blob[2:]}  # no orphan volume PDF
        monkeypatch.undo()
        res = seal_case(wb, number, tmp_path / "p.zip")  # again: the late document is bound in
        with zipfile.ZipFile(res.package.path) as zf:
            volume = PdfReader(io.BytesIO(zf.read("volumes/正卷.pdf")))
        assert "迟到的证据" in [o.title for o in volume.outline]
    finally:
        other.close()


def test_pages_and_search_travel_with_the_case(complete, tmp_path):
    """Rows hanging off the case's documents (their pages, read by OCR or from the text layer)
    go into the package and come out searchable in the other workbench."""
    search = pytest.importorskip("workbench.intake.search")
    wb, number = complete
    search.ensure_indexed(wb)
    cols = "d.id, p.idx, p.blob, p.text, p.method"
    sql = f"SELECT {cols} FROM pages p JOIN documents d ON d.id = p.document_id " \
          "JOIN cases c ON c.id = d.case_id WHERE c.number = ? ORDER BY d.id, p.idx"
    pages = [tuple(r) for r in wb.db.query(sql, (number,))]
    assert pages
    res = seal_case(wb, number, tmp_path / "p.zip")
    with Workbench.open(tmp_path / "second") as second:
        import_package(second, res.package.path)
        assert [tuple(r) for r in second.db.query(sql, (number,))] == pages
        hits = search.search(second.db.conn, "民事判决书")
        assert any(h.case_number == number for h in hits)


def test_import_into_a_workbench_that_has_cases_of_its_own(sealed, tmp_path, example_path):
    """A judge's laptop already holds other cases: ids drawn from the clock do not clash, so the
    archived case arrives bit-exactly beside them."""
    wb, number, res = sealed
    with Workbench.open(tmp_path / "laptop") as laptop:
        laptop.import_case(example_path)
        laptop.record_event("（2026）苏0583民初1234号", "fee_notice", "2026-03-06")
        import_package(laptop, res.package.path)
        assert _case_state(laptop, number) == _case_state(wb, number)
        assert laptop.verify().ok and laptop.count_cases() == 2
