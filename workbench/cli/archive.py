"""CLI: `archive CASE -o FILE.zip`, `archive CASE --check`, `archive verify FILE.zip`,
`archive import FILE.zip`."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Callable
from ..errors import Text

ACTIONS = ("verify", "import")


def cmd_archive(args: argparse.Namespace) -> int:
    from ..errors import UserError
    if args.target in ACTIONS:
        if not args.package:
            raise UserError(Text(f"archive {args.target} 需要归档包路径", "needs PACKAGE.zip"))
        return _verify(args) if args.target == "verify" else _import(args)
    if args.package:
        raise UserError(Text(f"多余的参数 {args.package!r}；输出文件用 -o 指定", "use -o for the output file"))
    return _check(args) if args.check else _seal(args)


def _check(args: argparse.Namespace) -> int:
    from .common import emit, open_workbench
    from ..archive.completeness import check_completeness
    with open_workbench(args) as wb:
        rep = check_completeness(wb, args.target)
    if args.json:
        emit(rep.as_dict())
    elif rep.ok:
        print(f"{rep.case_number} 卷宗完整，可以归档 / complete, ready to archive")
    else:
        print(rep.message())
    return 0 if rep.ok else 2


def _seal(args: argparse.Namespace) -> int:
    from .common import emit, open_workbench, progress_printer
    from ..errors import UserError
    from ..archive.seal import ArchiveRefused, seal_case
    if not args.output:
        raise UserError(Text("请用 -o 指定归档包文件", "give the package file with -o PACKAGE.zip"))
    with open_workbench(args) as wb:
        try:
            res = seal_case(wb, args.target, args.output, progress=progress_printer(args))
        except ArchiveRefused as e:
            if args.json:
                emit({"ok": False, **e.report.as_dict()})
            else:
                print(str(e), file=sys.stderr)
            return e.exit_code
    if args.json:
        emit({"ok": True, **res.as_dict()})
    else:
        what = "已重新生成归档包 / package rebuilt" if res.already_archived else "已归档 / archived"
        print(f"{what}: {res.case_number} → {res.package.path}")
        print(f"  日志链末端 / chain head: {res.package.chain_head}")
        for v in res.volumes:
            print(f"  {v['volume']}: {v['pages']} 页（编号 {v['numbered_pages']} 页）sha256 {v['blob']}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from .common import emit, progress_printer
    from ..archive.verify import verify_package
    rep = verify_package(args.package, progress=progress_printer(args))
    if args.json:
        emit({"ok": rep.ok, "package": str(rep.path), "case_number": rep.case_number,
              "chain_head": rep.chain_head, "files": rep.files, "bytes": rep.bytes,
              "problems": rep.problems})
    elif rep.ok:
        print(f"完好 / intact: {rep.case_number}，{rep.files} 个文件，日志链末端 / chain head {rep.chain_head}")
    else:
        for p in rep.problems:
            print(p)
        print(f"归档包未通过校验，{len(rep.problems)} 处问题 / the package fails verification",
              file=sys.stderr)
    return 0 if rep.ok else 1


def _import(args: argparse.Namespace) -> int:
    from .common import emit, open_workbench, progress_printer
    from ..archive.importer import PackageRefused, import_package
    with open_workbench(args) as wb:
        try:
            res = import_package(wb, args.package, progress=progress_printer(args))
        except PackageRefused as e:
            if args.json:
                emit({"ok": False, "error": str(e).splitlines()[0], "problems": e.problems})
            else:
                print(f"错误 / error: {e}", file=sys.stderr)
            return e.exit_code
    if args.json:
        emit({"ok": True, "case_number": res.case_number, "chain_head": res.chain_head,
              "log_count": res.log_count, "documents": res.documents,
              "blobs_written": res.blobs_written, "blobs_already_present": res.blobs_already_present})
    else:
        print(f"已导入 / imported: {res.case_number}（只读 / read-only），日志链末端 / chain head {res.chain_head}")
    return 0


def register(sub: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    sp = add(sub, "archive", cmd_archive,
             "一键归档、校验与导入归档包 / archive a case, verify or import a package. "
             "用法 / usage: archive CASE -o PACKAGE.zip | archive CASE --check | "
             "archive verify PACKAGE.zip | archive import PACKAGE.zip")
    sp.add_argument("target", metavar="CASE|verify|import",
                    help="案号，或 verify / import / a case number, or verify or import")
    sp.add_argument("package", nargs="?", metavar="PACKAGE.zip",
                    help="归档包（verify、import 时）/ the package (with verify or import)")
    sp.add_argument("-o", "--output", help="归档包输出路径 / where to write the package")
    sp.add_argument("--check", action="store_true",
                    help="只检查卷宗是否完整，不归档 / only check completeness")
