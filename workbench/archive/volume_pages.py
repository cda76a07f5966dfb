"""Each document of a package against the pages of its sealed volume.

The volume (efile/assemble.py) is the cover, the catalogue, then each document's pages in
catalogue order, each wrapped as [q, the page's own content streams, the stamped page number],
then the 备考表 and the back cover. What survives assembly unchanged, measured on the demo
court's packages, is each page's own content streams (byte for byte once decoded) and the data
of the images it draws; so a document blob swapped in the package (its chain recomputed) while
the sealed volume still holds the real one is named by its first page that differs.
"""

from __future__ import annotations

import hashlib
import io
from typing import Callable

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject

from ..efile.catalogue import build_catalogue
from ..errors import Text
from ..tasks import CancelToken, check

TAIL_PAGES = 2  # 备考表, back cover


def _content(page, stamped: bool) -> bytes:
    c = page.get("/Contents")
    if c is None:
        return b""
    obj = c.get_object()
    parts = list(obj) if isinstance(obj, ArrayObject) else [c]
    if stamped:
        parts = parts[1:-1]
    return b"".join(p.get_object().get_data() for p in parts)


def _images(page) -> dict[str, str]:
    res = page.get("/Resources")
    xobjects = res.get_object().get("/XObject") if res is not None else None
    if xobjects is None:
        return {}
    out = {}
    for name, ref in xobjects.get_object().items():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            out[str(name)] = hashlib.sha256(obj._data).hexdigest()
    return out


def compare_volume(volume: str, volume_pdf: bytes, documents: list[dict],
                   read_blob: Callable[[str], bytes | None],
                   cancel: CancelToken | None = None) -> list[str]:
    """Problems: each document of `volume` (rows from tables.json) whose pages differ from the
    sealed volume's. `read_blob(sha)` gives a document's bytes or None if the package lacks it."""
    where_vol = f"volumes/{volume}.pdf"
    rows = [d for d in documents if d.get("volume") == volume]
    try:
        entries = build_catalogue(rows, volume)
        sealed = PdfReader(io.BytesIO(volume_pdf))
        numbered = entries[-1].last_page if entries else 0
        first = len(sealed.pages) - numbered - TAIL_PAGES
    except (PdfReadError, KeyError, TypeError, ValueError) as e:
        return [Text(f"{where_vol}: 无法与文书逐页比对（{e}）", f"{where_vol}: cannot compare with the documents ({e})")]
    if first < 1:
        return [Text(f"{where_vol}: 页数少于目录所载，与文书不符",
                     f"{where_vol}: fewer pages than the catalogue lists")]
    by_id = {d.get("id"): d for d in rows}
    problems = []
    for e in entries:
        check(cancel)
        doc = by_id[e.document_id]
        where = f"文书 #{e.document_id}「{e.title}」"
        data = read_blob(str(doc.get("blob")))
        if data is None:
            continue  # a missing blob is named by the manifest check
        try:
            pages = PdfReader(io.BytesIO(data)).pages
            differs = next((k for k in range(e.page_count) if k >= len(pages) or
                            _content(pages[k], False) != _content(sealed.pages[first + e.first_page - 1 + k], True)
                            or _images(pages[k]) != _images(sealed.pages[first + e.first_page - 1 + k])),
                           None)
        except (PdfReadError, KeyError, TypeError, ValueError, IndexError) as exc:
            problems.append(Text(f"{where}: 无法读取，不能与{volume}比对（{exc}）",
                                 f"{where}: unreadable, not compared with the {volume} ({exc})"))
            continue
        if differs is not None:
            problems.append(Text(
                f"{where}: 与封存的{volume}第 {e.first_page + differs} 页不符，文书文件已被替换",
                f"{where}: differs from page {e.first_page + differs} of the sealed {volume}: the document was replaced"))
    return problems
