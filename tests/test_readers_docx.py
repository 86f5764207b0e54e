"""The DOCX reader on hand-made XML: numbering, tracked changes, content controls, text boxes, merges."""

from __future__ import annotations

import io
import zipfile

from gongkai.document import Paragraph, Table
from gongkai.readers import Form, read_bytes, sniff

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
)
NUMBERING = f"""<w:numbering {NS}>
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""


def _p(text: str, num: int | None = None, lvl: int = 0) -> str:
    ppr = f'<w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>' if num else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text: str, span: int = 1, vmerge: str | None = None) -> str:
    props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        f'<w:vMerge w:val="{vmerge}"/>' if vmerge == "restart" else "<w:vMerge/>" if vmerge else ""
    )
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text)}</w:tc>"


def _docx(body: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}</w:body></w:document>")
        zf.writestr("word/numbering.xml", NUMBERING)
    return buf.getvalue()


def test_numbering_tracked_changes_controls_and_text_boxes() -> None:
    body = (
        _p("总体情况", num=1)
        + _p("主动公开", num=1, lvl=1)
        + _p("主动公开政府信息情况", num=1)
        + "<w:p><w:r><w:t>本年</w:t></w:r><w:ins><w:r><w:t>新收</w:t></w:r></w:ins>"
        + "<w:del><w:r><w:delText>旧的</w:delText></w:r></w:del><w:r><w:t>申请</w:t></w:r></w:p>"
        + f"<w:sdt><w:sdtContent>{_p('控件里的段落')}</w:sdtContent></w:sdt>"
        + "<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>"
        + _p("文本框里的段落")
        + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
        + _p("文本框里的段落")
        + "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        + "<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>"
    )
    data = _docx(body)
    assert sniff(data) is Form.DOCX
    texts = [b.text for b in read_bytes(data, "x.docx").blocks if isinstance(b, Paragraph)]
    assert texts == [
        "一、总体情况",
        "（一）主动公开",
        "二、主动公开政府信息情况",
        "本年新收申请",
        "控件里的段落",
        "文本框里的段落",
        "第一行",
        "第二行",
    ]


def test_merges_grid_before_and_split_table() -> None:
    row1 = f"<w:tr>{_tc('合并', vmerge='restart')}{_tc('甲乙', span=2)}</w:tr>"
    row2 = f"<w:tr>{_tc('', vmerge='continue')}{_tc('1')}{_tc('2')}</w:tr>"
    row3 = f'<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>{_tc("3")}{_tc("4")}</w:tr>'
    head = f"<w:tr>{_tc('合并', vmerge='restart')}{_tc('甲乙', span=2)}</w:tr>"
    row4 = f"<w:tr>{_tc('丙')}{_tc('5')}{_tc('6')}</w:tr>"
    page_break = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    body = f"<w:tbl>{row1}{row2}{row3}</w:tbl>{page_break}<w:tbl>{head}{row4}</w:tbl>"
    doc = read_bytes(_docx(body), "t.docx")
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert isinstance(table, Table)
    grid = [[(c.col, c.text, c.spanned) for c in row] for row in table.rows]
    assert grid == [
        [(0, "合并", False), (1, "甲乙", False), (2, "甲乙", True)],
        [(0, "合并", True), (1, "1", False), (2, "2", False)],
        [(1, "3", False), (2, "4", False)],
        [(0, "丙", False), (1, "5", False), (2, "6", False)],
    ]
    assert table.rows[0][0].rowspan == 2 and table.rows[0][1].colspan == 2
    assert table.rows[3][2].source.row == 3 and table.rows[3][2].source.table == 0


def test_chinese_number_formats_as_libreoffice_writes_them() -> None:
    numbering = NUMBERING.replace("chineseCounting", "taiwaneseCountingThousand", 1).replace(
        'w:val="chineseCounting"', 'w:val="ideographDigital"'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        body = _p("总体情况", num=1) + _p("主动公开", num=1, lvl=1) + _p("依申请公开", num=1, lvl=1)
        zf.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}</w:body></w:document>")
        zf.writestr("word/numbering.xml", numbering)
    texts = [b.text for b in read_bytes(buf.getvalue(), "x.docx").blocks if isinstance(b, Paragraph)]
    assert texts == ["一、总体情况", "（一）主动公开", "（二）依申请公开"]
