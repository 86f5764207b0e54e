"""The neutral document model every reader builds and the extractor reads.

A ``Document`` is an ordered list of blocks: ``Paragraph`` (one line of running text as printed) and
``Table`` (rows of ``Cell``).  Each piece carries a ``Source`` saying where it came from, so a value can
always be traced back: line numbers for text, later page/table/cell/bbox for PDF, DOCX and HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(slots=True)
class Source:
    """Where a piece of text was read: any of file, line, char offset, page, table, row, col, bbox.

    Treat as immutable (derive new ones with ``dataclasses.replace``).  Not frozen on purpose: a report
    creates hundreds of these, and a frozen dataclass is six times slower to construct.
    """

    file: str | None = None
    line: int | None = None  # 1-based line of a text file
    char: int | None = None  # 0-based offset within that line
    page: int | None = None  # 1-based page of a PDF
    table: int | None = None  # 0-based table index in the document
    row: int | None = None  # 0-based row in that table's grid
    col: int | None = None  # 0-based column in that table's grid
    bbox: tuple[float, float, float, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The fields that are set (written out: this runs for every value of every stored report)."""
        out: dict[str, Any] = {}
        if self.file is not None:
            out["file"] = self.file
        if self.line is not None:
            out["line"] = self.line
        if self.char is not None:
            out["char"] = self.char
        if self.page is not None:
            out["page"] = self.page
        if self.table is not None:
            out["table"] = self.table
        if self.row is not None:
            out["row"] = self.row
        if self.col is not None:
            out["col"] = self.col
        if self.bbox is not None:
            out["bbox"] = self.bbox
        return out

    def describe(self) -> str:
        """A short human reference, e.g. ``第12行`` or ``第3页 表2 第4行第5列``."""
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            parts.append(f"表{self.table + 1}")
        if self.row is not None and self.col is not None:
            parts.append(f"第{self.row + 1}行第{self.col + 1}列")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        return " ".join(parts) or "位置未知"


def shift(source: Source, by: int) -> Source:
    """``source`` moved ``by`` characters to the right within its line."""
    return replace(source, char=(source.char or 0) + by) if by else source


@dataclass(slots=True)
class Paragraph:
    text: str
    source: Source


@dataclass(slots=True)
class Cell:
    """One cell of a table grid.  ``spanned`` marks a copy standing in for a merged (row/col-spanned) cell."""

    text: str
    row: int
    col: int
    source: Source
    rowspan: int = 1
    colspan: int = 1
    spanned: bool = False


@dataclass(slots=True)
class Table:
    """A table as rows of cells.

    ``rows_known`` is False when the layout only gave a sequence of cells with no row boundaries (web text
    with one cell per line): then ``rows`` holds a single row with every cell in reading order.
    """

    rows: list[list[Cell]]
    source: Source
    rows_known: bool = True


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class Doubt:
    """A reader's doubt about a piece it read — an OCR reading the engine was not sure of.

    ``source`` names the piece as every other source does (a cell: page, table, row, col, bbox);
    ``text`` is what was read, ``alternatives`` the other readings the reader admits (most likely
    first), ``confidence`` its probability for ``text`` and ``reason`` why it is in doubt (Chinese).
    Extraction turns the doubts about value cells into reading notes, except where the table
    identities confirm the value as read.
    """

    source: Source
    text: str
    alternatives: tuple[str, ...] = ()
    confidence: float | None = None
    reason: str = ""


OCR_LAYOUTS = frozenset({"ocr", "pdf+ocr"})  # ``Document.layout`` of a document (some of) whose pages OCR read


@dataclass(slots=True)
class Document:
    blocks: list[Block]
    path: str | None = None
    layout: str = "unknown"  # which reader layout produced it (word_tab, web_pipe, markdown, plain, …)
    meta: dict[str, str] = field(default_factory=dict)  # page metadata as printed: 标题, 发文日期 …
    doubts: list[Doubt] = field(default_factory=list)  # what the reader is unsure it read right (OCR)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]
