"""Plain-text forms of a report → ``Document``.

One line-by-line pass handles every text layout we have met, so a document that mixes them (a web page
with a metadata table and one-cell-per-line data tables, Markdown with stray text lines between pipe
tables) still reads:

- **Word tab** — a line starting with TAB is a cell; a blank line ends a table row; a following line
  without TAB continues the cell's text (``5.要求行政机关确认或重新`` / ``出具已获取信息``); empty TAB
  lines at the start of a row stand for merged cells.
- **Web pipe** — ``text |`` is one cell (`` |``, nothing before the bar, a blank cell), lines made only
  of ``|`` are spanned cells — except lone ``|`` lines between two value cells, blank cells that lost
  their space (spanned markers follow a row's last cell); rows are not marked, so such a table is a
  single sequence of cells (``rows_known=False``).
- **Markdown / PDF-to-text** — ``| a | b |`` rows (separator rows skipped); everything else is a line
  of text, whose numbers the extractor reads.
- **Crawler text** — ``key: value`` header lines before a ``==== 正文 ====`` marker are page metadata;
  the body may be one long line with the digits of neighbouring cells run together.

Word artefacts (``[bookmark: …]``, ``[image: …]``) are removed and page footers (``— 1 —``) dropped.
"""

from __future__ import annotations

import re

from gongkai.document import Cell, Document, Paragraph, Source, Table
from gongkai.normalize import is_value_text, squash
from gongkai.readers.limits import LIMITS, over

_ARTEFACT = re.compile(r"\[(?:bookmark|image|Image|IMAGE|pagebreak)(?::[^\]]*)?\]")
_FOOTER = re.compile(
    r"^\s*[—\-–－]{1,2}\s*\d{1,3}\s*[—\-–－]{1,2}\s*$|^\s*第\s*\d{1,3}\s*页(?:\s*[/／共]\s*\d+\s*页?)?\s*$"
)
_BODY_MARK = re.compile(r"^\s*=+\s*正文\s*=+\s*$")
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PIPE_ONLY = re.compile(r"^\s*\|+\s*$")
_PIPE_BLANK = re.compile(r"^[ \u3000\u00a0]+\|[ \t]*$")  # a blank cell: "{text} |" with no text
_PIPE_VALUE = re.compile(r"^\s*([^|]*?)\s*\|\s*$")
_HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[、.．]")

META_KEYS = (
    "标题",
    "索引号",
    "文号",
    "发文字号",
    "发文日期",
    "发布日期",
    "发布时间",
    "成文日期",
    "生成日期",
    "发布机构",
    "发文机关",
    "发布单位",
    "主题分类",
    "栏目",
    "原文链接",
    "来源",
    "所属机构",
)
_META_LINE = re.compile(r"^\s*(" + "|".join(META_KEYS) + r")\s*[:：]\s*(.*?)\s*$")


def clean_line(line: str) -> str:
    """Remove Word-conversion artefacts from one line."""
    if "[" in line:
        line = _ARTEFACT.sub("", line)
    return line.rstrip("\r\n")


