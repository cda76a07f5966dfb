"""PDF/A-2b for an exported volume (ISO 19005-2, level B), and the checks that say whether a PDF
meets the clauses the workbench can check itself.

No PDF/A validator is available from PyPI or Debian on this machine (veraPDF is packaged for
neither), so `pdfa_problems` checks the clauses that matter for a volume assembled here: the
identification schema in XMP metadata agreeing with the document information, an sRGB output
intent with its ICC profile, every font used on every page embedded, no encryption, no
JavaScript, launch action or embedded file, a trailer /ID. It is a self-check, not a validator.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject,
                           NameObject, NumberObject, TextStringObject)
from ..errors import Text

PART, CONFORMANCE = 2, "B"


def srgb_profile() -> bytes:
    """The sRGB ICC profile, made by Pillow's littleCMS (nothing downloaded, nothing shipped)."""
    from PIL import ImageCms
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _pdf_date(when: datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def _xmp(title: str, creator_tool: str, when: datetime) -> bytes:
    iso = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    t = escape(title)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>{PART}</pdfaid:part><pdfaid:conformance>{CONFORMANCE}</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{t}</rdf:li></rdf:Alt></dc:title>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreateDate>{iso}</xmp:CreateDate><xmp:ModifyDate>{iso}</xmp:ModifyDate>
   <xmp:CreatorTool>{escape(creator_tool)}</xmp:CreatorTool>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>{escape(creator_tool)}</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode("utf-8")


def make_pdfa(writer: PdfWriter, title: str, when: datetime | None = None,
              creator: str = "Judge Workbench") -> None:
    """Give `writer` what PDF/A-2b asks of the document as a whole (fonts are the caller's)."""
    when = (when or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    writer.add_metadata({"/Title": title, "/Creator": creator, "/Producer": creator,
                         "/CreationDate": _pdf_date(when), "/ModDate": _pdf_date(when)})
    meta = DecodedStreamObject()
    meta.set_data(_xmp(title, creator, when))
    meta[NameObject("/Type")] = NameObject("/Metadata")
    meta[NameObject("/Subtype")] = NameObject("/XML")
    root = writer._root_object
    root[NameObject("/Metadata")] = writer._add_object(meta)
    icc = DecodedStreamObject()
    icc.set_data(srgb_profile())
    icc[NameObject("/N")] = NumberObject(3)
    intent = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"), NameObject("/S"): NameObject("/GTS_PDFA1"),
        NameObject("/OutputConditionIdentifier"): TextStringObject("sRGB IEC61966-2.1"),
        NameObject("/Info"): TextStringObject("sRGB IEC61966-2.1"),
        NameObject("/DestOutputProfile"): writer._add_object(icc)})
    root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    # A PDF/A file names itself in the trailer; fixed per title and time, so equal input gives
    # an equal ID.
    import hashlib
    ident = ByteStringObject(hashlib.md5(f"{title}|{when.isoformat()}".encode()).digest())
    writer._ID = ArrayObject([ident, ident])


def _fonts(resources, seen: set[int], out: list) -> None:
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or DictionaryObject()).get_object().values():
        f = font.get_object()
        if id(f) in seen:
            continue
        seen.add(id(f))
        out.append(f)
    for xobj in (resources.get("/XObject") or DictionaryObject()).get_object().values():
        x = xobj.get_object()
        if x.get("/Subtype") == "/Form" and id(x) not in seen:
            seen.add(id(x))
            _fonts(x.get("/Resources"), seen, out)


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    if font.get("/Subtype") == "/Type0":
        descendants = font.get("/DescendantFonts")
        return all(_embedded(d.get_object()) for d in descendants.get_object()) if descendants else False
    desc = font.get("/FontDescriptor")
    if desc is None:
        return False
    desc = desc.get_object()
    return any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def unembedded_fonts(reader: PdfReader) -> list[str]:
    """Names of the fonts some page uses without embedding them."""
    out: list = []
    seen: set[int] = set()
    for page in reader.pages:
        _fonts(page.get("/Resources"), seen, out)
    return sorted({str(f.get("/BaseFont", "?")) for f in out if not _embedded(f)})


def risky_content(reader: PdfReader) -> list[str]:
    """What a long-kept file must not carry (security): JavaScript, launch actions, files."""
    out = []
    root = reader.trailer["/Root"].get_object()
    names = (root.get("/Names") or DictionaryObject()).get_object()
    if "/JavaScript" in names:
        out.append("JavaScript")
    if "/EmbeddedFiles" in names:
        out.append(Text("嵌入文件", "embedded files"))
    if "/OpenAction" in root and "/JS" in str(root["/OpenAction"].get_object()):
        out.append("JavaScript")
    for page in reader.pages:
        for a in page.get("/Annots") or []:
            a = a.get_object()
            action = a.get("/A")
            if action is not None and action.get_object().get("/S") in ("/Launch", "/JavaScript"):
                out.append(Text("注释动作", f"annotation action {action.get_object().get('/S')}"))
    return sorted(set(out))


def pdfa_problems(data: bytes) -> list[str]:
    """The PDF/A-2b clauses (of those listed in the module's docstring) that `data` breaks."""
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any reader failure is the finding
        return [Text(f"无法打开：{exc}", f"cannot be opened: {exc}")]
    problems = []
    if reader.is_encrypted:
        return [Text("已加密", "encrypted")]
    root = reader.trailer["/Root"].get_object()
    meta = root.get("/Metadata")
    xmp = meta.get_object().get_data().decode("utf-8", "replace") if meta is not None else ""
    if f"<pdfaid:part>{PART}</pdfaid:part>" not in xmp or \
            f"<pdfaid:conformance>{CONFORMANCE}</pdfaid:conformance>" not in xmp:
        problems.append(Text("XMP 元数据缺少 PDF/A-2B 标识", "no PDF/A-2B identification in XMP"))
    info = reader.metadata or {}
    if info.get("/Title") and escape(str(info["/Title"])) not in xmp:
        problems.append(Text("文档信息与 XMP 题名不一致", "Info title differs from XMP dc:title"))
    intents = root.get("/OutputIntents")
    if not intents or not any(i.get_object().get("/S") == "/GTS_PDFA1"
                              and i.get_object().get("/DestOutputProfile") is not None
                              for i in intents.get_object()):
        problems.append(Text("缺少 sRGB 输出意图", "no PDF/A output intent with an ICC profile"))
    if "/ID" not in reader.trailer:
        problems.append("文件尾缺少 /ID / no trailer /ID")
    missing = unembedded_fonts(reader)
    if missing:
        problems.append(Text("字体未嵌入：", "fonts not embedded: ") + "、".join(missing))
    problems += [Text(f"不允许的内容：{r}", f"not allowed: {r}") for r in risky_content(reader)]
    return problems
