"""The standard report as a clean HTML fragment a CMS editor can paste: headings, paragraphs and the
three tables with real ``rowspan``/``colspan``; no scripts, no styles beyond borders, every text escaped.
"""

from __future__ import annotations

import html

from gongkai.synth.doc import GenDoc, Para

_TAGS = {"title": "h1", "heading": "h2"}


def to_html(doc: GenDoc) -> bytes:
    out = ['<div class="gongkai-report">']
    for block in doc.blocks:
        if isinstance(block, Para):
            tag = _TAGS.get(block.role, "p")
            align = ' style="text-align:right"' if block.role in ("signature", "date") else ""
            out.append(f"<{tag}{align}>{html.escape(block.text)}</{tag}>")
            continue
        out.append('<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">')
        for row in block.rows:
            cells = []
            for slot in row:
                tag = "th" if slot.header else "td"
                spans = (f' rowspan="{slot.rowspan}"' if slot.rowspan > 1 else "") + (
                    f' colspan="{slot.colspan}"' if slot.colspan > 1 else ""
                )
                cells.append(f"<{tag}{spans}>{html.escape(slot.text)}</{tag}>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
    out.append("</div>")
    return ("\n".join(out) + "\n").encode("utf-8")


__all__ = ["to_html"]
