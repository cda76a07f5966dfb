"""The draft as a PDF for the e-file, through the same reportlab page setting as every generated
document (GB/T 9704 geometry, embedded CJK font, text that reads back through pypdf).

No page numbers are printed: the e-file numbers a volume's pages when it is assembled.
"""

from __future__ import annotations


from ..efile import layout, render
from .document import Draft, Paragraph

__all__ = ["render_draft_pdf"]



def render_draft_pdf(draft: Draft, paragraphs: list[Paragraph] | None = None) -> bytes:
    """PDF bytes of the draft (or of `paragraphs` as edited), identical for identical input."""
    paras = paragraphs if paragraphs is not None else draft.paragraphs
    body = layout.BODY
    lead = layout.leading_for(body)
    sig = [p for p in paras if p.section == "signature"]
    with render.RENDER_LOCK:  # one lock for every document reportlab draws
        w = layout.Writer(f"{draft.title}（{draft.case_number}）", draft.court_name)
        last_body = max((i for i, p in enumerate(paras) if p.section != "signature"), default=-1)
        for i, p in enumerate(paras):
            if p.section == "signature":
                continue
            if p.style == "court":
                w.centered(p.text, 22, bold=True, spacing=0)
            elif p.style == "title":
                w.centered(p.text, 22, bold=True, spacing=0.5, after=0.3)
            elif p.style == "number":
                w.right(p.text, body)
            else:
                # The signature may not stand alone on a page (GB/T 9704 7.3.5): keep it with the
                # last line of the text.
                keep = (len(sig) + 2) * lead if i == last_body else 0.0
                w.paragraph(p.text, body, indent=2, keep=keep)
        judges = [p.text for p in sig if p.style == "signature"]
        dates = [p.text for p in sig if p.style == "date"]
        if judges:
            w.space(1)
            w.block(judges, body, align="right", indent=2)
        if dates:
            w.space(1)
            w.block(dates, body, align="right", indent=2)
        for p in sig:
            if p.style == "verify":
                w.paragraph(p.text, body, indent=2, justify=False)
        clerks = [p.text for p in sig if p.style == "clerk"]
        if clerks:
            w.block(clerks, body, align="right", indent=2)
        return w.finish()
