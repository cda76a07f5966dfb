"""A CJK TrueType font for reportlab, found and registered once per process.

Court documents are Chinese; reportlab's built-in fonts have no CJK glyphs, and its CID fonts are
not embedded, so a PDF made with them depends on the reader's fonts. We embed a subset of a
TrueType font instead, which also gives each glyph a ToUnicode mapping so that the text of a
stored document can be extracted and searched again (pypdf `extract_text()` reads it back).
"""

from __future__ import annotations

import logging
import re
import struct
import threading
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.settings import ENV, env_override

log = logging.getLogger(__name__)

ENV_VAR = ENV["cjk_font"]
FONT_PREFIX = "WorkbenchCJK-"  # + the family, so that two fonts never share a reportlab name

# (path, preferred family inside a .ttc or None), in order of preference. UMing is a Song/Ming
# face, the closest free match to the 仿宋/宋体 of official documents; the others are fallbacks.
CANDIDATES: tuple[tuple[str, str | None], ...] = (
    ("/usr/share/fonts/truetype/arphic/uming.ttc", "AR PL UMing CN"),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", None),
    ("/usr/share/fonts/truetype/droid/DroidSansFallback.ttf", None),
    ("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
)

# A font that cannot show these cannot set a court notice (date numerals, brackets of a case number).
PROBE = "〇一二三中华人民共和国法院案号（）：；，。、"


@dataclass(frozen=True)
class FontInfo:
    """The registered font: `name` is what reportlab's setFont() takes."""

    name: str
    path: str
    index: int
    family: str


_lock = threading.Lock()
_cached: FontInfo | None = None


def cjk_font() -> FontInfo:
    """Register the CJK font on first use and return it; later calls are free.

    Parsing a 20 MB .ttc takes a fifth of a second, too slow to repeat for each of the hundreds of
    documents the demo court renders at startup.
    """
    global _cached
    if _cached is not None:
        return _cached
    with _lock:
        if _cached is None:
            _cached = _find_and_register()
        return _cached


def cjk_font_name() -> str:
    """The reportlab font name to pass to setFont()/stringWidth()."""
    return cjk_font().name


def _candidates() -> list[tuple[str, int | None, str | None]]:
    found: list[tuple[str, int | None, str | None]] = []
    env = (env_override("cjk_font") or "")
    if env:
        path, _, index = env.partition("#")
        found.append((path, int(index) if index.strip().isdigit() else None, None))
    for path, family in CANDIDATES:
        found.append((path, None, family))
    return found


def _find_and_register() -> FontInfo:
    from reportlab.pdfbase import pdfmetrics, ttfonts

    reasons: list[str] = []
    for path, index, family in _candidates():
        if not Path(path).is_file():
            reasons.append(f"{path}: not found")
            continue
        try:
            names = ttc_family_names(path)
            if index is None:
                index = _pick_index(names, family)
            chosen = names[index] if index < len(names) else ""
            name = FONT_PREFIX + (re.sub(r"[^A-Za-z0-9]", "", chosen) or Path(path).stem)
            font = ttfonts.TTFont(name, path, subfontIndex=index)
            missing = [ch for ch in PROBE if ord(ch) not in font.face.charToGlyph]
            if missing:
                raise ValueError("no glyphs for " + "".join(missing))
        except Exception as exc:  # a broken, CFF-outline or non-CJK font: try the next one
            reasons.append(f"{path}: {exc}")
            if path == (env_override("cjk_font") or "").partition("#")[0]:
                log.warning("%s=%s is unusable (%s); falling back", ENV_VAR, path, exc)
            continue
        pdfmetrics.registerFont(font)
        log.info("CJK font: %s (%s #%d)", chosen, path, index)
        return FontInfo(name, path, index, chosen)
    raise WorkbenchError(
        "找不到可用的中文字体，无法生成 PDF 文书。请安装 Debian 软件包 fonts-arphic-uming"
        f"（sudo apt install fonts-arphic-uming），或将环境变量 {ENV_VAR} 设为一个 TrueType 字体文件路径。\n"
        "No usable CJK TrueType font found, so court documents cannot be rendered as PDF. Install the "
        f"Debian package fonts-arphic-uming, or set {ENV_VAR} to a .ttf/.ttc path (path#index for a .ttc).\n"
        "Tried: " + "; ".join(reasons)
    )


def _pick_index(names: list[str], family: str | None) -> int:
    if family and family in names:
        return names.index(family)
    for marker in (" CN", " SC", "GB"):  # simplified-Chinese glyph forms first
        for i, name in enumerate(names):
            if marker in name:
                return i
    return 0


def ttc_family_names(path: str) -> list[str]:
    """Family name of each font in a .ttc (one entry for a .ttf), read from the name tables.

    Reading the headers directly is a few microseconds; opening each subfont with reportlab to
    learn its name would parse the whole 20 MB collection once per subfont.
    """
    with open(path, "rb") as fh:
        head = fh.read(12)
        if head[:4] == b"ttcf":
            (count,) = struct.unpack(">I", head[8:12])
            offsets = list(struct.unpack(f">{count}I", fh.read(4 * count)))
        else:
            offsets = [0]
        return [_family_at(fh, off) for off in offsets]


def _family_at(fh, offset: int) -> str:  # type: ignore[no-untyped-def]
    fh.seek(offset)
    _, num_tables = struct.unpack(">IH", fh.read(6))
    fh.seek(offset + 12)
    for _ in range(num_tables):
        tag, _, toff, _ = struct.unpack(">4sIII", fh.read(16))
        if tag == b"name":
            break
    else:
        return ""
    fh.seek(toff)
    _, count, string_off = struct.unpack(">HHH", fh.read(6))
    records = [struct.unpack(">6H", fh.read(12)) for _ in range(count)]
    best: tuple[int, str] | None = None
    for platform, encoding, language, name_id, length, off in records:
        if name_id != 1:
            continue
        fh.seek(toff + string_off + off)
        raw = fh.read(length)
        if platform == 3:
            text, rank = raw.decode("utf-16-be", "replace"), (0 if language == 0x409 else 1)
        elif platform == 1 and encoding == 0:
            text, rank = raw.decode("mac_roman", "replace"), 2
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, text)
    return best[1] if best else ""
