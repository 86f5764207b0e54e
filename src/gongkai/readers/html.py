"""Web pages (and JSON/JS payloads carrying a page) → ``Document``.

Government CMS pages wrap the report in navigation, headers, footers and layout tables; the report's
own tables are usually Word-exported (``MsoNormal`` paragraphs, nested ``<span>``, ``rowspan`` and
``colspan``).  The reader:

- decodes the bytes: BOM, else the page's own ``<meta charset>`` (GB2312/GBK read as GB18030), else
  strict UTF-8, else charset-normalizer's guess;
- drops what is never content (``script``, ``style``, ``nav``, forms' widgets, hidden elements);
- walks the tree once, without recursion: every block element (``p``, ``div``, ``li``, ``h1``…, ``br``)
  ends a line, and each line of text becomes a ``Paragraph`` in reading order;
- removes what prints as nothing (zero-width and direction marks, soft hyphens) and the source line
  breaks between two Chinese characters, so a heading or a number split across inline runs reads as
  printed;
- turns every *leaf* table (one with no table inside) into a grid with ``rowspan``/``colspan``
  expanded (copies marked ``spanned``), except a one-column table (a title bar, a box around text),
  read as lines; a table holding other tables is judged by its own grid, at any depth: it is data
  when its own cells carry report labels and values (the inner tables' text then in its cells), else
  layout — a page laid out in tables, its content cell holding the narrative — walked as text, the
  tables nested in it judged in turn;
- collects the page's metadata block (标题/索引号/文号/发文日期/发布机构 …) from ``<meta>`` tags, from
  ``key：value`` lines and from key/value table cells into ``Document.meta``, and the page's
  ``<title>`` as 网页标题.

libxml2 caps nesting depth (256) and the walk is iterative, so a hostile page cannot blow the stack;
size is capped before parsing.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from gongkai.document import Document, Paragraph, Source, Table
from gongkai.errors import CorruptInput, TooLarge
from gongkai.normalize import is_value_text
from gongkai.readers.encoding import DAMAGE, decode_damaged, mark_damage
from gongkai.readers.grid import RawCell, expand, join_lines, small_int
from gongkai.readers.limits import LIMITS, over
from gongkai.readers.text import META_KEYS
from gongkai.spec.variants import TABLE_MARKERS

MAX_HTML_BYTES = LIMITS.html_bytes
_OPTIONS: dict[str, Any] = {"remove_comments": True, "remove_pis": True, "no_network": True}
_PARSER = etree.HTMLParser(**_OPTIONS)

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "select",
    "option",
    "button",
    "input",
    "textarea",
    "nav",
    "head",
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "main",
        "blockquote",
        "pre",
        "center",
        "address",
        "hr",
        "form",
        "fieldset",
        "figure",
        "figcaption",
        "caption",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "body",
        "html",
    ]
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")  # on the lower-cased style
_SPACE = re.compile(r"[\s\u00a0]+")
# zero-width and direction marks an editor leaves between runs: printed as nothing, so removed (a run
# boundary inside "五、存在的主要问题" or inside a number must not become a space)
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\u202a-\u202e\u2066-\u2069\ufeff]")
# a source line break between two East Asian wide characters is no space at all (CSS Text 3 segment
# break rule): Word and CMS editors break long Chinese runs across source lines
_WIDE = "\u2e80-\u303e\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6"
_CJK_BREAK = re.compile(f"(?<=[{_WIDE}])[ \t\r]*\n[ \t\r\n]*(?=[{_WIDE}])")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
# control characters no page prints: a vertical tab or form feed is a space, any other (escape too) a
# damaged spot (a flipped bit, a truncated transfer), marked as every reader marks damage — lxml can
# hold none of them
_BLANK_CONTROLS = re.compile("[\x0b\x0c]")
# keys a CMS prints beside the metadata; 时间/日期 are kept as printed, the others only end a value
_PAGE_KEYS = (*META_KEYS, "时间", "日期")
_BOUNDARY_KEYS = (*_PAGE_KEYS, "作者", "浏览次数", "点击数", "访问量", "字号")
_META_KEY_ALT = "|".join(sorted(_PAGE_KEYS, key=len, reverse=True))
_BOUNDARY_ALT = "|".join(re.escape(k) for k in sorted(_BOUNDARY_KEYS, key=len, reverse=True))
_META_INLINE = re.compile(r"(" + _META_KEY_ALT + r")\s*[:：]\s*(.*?)\s*(?=(?:" + _BOUNDARY_ALT + r")\s*[:：]|【|$)")
# <meta name=… content=…> names CMSs use for the page metadata, mapped to the printed keys
_META_NAMES = {
    "articletitle": "标题",
    "pubdate": "发布时间",
    "firstpublishedtime": "发布时间",
    "publishdate": "发布时间",
    "contentsource": "来源",
}


# -- decoding -------------------------------------------------------------------------------------


def _codec(name: str) -> str | None:
    name = name.strip().lower()
    if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030"):
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, path: str | None) -> str:
    """The text of an HTML page: BOM, declared charset, UTF-8, GB18030 — then, when none decodes cleanly,
    the one with the fewest damaged bytes (each U+FFFD, read as a damaged spot), then a detector's guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    m = _META_CHARSET.search(data[:16384])
    declared = _codec(m.group(1).decode("ascii", "ignore")) if m else None
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # pages lie about their charset: fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    damaged = decode_damaged(data, tuple(dict.fromkeys((declared or "utf-8", "utf-8", "gb18030"))))
    if damaged is not None:
        return damaged[0]
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    raise CorruptInput(path, "网页编码无法识别（不是 UTF-8，也不是 GBK/GB2312）")


