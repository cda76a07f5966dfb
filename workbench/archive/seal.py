"""一键归档: check, seal and package a concluded case.

1. The case file must verify (no altered blob or row) and be complete for its type and outcome;
   otherwise the archive is refused with the list of what is missing, and nothing changes.
2. Each volume is assembled once, for good: final pagination, cover, catalogue, 备考表 and back
   cover, one bookmark per document. The PDFs go into the blob store.
3. The `archived` event is recorded through the service, naming each volume's SHA-256, so the
   hash chain itself seals the volumes; from then on the core refuses every change to the case.
4. In the same transaction, before it commits, the package is written (package.py) and verified;
   if either fails the seal is rolled back: a case is never sealed without its package. Archiving
   an already archived case only rebuilds the package from the sealed state (a package lost later
   can always be made again).
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..efile.catalogue import VOLUMES
from ..errors import Text, UserError
from ..service.change import StaleCase
from ..files import scratch_dir, temp_prefix
from ..tasks import CancelToken, ProgressFn, check, report
from .completeness import CompletenessReport, check_completeness, outcome_of
from .four_properties import FourPropertiesReport, assess_case
from .package import PackageInfo, write_package
from .verify import verify_package

if TYPE_CHECKING:
    from ..service import Workbench


class ArchiveRefused(UserError):
    """The case cannot be archived yet; `report.missing` lists what the file lacks."""

    def __init__(self, report: CompletenessReport) -> None:
        super().__init__(report.message())
        self.report = report

    @property
    def missing(self) -> list:
        return self.report.missing


class SealDeclined(UserError):
    """The user, shown the 四性检测 report, chose not to seal; nothing changed."""


@dataclass
class SealResult:
    case_number: str
    package: PackageInfo
    volumes: list[dict[str, Any]] = field(default_factory=list)
    already_archived: bool = False
    four_properties: FourPropertiesReport | None = None

    def as_dict(self) -> dict[str, Any]:
        p = self.package
        return {"case_number": self.case_number, "package": str(p.path), "chain_head": p.chain_head,
                "log_count": p.log_count, "files": p.files, "bytes": p.bytes,
                "manifest_sha256": p.manifest_sha256, "volumes": self.volumes,
                "already_archived": self.already_archived,
                "four_properties": self.four_properties.as_dict() if self.four_properties else None}


def _scaled(progress: ProgressFn | None, lo: int, hi: int) -> ProgressFn | None:
    if progress is None:
        return None

    def inner(done: int, total: int, message: str) -> None:
        progress(lo + (hi - lo) * done // max(total, 1), 100, message)
    return inner


def seal_case(wb: "Workbench", ref: str | int, out: Path | str, *, on: date | None = None,
              progress: ProgressFn | None = None, cancel: CancelToken | None = None,
              confirm: Callable[[FourPropertiesReport], bool] | None = None) -> SealResult:
    """Archive the case and write its package to `out`; refuse (ArchiveRefused) if incomplete.
    Before the seal, the 四性检测 report of the bound volumes is made and given to `confirm`
    (the CLI prints it, the GUI shows it); False there leaves everything as it was. A report
    failing authenticity or security refuses the seal whatever `confirm` says."""
    case = wb.case(ref)
    out = Path(out)
    if case.status == "archived":
        info = write_package(wb, case.id, out, progress=progress, cancel=cancel)
        from .package import archived_volumes
        return SealResult(case.number, info, archived_volumes(wb.events(case.id)), True)

    report(progress, 0, 100, Text("校验卷宗", "verifying the file"))
    head_before = _log_head(wb, case.id)  # type: ignore[arg-type]
    integrity = wb.verify(case.id, cancel=cancel)
    if not integrity.ok:
        raise UserError(Text(f"{case.number} 卷宗未通过校验，不能归档：\n  ",
                             f"{case.number}: the file fails verification and cannot be archived:\n  ")
                        + Text.join("\n  ", "\n  ", integrity.problems))
    completeness = check_completeness(wb, case.id)
    if not completeness.ok:
        raise ArchiveRefused(completeness)
    on = on or date.today()
    concluded = next((e.on for e in wb.events(case.id) if e.kind == "concluded"), None)
    if concluded is not None and on < concluded:
        raise UserError(Text(f"归档日期 {on} 早于结案日期 {concluded}", "archived before it was concluded"))

    volumes: list[dict[str, Any]] = []
    new_blobs: list[str] = []
    out.parent.mkdir(parents=True, exist_ok=True)
    # Bound in the data directory's scratch folder, never in the user's output folder.
    with tempfile.TemporaryDirectory(prefix=temp_prefix("archive"), dir=scratch_dir(wb.data_dir)) as tmp:
        for i, volume in enumerate(VOLUMES):
            check(cancel)
            if volume != "正卷" and not wb.catalogue(case.id, volume):
                continue  # an empty 副卷 is not bound
            target = Path(tmp) / f"{volume}.pdf"
            res = wb.export_volume(case.id, volume, target, cancel=cancel, chain_head=head_before,
                                   progress=_scaled(progress, 5 + 30 * i, 35 + 30 * i))
            data = target.read_bytes()
            existed = wb.blobs.exists(hashlib.sha256(data).hexdigest())
            sha = wb.blobs.put(data)
            if not existed:
                new_blobs.append(sha)
            volumes.append({"volume": volume, "blob": sha, "bytes": len(data),
                            "pages": res.total_pages, "numbered_pages": res.numbered_pages,
                            "documents": len(res.outline)})
    try:
        check(cancel)
        report(progress, 68, 100, Text("四性检测", "four-properties check"))
        four = assess_case(wb, case.id, {v["volume"]: wb.blobs.get(v["blob"]) for v in volumes},
                           head_before)  # type: ignore[arg-type]
        if not (four.property_ok("authenticity") and four.property_ok("security")):
            raise UserError(Text(f'{case.number} 四性检测未通过真实性或安全性，不能归档：\n',
                                 'the file fails the authenticity or security check:\n') + four.text())
        if confirm is not None and not confirm(four):
            raise SealDeclined(Text(f"{case.number} 未归档（已取消）", "not archived (declined)"))
        check(cancel)
        written: list[PackageInfo] = []

        def package_first() -> None:
            # Inside the seal's transaction: the package is written from the sealed state (the
            # same connection sees the uncommitted seal) and checked before anything commits, so
            # a case is never sealed without its package; a package that cannot be written or
            # does not verify rolls the seal back.
            written.append(write_package(wb, case.id, out, progress=_scaled(progress, 70, 95),
                                         cancel=cancel))
            report(progress, 96, 100, Text("校验归档包", "verifying the package"))
            checked = verify_package(out, cancel=cancel)
            if not checked.ok:
                raise UserError(Text(f"{case.number} 归档包校验未通过，未归档：\n  ",
                                     f"{case.number}: the package fails its check; not archived:\n  ")
                                + Text.join("\n  ", "\n  ", checked.problems))

        # One transaction from the check to the seal: a document filed by another connection
        # while the volumes were being bound would otherwise be in the log but not in the PDFs.
        try:
            wb.record_event(case.id, "archived", on, expect_head=head_before, sealing=True,
                            data={"volumes": volumes, "outcome": outcome_of(wb.events(case.id)),
                                  "package_format": 1},
                            before_commit=package_first)
        except StaleCase:
            raise UserError(Text(f"{case.number} 在归档过程中有新的变动，请重新归档",
                                 "the file changed while it was being archived; archive again")) from None
    except BaseException:
        if written:  # the package was written but the seal did not commit: it must not stand
            out.unlink(missing_ok=True)
        for sha in new_blobs:  # the seal did not happen: leave no orphan volumes behind
            wb.blobs.path(sha).unlink(missing_ok=True)
        raise
    report(progress, 100, 100, "")
    return SealResult(case.number, written[0], volumes, False, four)


def _log_head(wb: "Workbench", case_id: int) -> str:
    return wb.log_head(case_id)


def preview_four_properties(wb: "Workbench", ref: str | int, *, progress: ProgressFn | None = None,
                            cancel: CancelToken | None = None) -> FourPropertiesReport:
    """The 四性检测 report the seal would show, made on volumes bound to a temporary folder and
    then dropped; nothing is written to the case. Refuses (ArchiveRefused) an incomplete file, as
    the seal would. The GUI shows this before it asks to seal."""
    case = wb.case(ref)
    if case.status == "archived":
        raise UserError(Text(f"{case.number} 已归档", "already archived"))
    completeness = check_completeness(wb, case.id)
    if not completeness.ok:
        raise ArchiveRefused(completeness)
    head = _log_head(wb, case.id)  # type: ignore[arg-type]
    volumes: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="workbench-preview-") as tmp:
        for i, volume in enumerate(VOLUMES):
            check(cancel)
            if volume != "正卷" and not wb.catalogue(case.id, volume):
                continue
            target = Path(tmp) / f"{volume}.pdf"
            wb.export_volume(case.id, volume, target, cancel=cancel, chain_head=head,
                             progress=_scaled(progress, 40 * i, 40 * i + 40))
            volumes[volume] = target.read_bytes()
    report(progress, 90, 100, Text("四性检测", "four-properties check"))
    return assess_case(wb, case.id, volumes, head)  # type: ignore[arg-type]