class _Builder:
    def __init__(self, path: str | None) -> None:
        self.path = path
        self.blocks: list[Paragraph | Table] = []
        self.meta: dict[str, str] = {}
        self.table_count = 0
        # open tables
        self.tab_rows: list[list[Cell]] | None = None
        self.tab_row: list[Cell] | None = None
        self.tab_line: int = 0
        self.tab_row_filled = False
        self.pipe_cells: list[Cell] | None = None
        self.md_rows: list[list[Cell]] | None = None
        self.last_tab_cell: Cell | None = None
        self.bare_run: tuple[int, int, bool] | None = None  # (after line, up to line, blank?) of lone "|" lines
        self.counts = {"tab": 0, "pipe": 0, "md": 0}

    def src(self, line: int, row: int | None = None, col: int | None = None, char: int | None = None) -> Source:
        table = self.table_count if row is not None else None
        return Source(self.path, line, char, None, table, row, col)

    # -- tab tables ---------------------------------------------------------------------------
    def tab_cell(self, text: str, line: int) -> None:
        if self.pipe_cells is not None:
            self.close_pipe()
        if self.md_rows is not None:
            self.close_md()
        if self.tab_rows is None:
            self.tab_rows, self.tab_line = [], line
        if self.tab_row is None:
            self.tab_row = []
            self.tab_row_filled = False
        row, col = len(self.tab_rows), len(self.tab_row)
        # empty cells before the first filled cell of a row stand for merged cells
        filled = bool(text.strip())
        spanned = not filled and not self.tab_row_filled
        self.tab_row_filled = self.tab_row_filled or filled
        source = Source(self.path, line, None, None, self.table_count, row, col)
        cell = Cell(text, row, col, source, 1, 1, spanned)
        self.tab_row.append(cell)
        self.last_tab_cell = cell
        self.counts["tab"] += 1

    def end_tab_row(self) -> None:
        if self.tab_rows is not None and self.tab_row:
            if all(is_value_text(c.text) for c in self.tab_row if c.text.strip()):
                # a row of values only (table three's) has no merged label before its values: the empty
                # cells it starts with are blank values
                for c in self.tab_row:
                    c.spanned = False
            self.tab_rows.append(self.tab_row)
        self.tab_row = None
        self.last_tab_cell = None

    def close_tab(self) -> None:
        self.end_tab_row()
        if self.tab_rows:
            self.blocks.append(Table(rows=self.tab_rows, source=Source(file=self.path, line=self.tab_line)))
            self.table_count += 1
        self.tab_rows = None

    def continues_cell(self, line: str) -> bool:
        cell = self.last_tab_cell
        if cell is None or not cell.text.strip() or is_value_text(cell.text):
            return False
        return not _HEADING_START.match(line) and len(squash(line)) <= 40

    # -- pipe tables (one cell per line) --------------------------------------------------------
    def pipe_cell(self, text: str, line: int, spanned: int = 0) -> None:
        self.close_tab()
        self.close_md()
        if self.pipe_cells is None:
            self.pipe_cells = []
        for _ in range(spanned or 1):
            col = len(self.pipe_cells)
            self.pipe_cells.append(
                Cell(text="" if spanned else text, row=0, col=col, source=self.src(line, 0, col), spanned=bool(spanned))
            )
        self.counts["pipe"] += 1

    def bare_blank(self, line: str, lines: list[str], number: int) -> bool:
        """Whether a lone ``|`` line is a blank cell whose space was lost rather than a spanned cell.

        Spanned-cell markers follow a row's last cell (or stand for header cells); they never sit between
        two values of one row.  So a run of lone ``|`` lines with a value cell before and after is blank
        cells; anywhere else it stays a marker (and a row left short is reported by the extractor).
        """
        if line.strip() != "|":
            return False
        if self.bare_run is not None and self.bare_run[0] < number <= self.bare_run[1]:
            return self.bare_run[2]  # decided for the whole run at its first line
        last = self.pipe_cells[-1] if self.pipe_cells else None
        verdict = last is not None and not last.spanned and (not last.text.strip() or is_value_text(last.text))
        end = number
        while end < len(lines) and clean_line(lines[end]).strip() == "|":
            end += 1
        if verdict:
            ahead = clean_line(lines[end]) if end < len(lines) else ""
            m = _PIPE_VALUE.match(ahead)
            verdict = m is not None and ahead.strip() != "|" and (not m.group(1) or is_value_text(m.group(1)))
        self.bare_run = (number - 1, end, verdict)
        return verdict

    def close_pipe(self) -> None:
        if self.pipe_cells:
            self.blocks.append(Table(rows=[self.pipe_cells], source=self.pipe_cells[0].source, rows_known=False))
            self.table_count += 1
        self.pipe_cells = None

    # -- markdown rows ----------------------------------------------------------------------------
    def md_row(self, raw: str, line: int) -> None:
        self.close_tab()
        self.close_pipe()
        if self.md_rows is None:
            self.md_rows = []
        inner = raw.strip()
        if inner.startswith("|"):
            inner = inner[1:]
        if inner.endswith("|"):
            inner = inner[:-1]
        row = len(self.md_rows)
        cells = []
        offset = raw.find(inner) if inner else 0
        for col, part in enumerate(inner.split("|")):
            cells.append(Cell(text=part.strip(), row=row, col=col, source=self.src(line, row, col, char=offset)))
            offset += len(part) + 1
        self.md_rows.append(cells)
        self.counts["md"] += 1
        self._meta_from_row(cells)

    def _meta_from_row(self, cells: list[Cell]) -> None:
        texts = [c.text.strip() for c in cells]
        for i, text in enumerate(texts[:-1]):
            key = text.rstrip(":：").strip()
            if key in META_KEYS and text != key and texts[i + 1]:
                self.meta.setdefault(key, texts[i + 1])

    def close_md(self) -> None:
        if self.md_rows:
            self.blocks.append(Table(rows=self.md_rows, source=self.md_rows[0][0].source))
            self.table_count += 1
        self.md_rows = None

    def close_all(self) -> None:
        self.close_tab()
        self.close_pipe()
        self.close_md()

    def paragraph(self, text: str, line: int) -> None:
        if self.tab_rows is not None or self.pipe_cells is not None or self.md_rows is not None:
            self.close_all()
        self.blocks.append(Paragraph(text=text, source=Source(file=self.path, line=line)))

    def layout(self) -> str:
        tab, pipe, md = self.counts["tab"], self.counts["pipe"], self.counts["md"]
        best = max(tab, pipe, md)
        if best < 10:
            return "plain"
        return "word_tab" if best == tab else "web_pipe" if best == pipe else "markdown"