# -- the walk -------------------------------------------------------------------------------------
#
# Everything here runs once per element of a page, so it works on lxml's C iterators (``iterwalk``,
# ``iter``, ``tostring``) and keeps Python work per element to a dictionary lookup or two.

_LINE_START = _BLOCK_TAGS | {"br"}  # tags whose start ends the current line
_CELL_BLOCKS = ("p", "div", "br", "li", "table")  # more than one of these in a cell: read it line by line
_META_KEY_SET = frozenset(META_KEYS)
_LABEL_CELL = 40  # a cell holding a report label is short; a longer one is narrative


def _clean(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    if "\n" in text:
        text = _CJK_BREAK.sub("", text)
    return _SPACE.sub(" ", text).strip()


def _lines(root: Any) -> list[str]:
    """The text of an element as lines: block elements and ``<br>`` end a line."""
    lines: list[str] = []
    buf: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if buf and tag in _LINE_START:
                text = _clean("".join(buf))
                buf.clear()
                if text:
                    lines.append(text)
            if el.text:
                buf.append(el.text)
        else:
            if buf and tag in _BLOCK_TAGS:
                text = _clean("".join(buf))
                buf.clear()
                if text:
                    lines.append(text)
            if el.tail and el is not root:
                buf.append(el.tail)
    if buf:
        text = _clean("".join(buf))
        if text:
            lines.append(text)
    return lines


def _is_leaf(table: Any) -> bool:
    return next(table.iterdescendants("table"), None) is None


def _own_cells(table: Any) -> Iterator[str]:
    """The text of each cell of a table itself, without the tables nested in it (one pass, no recursion)."""
    cell: Any = None
    parts: list[str] = []
    walker = etree.iterwalk(table, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if tag == "table" and el is not table:
                walker.skip_subtree()  # its tail still comes with its end event
                continue
            if cell is None and (tag == "td" or tag == "th"):
                cell = el
                parts.clear()
            if cell is not None and el.text:
                parts.append(el.text)
        else:
            if el is cell:
                yield "".join(parts)
                cell = None
            elif cell is not None and el.tail:
                parts.append(el.tail)


def _is_data_table(table: Any) -> bool:
    """Whether a table holding other tables is a data table, by the content of its own grid.

    A page laid out in tables (banner, menu column, a content cell holding the narrative and the
    report's tables) is walked as text, whatever words the narrative in its cells uses.  A table is
    data when its own cells, outside the tables nested in them, carry report labels as short cells
    (not a paragraph mentioning them) and values: a report table with a small table inside a cell.
    """
    labels = values = 0
    for raw in _own_cells(table):
        text = _SPACE.sub("", _INVISIBLE.sub("", raw))
        if not text:
            continue
        if len(text) <= _LABEL_CELL and any(label in text for label in TABLE_MARKERS):
            labels += 1
        elif is_value_text(text):
            values += 1
        if labels >= 2 and values >= 3:
            return True
    return False


def _is_column(table: Any) -> bool:
    """A leaf table of one column (a title bar, a box around text): layout, read as lines of text."""
    rows = 0
    for tr in table.iter("tr"):
        cells = list(tr.iterchildren("td", "th"))
        if len(cells) > 1 or (cells and _span(cells[0].get("colspan") or "1") > 1):
            return False
        rows += 1
    return rows > 0


def _span(raw: str) -> int:
    m = re.match(r"\s*(\d+)", raw)
    return small_int(m.group(1), 1, LIMITS.colspan * 100) if m else 1


def _table_rows(table: Any, leaf: bool, path: str | None) -> list[list[RawCell]]:
    # cells holding more than one block element are read line by line, the others in one piece
    blocks: dict[Any, int] = {}
    for block in table.iterdescendants(*_CELL_BLOCKS):
        up = block.getparent()
        while up is not table:  # every cell holding the block, up to this table
            if up.tag == "td" or up.tag == "th":
                blocks[up] = blocks.get(up, 0) + 1
            up = up.getparent()
    count = sum(1 for _ in table.iter("td", "th"))
    if count > LIMITS.grid_slots:
        raise over(path, "表格单元格", count, LIMITS.grid_slots)
    rows: list[list[RawCell]] = []
    for tr in table.iter("tr"):
        # rows of this table only, not of a table nested inside one of its cells
        if not leaf and next(tr.iterancestors("table"), None) is not table:
            continue
        cells = []
        for td in tr.iterchildren("td", "th"):
            if blocks.get(td, 0) <= 1:
                text = _clean(etree.tostring(td, method="text", encoding="unicode", with_tail=False))
            else:
                text = join_lines(_lines(td))
            rowspan, colspan = td.get("rowspan"), td.get("colspan")
            cells.append(
                RawCell(text, 1 if rowspan is None else _span(rowspan), 1 if colspan is None else _span(colspan))
            )
        if cells:
            rows.append(cells)
    return rows


class _Walker:
    def __init__(self, path: str | None) -> None:
        self.path = path
        self.blocks: list[Paragraph | Table] = []
        self.buf: list[str] = []
        self.tables = 0
        self.meta: dict[str, str] = {}

    def flush(self) -> None:
        text = _clean("".join(self.buf))
        self.buf.clear()
        if text:
            n = len(self.blocks)
            self.blocks.append(Paragraph(text=text, source=Source(file=self.path, line=n + 1)))
            if len(text) <= 200 and ("：" in text or ":" in text):
                self._meta_from_line(text)

    def _meta_from_line(self, text: str) -> None:
        for m in _META_INLINE.finditer(text):
            if m.group(2) and (m.start() == 0 or text[m.start() - 1].isspace()):
                self.meta.setdefault(m.group(1), m.group(2).strip())

    def _meta_from_table(self, table: Table) -> None:
        for row in table.rows:
            texts = [c.text.strip() for c in row if not c.spanned]
            for i, text in enumerate(texts[:-1]):
                key = text.rstrip(":：").strip()
                if key in _META_KEY_SET and texts[i + 1] and texts[i + 1].rstrip(":：") not in _META_KEY_SET:
                    self.meta.setdefault(key, texts[i + 1])
            for text in texts:
                if len(text) < 200 and ("：" in text or ":" in text):
                    for m in _META_INLINE.finditer(text):
                        if m.group(2) and m.start() == 0:
                            self.meta.setdefault(m.group(1), m.group(2).strip())

    def table(self, el: Any, leaf: bool) -> None:
        if self.buf:
            self.flush()
        rows = _table_rows(el, leaf, self.path)
        if not rows:
            return
        table = expand(rows, Source(file=self.path), self.tables, self.path)
        self.tables += 1
        self.blocks.append(table)
        self._meta_from_table(table)

    def walk(self, root: Any) -> None:
        buf = self.buf
        flush = self.flush
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, el in walker:
            tag = el.tag
            if event == "start":
                if tag == "table":
                    leaf = _is_leaf(el)
                    if (leaf and not _is_column(el)) or (not leaf and _is_data_table(el)):
                        self.table(el, leaf)
                        walker.skip_subtree()
                        continue
                    if buf:  # layout: its cells are walked as text, nested tables judged on their own
                        flush()
                    continue
                if buf and tag in _LINE_START:
                    flush()
                if el.text:
                    buf.append(el.text)
            else:
                if buf and (tag in _BLOCK_TAGS or tag == "table"):
                    flush()
                if el.tail and el is not root:
                    buf.append(el.tail)
        if buf:
            flush()


def parse_html(text: str, path: str | None) -> Any:
    """The lxml tree of a page (its root element).

    libxml2 stops building the tree at 256 levels of nesting (the rest of the page is lost); a page
    nested deeper — a real report wrapped in thousands of ``<div>``s — is parsed again by
    ``_DepthCappedBuilder``, which keeps the report and leaves the excess wrappers out.
    """
    count = text.count("<")
    if count > LIMITS.html_elements:
        raise over(path, "网页标记", count, LIMITS.html_elements)
    text = _XML_DECL.sub("", text, count=1)
    text = mark_damage(_BLANK_CONTROLS.sub(" ", text)).replace("\x1b", DAMAGE)
    try:
        root = etree.fromstring(text, parser=_PARSER)
        if any(e.type == _DEPTH_ERROR for e in _PARSER.error_log):
            root = etree.fromstring(text, parser=etree.HTMLParser(target=_DepthCappedBuilder(path), **_OPTIONS))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise CorruptInput(path, f"网页无法解析（{exc}）") from exc
    if root is None:
        raise CorruptInput(path, "网页是空的，没有可读的内容")
    return root


_DEPTH_ERROR = etree.ErrorTypes.ERR_RESOURCE_LIMIT
# tags that carry a page's structure: kept at any depth (the rest beyond ``html_depth`` only end lines)
_STRUCTURE = frozenset(("table", "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "head", "title", "meta"))
_HIDING = frozenset(_DROP_TAGS)
_NAME = re.compile(r"[A-Za-z_][\w.-]*")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class _DepthCappedBuilder:
    """Parser target building a tree at most ``LIMITS.html_depth`` levels deep (plus table structure).

    A wrapper element past the cap is left out: its start and end still end a line (as a block element
    does), its text stays in place.  An element that hides its content (``script``, ``style``, hidden
    attributes) is dropped with its content, as ``document_from_tree`` would.  Table structure is kept at
    any depth, up to four times the cap: tables nested deeper than that are refused (``TooLarge``).
    """

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.builder = etree.TreeBuilder()
        self.open: list[str | None] = []  # per open element: its tag when built into the tree, else None
        self.depth = 0  # open elements built
        self.hiding = 0  # >0: inside a left-out element that hides its content
        self.failed = False

    def _line(self) -> None:
        self.builder.start("br", {})
        self.builder.end("br")

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        # the tree API takes XML names and text only (Word's <o:p>, xmlns:v attributes, control characters)
        tag = tag if _NAME.fullmatch(tag) else "span"
        attrib = {k: _XML_INVALID.sub("", v) for k, v in attrib.items() if _NAME.fullmatch(k)}
        if self.hiding:
            self.hiding += 1
            self.open.append(None)
            return
        if self.depth < LIMITS.html_depth or tag in _STRUCTURE:
            if self.depth >= 4 * LIMITS.html_depth:
                self.failed = True
                raise over(self.path, "网页表格嵌套层数", self.depth, 4 * LIMITS.html_depth, "层")
            self.builder.start(tag, attrib)
            self.open.append(tag)
            self.depth += 1
            return
        self.open.append(None)
        if tag in _HIDING or "hidden" in attrib or _hidden_style(attrib.get("style") or ""):
            self.hiding = 1
        elif tag in _LINE_START:
            self._line()

    def end(self, tag: str) -> None:
        tag = tag if _NAME.fullmatch(tag) else "span"
        built = self.open.pop() if self.open else None
        if built is not None:
            self.builder.end(built)
            self.depth -= 1
        elif self.hiding:
            self.hiding -= 1
        elif tag in _BLOCK_TAGS:
            self._line()

    def data(self, data: str) -> None:
        if not self.hiding:
            self.builder.data(_XML_INVALID.sub("", data))

    def close(self) -> Any:
        if self.failed:  # the parse stopped on an error of ours, which lxml raises after this
            return None
        while self.open:  # elements the parser never closed
            built = self.open.pop()
            if built is not None:
                self.builder.end(built)
        return self.builder.close()


def _hidden_style(style: str) -> bool:
    # CSS names are ASCII case-insensitive; lower() then plain searches are far cheaper than re.IGNORECASE
    low = style.lower()
    return ("display" in low or "visibility" in low) and _HIDDEN.search(low) is not None


def _hidden(root: Any) -> list[Any]:
    """Elements marked ``hidden`` or styled ``display: none`` / ``visibility: hidden`` (any case), in order."""
    out = []
    for el in root.iter():
        attrib = el.attrib
        if not attrib:
            continue
        if "hidden" in attrib:
            out.append(el)
            continue
        style = attrib.get("style")
        if style and _hidden_style(style):
            out.append(el)
    return out


def drop_element(el: Any) -> None:
    """Remove an element and its content, keeping the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _page_meta(root: Any) -> dict[str, str]:
    """The page's ``<title>`` (as 网页标题) and the ``<meta>`` tags a CMS fills with the article's metadata."""
    meta: dict[str, str] = {}
    title = root.find("head/title")
    if title is not None:
        text = _clean("".join(title.itertext()))
        if text:
            meta["网页标题"] = text[:500]
    for m in root.iter("meta"):
        name = (m.get("name") or "").strip().lower()
        content = _clean(m.get("content") or "")
        key = _META_NAMES.get(name)
        if key and content:
            meta.setdefault(key, content)
    return meta


def html_to_document(text: str, path: str | None = None, meta: dict[str, str] | None = None) -> Document:
    """Build the document from the text of an HTML page."""
    return document_from_tree(parse_html(text, path), path, meta)


def document_from_tree(root: Any, path: str | None = None, meta: dict[str, str] | None = None) -> Document:
    """Build the document from a parsed page (``parse_html``); the tree is modified."""
    page_meta = _page_meta(root)
    for el in list(root.iter(*_DROP_TAGS)):
        drop_element(el)
    for el in _hidden(root):
        drop_element(el)
    body = root.find("body")
    walker = _Walker(path)
    walker.walk(body if body is not None else root)
    merged = dict(meta or {})
    for source in (walker.meta, page_meta):
        for key, value in source.items():
            merged.setdefault(key, value)
    return Document(blocks=walker.blocks, path=path, layout="html", meta=merged)


def read_html(data: bytes, path: str | None = None) -> Document:
    if len(data) > MAX_HTML_BYTES:
        raise TooLarge(path, f"网页过大（{len(data) >> 20} MiB，上限 {MAX_HTML_BYTES >> 20} MiB）")
    return html_to_document(decode_html(data, path), path)


__all__ = [
    "MAX_HTML_BYTES",
    "decode_html",
    "document_from_tree",
    "drop_element",
    "html_to_document",
    "parse_html",
    "read_html",
]
