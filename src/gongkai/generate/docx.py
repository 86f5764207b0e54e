"""The standard report as a Word file laid out as government documents are (GB/T 9704 in spirit).

A4 with the official margins; the title in 方正小标宋简体 二号, centred; section headings in 黑体 三号;
body text in 仿宋_GB2312 三号 with a first-line indent of two characters; the three tables in the official
layout with real merged cells (``gridSpan``, ``vMerge``) in 仿宋_GB2312 五号; signature and date
right-aligned; page numbers “— 1 —” in the footer.  Font names are those government templates use; Word
falls back to 宋体/黑体 where they are not installed.

The package is written directly (WordprocessingML parts as text, zipped), not through python-docx's
object model: a report renders in a few milliseconds.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from gongkai.synth.doc import GenDoc, Grid, Para

TITLE_FONT, HEADING_FONT, BODY_FONT, TABLE_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312", "仿宋_GB2312"
TITLE_HALF_PT, HEADING_HALF_PT, BODY_HALF_PT, TABLE_HALF_PT = 44, 32, 32, 21  # 二号, 三号, 三号, 五号 (half-points)
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_TEXT_WIDTH_TWIPS = 8787  # 210 mm − 28 mm − 26 mm


def _run(text: str, font: str, half_points: int, bold: bool = False) -> str:
    props = (
        f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>'
        + ("<w:b/>" if bold else "")
        + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    )
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _paragraph(p: Para) -> str:
    if p.role == "title":
        props, run = '<w:jc w:val="center"/><w:spacing w:after="320"/>', _run(p.text, TITLE_FONT, TITLE_HALF_PT)
    elif p.role == "heading":
        props, run = '<w:ind w:firstLine="640"/>', _run(p.text, HEADING_FONT, HEADING_HALF_PT)
    elif p.role in ("signature", "date"):
        props, run = '<w:jc w:val="right"/>', _run(p.text, BODY_FONT, BODY_HALF_PT)
    else:
        props, run = '<w:ind w:firstLine="640"/><w:jc w:val="both"/>', _run(p.text, BODY_FONT, BODY_HALF_PT)
    return f"<w:p><w:pPr>{props}</w:pPr>{run}</w:p>"


def _table(grid: Grid) -> str:
    width = grid.width
    full = grid.slots()
    # columns that hold no value are label columns: wider, as in the national template
    has_value = [False] * width
    for row in full:
        for c, slot in enumerate(row):
            if slot is not None and slot.cell is not None:
                has_value[c] = True
    weights = [1.0 if v else 1.7 for v in has_value]
    unit = _TEXT_WIDTH_TWIPS / sum(weights)
    cols = [int(unit * w) for w in weights]
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:jc w:val="center"/>'
        f'<w:tblW w:w="{sum(cols)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in cols)
        + "</w:tblGrid>"
    ]
    # a row never breaks across pages, and the header rows print again on each page the table runs onto
    head = next((r for r, row in enumerate(full) if any(s is not None and s.cell is not None for s in row)), 0)
    for r, row in enumerate(full):
        out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if r < head else "") + "</w:trPr>")
        c = 0
        while c < width:
            slot = row[c]
            if slot is None:  # covered: the continuation of a vertical merge (horizontal cover is a gridSpan)
                span = next((s for s in (full[k][c] for k in range(r, -1, -1)) if s is not None), None)
                span_cols = span.colspan if span is not None else 1
                grid_span = f'<w:gridSpan w:val="{span_cols}"/>' if span_cols > 1 else ""
                out.append(f"<w:tc><w:tcPr>{grid_span}<w:vMerge/></w:tcPr><w:p/></w:tc>")
                c += span_cols
                continue
            props = f'<w:tcW w:w="{sum(cols[c : c + slot.colspan])}" w:type="dxa"/>'
            if slot.colspan > 1:
                props += f'<w:gridSpan w:val="{slot.colspan}"/>'
            if slot.rowspan > 1:
                props += '<w:vMerge w:val="restart"/>'
            props += '<w:vAlign w:val="center"/>'
            align = '<w:pPr><w:jc w:val="center"/></w:pPr>' if slot.cell is not None or slot.header else ""
            bold = slot.header and (r < 3 or slot.colspan == width)  # the header rows and block titles
            run = _run(slot.text, TABLE_FONT, TABLE_HALF_PT, bold=bold) if slot.text else ""
            out.append(f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{align}{run}</w:p></w:tc>")
            c += slot.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _document(doc: GenDoc) -> str:
    body = []
    for block in doc.blocks:
        if isinstance(block, Para):
            body.append(_paragraph(block))
        else:
            body.append(_table(block))
            body.append("<w:p/>")
    section = (
        '<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>'
        "</w:sectPr>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W} {_R}><w:body>'
        + "".join(body)
        + section
        + "</w:body></w:document>"
    )


_FOOTER = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {_W} {_R}><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
    '<w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>'
)
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {_W}>'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/>'
    '<w:sz w:val="32"/><w:lang w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style></w:styles>'
)
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/></Relationships>'
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/>'
    '<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" '
    'Target="footer1.xml"/></Relationships>'
)


def _core(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>gongkai</dc:creator></cp:coreProperties>"
    )


def to_docx(doc: GenDoc) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("docProps/core.xml", _core(doc.title))
        z.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        z.writestr("word/styles.xml", _STYLES)
        z.writestr("word/footer1.xml", _FOOTER)
        z.writestr("word/document.xml", _document(doc))
    return out.getvalue()


__all__ = ["to_docx"]