def text_to_document(text: str, path: str | None = None) -> Document:
    """Build the neutral document from the text of a report, whatever its text layout."""
    lines = text.split("\n")
    if len(lines) > LIMITS.text_lines:
        raise over(path, "文本行数", len(lines), LIMITS.text_lines, "行")
    b = _Builder(path)
    body_start = next((i + 1 for i, ln in enumerate(lines[:40]) if _BODY_MARK.match(ln)), 0)
    for number, raw_line in enumerate(lines, start=1):
        line = clean_line(raw_line)
        if number <= body_start:  # crawler header: page metadata, then the 正文 marker
            m = _META_LINE.match(line)
            if m and m.group(2):
                b.meta.setdefault(m.group(1), m.group(2))
            continue
        if line.startswith("\t"):
            b.tab_cell(line.lstrip("\t"), number)
            continue
        if not line.strip():
            if raw_line.strip():  # only an artefact was on this line: not a row break
                continue
            b.end_tab_row()
            continue
        if _FOOTER.match(line):
            continue
        if b.tab_row is not None and b.continues_cell(line):
            assert b.last_tab_cell is not None
            b.last_tab_cell.text += line.strip()
            continue
        if "|" in line:
            if _MD_SEPARATOR.match(line):
                continue
            if _PIPE_BLANK.match(line):
                b.pipe_cell("", number)  # "<nothing> |": a blank cell
                continue
            if _PIPE_ONLY.match(line):
                if b.bare_blank(line, lines, number):
                    b.pipe_cell("", number)
                else:
                    b.pipe_cell("", number, spanned=line.count("|"))
                continue
            segments = list(line.strip().strip("|").split("|"))
            if len(segments) == 1 and line.rstrip().endswith("|") and not line.lstrip().startswith("|"):
                b.pipe_cell(segments[0].strip(), number)
                continue
            b.md_row(line, number)
            continue
        if number <= 12 and not body_start:
            m = _META_LINE.match(line)
            if m and m.group(2):
                b.meta.setdefault(m.group(1), m.group(2))
                continue
        b.paragraph(line, number)
    b.close_all()
    return Document(blocks=b.blocks, path=path, layout=b.layout(), meta=b.meta)
