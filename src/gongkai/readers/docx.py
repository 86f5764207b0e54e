"""Word .docx → ``Document``, by walking the package's XML directly.

python-docx's ``row.cells`` repeats merged cells and hides ``gridBefore``; walking ``w:tbl`` ourselves is
exact and fast.  What the walk handles:

- paragraphs in reading order, one ``Paragraph`` per line (``w:br`` breaks a line); tabs read as spaces;
- Word list numbering rendered as printed (``numbering.xml``: ``%1、`` with ``chineseCounting`` → ``二、``),
  counted per list, deeper levels restarting, numbering inherited from paragraph styles;
- tracked changes as accepted: ``w:ins``/``w:moveTo`` kept, ``w:del``/``w:moveFrom`` dropped;
- content controls (``w:sdt``), hyperlinks, fields, smart tags: their content in place;
- text boxes (``w:txbxContent``) read after the paragraph that anchors them; of ``mc:AlternateContent``
  only the ``mc:Choice`` is read (the fallback repeats it);
- tables as grids: ``gridSpan`` → copies to the right, ``vMerge`` continue → copies below (``spanned``),
  ``gridBefore`` shifts a row right; a table holding tables is layout (its cells read as blocks) unless
  its own cells hold report labels; two tables separated only by empty paragraphs or a page break, with
  the same number of columns, are one table cut by a page break (a repeated header row is dropped).

The package is read with limits: entry sizes and compression ratios are checked before inflating
(zip bombs), and the XML parser neither resolves entities nor reads the network.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from gongkai.document import Cell, Document, Paragraph, Source, Table
from gongkai.errors import CorruptInput, TooLarge, UnsupportedFormat
from gongkai.readers.grid import join_lines, small_int
from gongkai.readers.limits import LIMITS, Deadline, InflateBudget, check_zip_entry, over
from gongkai.spec.variants import TABLE_MARKERS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{" + W + "}"

_SPACE = re.compile(r"[\s\u00a0]+")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _w(tag: str) -> str:
    return _W + tag


# -- the package ----------------------------------------------------------------------------------


# what zipfile, zlib and struct raise on damaged archives (RuntimeError: an encrypted entry)
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    ValueError,
    RuntimeError,
    OverflowError,
    struct.error,
)


def _read_part(zf: zipfile.ZipFile, name: str, path: str | None, budget: InflateBudget) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    check_zip_entry(info, path, f"Word 文件中的 {name} ")
    if info.flag_bits & 0x1:
        raise UnsupportedFormat(path, f"Word 文件已加密（{name} 需要密码才能解开），无法读取；请提供未加密的版本")
    try:
        with zf.open(info) as fh:
            data = fh.read(LIMITS.part_bytes + 1)
    except _ZIP_ERRORS as exc:
        raise CorruptInput(path, f"Word 文件损坏：{name} 无法解压（{exc}）") from exc
    if len(data) > LIMITS.part_bytes:
        raise TooLarge(path, f"Word 文件中的 {name} 解压后过大，疑为压缩炸弹，拒绝读取")
    budget.take(len(data), f"Word 文件中的 {name}")
    return data


def _xml(data: bytes, name: str, path: str | None) -> Any:
    count = data.count(b"<")
    if count > LIMITS.xml_elements:
        raise over(path, f"Word 文件 {name} 中的标记", count, LIMITS.xml_elements)
    try:
        return etree.fromstring(data, parser=_PARSER)
    except (etree.XMLSyntaxError, etree.ParserError, ValueError) as exc:
        raise CorruptInput(path, f"Word 文件损坏：{name} 不是合法的 XML（{exc}）") from exc


# -- numbering ------------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_MAX_START = 100_000  # a list's start number


def _chinese(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L")):
        while n >= value:
            out, n = out + letters, n - value
    for value, letters in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


# 一、二 … 十一: Word's own Chinese formats, and those LibreOffice writes for them
_CHINESE_COUNTING = frozenset(
    [
        "chineseCounting",
        "chineseCountingThousand",
        "chineseLegalSimplified",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "japaneseCounting",
    ]
)


def _format_number(n: int, fmt: str) -> str:
    if fmt in _CHINESE_COUNTING:
        return _chinese(n)
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt == "ideographDigital":
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "bullet" or fmt == "none":
        return ""
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    return str(n)


@dataclass(slots=True)
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass(slots=True)
class _Numbering:
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → ilvl → level
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId → (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, {})
        level = levels[ilvl]
        counts[ilvl] = counts.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k, _Level())
            n = counts.get(k, lvl.start)
            return _format_number(n, lvl.fmt)

        return re.sub(r"%(\d)", sub, level.text)


def _val(el: Any, tag: str) -> str | None:
    child = el.find(_w(tag)) if el is not None else None
    return child.get(_w("val")) if child is not None else None


def _load_numbering(numbering: Any, styles: Any) -> _Numbering:
    out = _Numbering()
    if numbering is not None:
        abstract: dict[str, dict[int, _Level]] = {}
        for an in numbering.iter(_w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in an.iter(_w("lvl")):
                ilvl = small_int(lvl.get(_w("ilvl")), 0, 9)
                levels[ilvl] = _Level(
                    fmt=_val(lvl, "numFmt") or "decimal",
                    text=_val(lvl, "lvlText") or "",
                    start=small_int(_val(lvl, "start"), 1, _MAX_START),
                )
            abstract[an.get(_w("abstractNumId"), "")] = levels
        for num in numbering.iter(_w("num")):
            base = abstract.get(_val(num, "abstractNumId") or "", {})
            levels = {k: _Level(v.fmt, v.text, v.start) for k, v in base.items()}
            for override in num.iter(_w("lvlOverride")):
                ilvl = small_int(override.get(_w("ilvl")), 0, 9)
                start = _val(override, "startOverride")
                if start and start.isdecimal() and ilvl in levels:
                    levels[ilvl].start = small_int(start, 1, _MAX_START)
            out.levels[num.get(_w("numId"), "")] = levels
    if styles is not None:
        for style in styles.iter(_w("style")):
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None:
                num_id = _val(num_pr, "numId")
                if num_id:
                    out.style_num[style.get(_w("styleId"), "")] = (num_id, small_int(_val(num_pr, "ilvl"), 0, 9))
    return out


# -- the walk -------------------------------------------------------------------------------------

_SKIP = frozenset(_w(t) for t in ("del", "moveFrom", "delText", "pPr", "rPr", "tblPr", "trPr", "tcPr", "sectPr"))
_SKIP_ANY = frozenset(("{" + MC + "}Fallback",))


class _Walker:
    def __init__(self, path: str | None, numbering: _Numbering) -> None:
        self.path = path
        self.deadline = Deadline(path)
        self.numbering = numbering
        self.blocks: list[Paragraph | Table] = []
        self.tables = 0
        self.lines = 0
        self.pending_break = False  # only empty paragraphs / page breaks since the last table

    # paragraphs ---------------------------------------------------------------------------------
    def paragraph_lines(self, p: Any, boxes: list[Any]) -> list[str]:
        """The lines of a paragraph (numbering label first); text boxes found inside go to ``boxes``."""
        lines: list[str] = [""]
        stack = [iter(p)]
        while stack:
            el = next(stack[-1], None)
            if el is None:
                stack.pop()
                continue
            tag = el.tag
            if not isinstance(tag, str) or tag in _SKIP or tag in _SKIP_ANY:
                continue
            if tag == _w("t"):
                lines[-1] += el.text or ""
            elif tag == _w("tab"):
                lines[-1] += " "
            elif tag in (_w("br"), _w("cr")):
                if el.get(_w("type")) not in ("page", "column"):
                    lines.append("")
            elif tag == _w("noBreakHyphen"):
                lines[-1] += "-"
            elif tag == _w("txbxContent"):
                boxes.append(el)
            else:
                stack.append(iter(el))
        label = self.number_label(p)
        if label:
            lines[0] = label + lines[0]
        return [_SPACE.sub(" ", ln).strip() for ln in lines]

    def number_label(self, p: Any) -> str:
        ppr = p.find(_w("pPr"))
        if ppr is None:
            return ""
        num_pr = ppr.find(_w("numPr"))
        num_id: str | None = None
        ilvl = 0
        if num_pr is not None:
            num_id = _val(num_pr, "numId")
            ilvl = small_int(_val(num_pr, "ilvl"), 0, 9)
        if num_id is None:
            style = _val(ppr, "pStyle")
            if style and style in self.numbering.style_num:
                num_id, ilvl = self.numbering.style_num[style]
        if not num_id or num_id == "0":
            return ""
        return self.numbering.label(num_id, ilvl)

    def paragraph(self, p: Any) -> None:
        boxes: list[Any] = []
        lines = self.paragraph_lines(p, boxes)
        self.lines += 1
        texts = [ln for ln in lines if ln]
        for i, text in enumerate(texts):
            self.blocks.append(Paragraph(text=text, source=Source(file=self.path, line=self.lines, char=i or None)))
        if texts:
            self.pending_break = False
        for box in boxes:
            self.body(box)

    # tables -------------------------------------------------------------------------------------
    def cell_text(self, tc: Any) -> str:
        parts: list[str] = []
        stack = [iter(tc)]
        while stack:
            el = next(stack[-1], None)
            if el is None:
                stack.pop()
                continue
            if el.tag == _w("p"):
                boxes: list[Any] = []
                parts.extend(self.paragraph_lines(el, boxes))
                for box in boxes:
                    parts.append(self.cell_text(box))
            elif el.tag in (_w("tbl"), _w("tr"), _w("tc"), _w("sdt"), _w("sdtContent"), _w("customXml")):
                stack.append(iter(el))
        return join_lines(parts)

    def is_layout(self, tbl: Any) -> bool:
        if tbl.find(f".//{_w('tbl')}") is None:
            return False
        own = []
        for t in tbl.iter(_w("t")):
            if next(a for a in t.iterancestors(_w("tbl"))) is tbl:
                own.append(t.text or "")
        text = _SPACE.sub("", "".join(own))
        return not any(label in text for label in TABLE_MARKERS)

    def table(self, tbl: Any) -> None:
        if self.is_layout(tbl):
            for tc in tbl.iter(_w("tc")):
                if next(a for a in tc.iterancestors(_w("tbl"))) is tbl:
                    self.body(tc)
            return
        rows = self.grid_rows(tbl)
        if not rows:
            return
        prev = self.blocks[-1] if self.blocks else None
        if self.pending_break and isinstance(prev, Table) and _width(prev) == _width_rows(rows):
            self._append(prev, rows)
        else:
            self.blocks.append(Table(rows=rows, source=Source(file=self.path, table=self.tables)))
            self.tables += 1
        self.pending_break = True

    def grid_rows(self, tbl: Any) -> list[list[Cell]]:
        """The table's rows as grid cells: ``gridBefore`` shifts a row, ``gridSpan`` copies a cell to the
        right, ``vMerge`` continue copies the cell above (its origin's rowspan grows) — in one pass, rows,
        cells and time bounded by ``LIMITS``."""
        rows: list[list[Cell]] = []
        below: dict[int, Cell] = {}  # column → the cell of the previous row there
        origin_at: dict[int, Cell] = {}  # column → the origin cell covering it in the previous row
        slots = 0
        for r, tr in enumerate(_children(tbl, "tr")):
            if r >= LIMITS.table_rows:
                raise over(self.path, "表格行数", r + 1, LIMITS.table_rows, "行")
            if r % 1000 == 999:
                self.deadline.check("Word 表格读取")
            col = small_int(_val(tr.find(_w("trPr")), "gridBefore"), 0, LIMITS.colspan)
            row: list[Cell] = []
            here: dict[int, Cell] = {}
            origins: dict[int, Cell] = {}
            for tc in _children(tr, "tc"):
                tcpr = tc.find(_w("tcPr"))
                span = max(1, small_int(_val(tcpr, "gridSpan"), 1, LIMITS.colspan))
                slots += span
                if slots > LIMITS.grid_slots:
                    raise over(self.path, "表格单元格", slots, LIMITS.grid_slots)
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                continues = vmerge is not None and vmerge.get(_w("val"), "continue") == "continue"
                origin = origin_at.get(col) if continues and col in below else None
                if origin is not None:
                    origin.rowspan += 1
                    cells = [self._cell(origin.text, r, col + dc, spanned=True) for dc in range(span)]
                else:
                    text = self.cell_text(tc)
                    origin = self._cell(text, r, col, colspan=span)
                    cells = [origin] + [self._cell(text, r, col + dc, spanned=True) for dc in range(1, span)]
                for dc, cell in enumerate(cells):
                    here[col + dc] = cell
                    origins[col + dc] = origin
                row.extend(cells)
                col += span
            below, origin_at = here, origins
            if row:
                rows.append(row)
        return rows

    def _cell(self, text: str, r: int, c: int, colspan: int = 1, spanned: bool = False) -> Cell:
        src = Source(file=self.path, table=self.tables, row=r, col=c)
        return Cell(text=text, row=r, col=c, source=src, colspan=colspan, spanned=spanned)

    def _append(self, table: Table, rows: list[list[Cell]]) -> None:
        if [c.text for c in rows[0]] == [c.text for c in table.rows[0]]:
            rows = rows[1:]  # the header row repeated after the break
        offset = len(table.rows)
        index = table.source.table
        for i, row in enumerate(rows):
            for c in row:
                c.row = offset + i
                c.source = Source(file=self.path, table=index, row=c.row, col=c.col)
            table.rows.append(row)

    # body ---------------------------------------------------------------------------------------
    def body(self, container: Any) -> None:
        stack = [iter(container)]
        while stack:
            el = next(stack[-1], None)
            if el is None:
                stack.pop()
                continue
            tag = el.tag
            if tag == _w("p"):
                self.paragraph(el)
                if self.lines % 10_000 == 0:
                    self.deadline.check("Word 文件读取")
            elif tag == _w("tbl"):
                self.table(el)
            elif tag in (_w("sdt"), _w("sdtContent"), _w("customXml"), _w("ins"), _w("moveTo"), _w("body")):
                stack.append(iter(el))
            elif tag == "{" + MC + "}AlternateContent":
                choice = el.find("{" + MC + "}Choice")
                if choice is not None:
                    stack.append(iter(choice))


def _children(el: Any, tag: str) -> list[Any]:
    """Direct ``tag`` children, looking through content controls and tracked insertions."""
    out = []
    stack = [iter(el)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if child.tag == _w(tag):
            out.append(child)
        elif child.tag in (_w("sdt"), _w("sdtContent"), _w("customXml"), _w("ins")):
            stack.append(iter(child))
    return out


def _width(table: Table) -> int:
    return _width_rows(table.rows)


def _width_rows(rows: list[list[Cell]]) -> int:
    return max((c.col + 1 for row in rows for c in row), default=0)


def read_docx(data: bytes, path: str | None = None) -> Document:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, NotImplementedError, OSError, EOFError) as exc:
        raise CorruptInput(path, f"Word 文件损坏或被截断（zip 结构无法读取：{exc}）") from exc
    with zf:
        if len(zf.infolist()) > 10_000:
            raise TooLarge(path, "Word 文件中的条目过多，拒绝读取")
        budget = InflateBudget(path)
        main = _read_part(zf, "word/document.xml", path, budget)
        if main is None:
            raise CorruptInput(path, "不是完整的 Word 文件（缺少 word/document.xml）")
        numbering_xml = _read_part(zf, "word/numbering.xml", path, budget)
        styles_xml = _read_part(zf, "word/styles.xml", path, budget)
    root = _xml(main, "word/document.xml", path)
    numbering = _load_numbering(
        _xml(numbering_xml, "word/numbering.xml", path) if numbering_xml else None,
        _xml(styles_xml, "word/styles.xml", path) if styles_xml else None,
    )
    body = root.find(_w("body"))
    walker = _Walker(path, numbering)
    if body is not None:
        walker.body(body)
    return Document(blocks=walker.blocks, path=path, layout="docx")


__all__ = ["read_docx"]
