"""Document → one flat stream of pieces, the same for every layout.

A piece is a run of text (a label, a header, narrative), a value (a number or a dash as printed), a
blank cell, or a spanned placeholder.  Pieces carry a ``group``: values bind to a label only inside
the same group — a table row where the layout marks rows, a whole table where it does not (web text
with one cell per line), a line of text otherwise.  Text lines are cut at text/number boundaries, so
``规章000`` gives the label ``规章`` and the value run ``000``; a digit glued to a following ``.``/``、``
and text is the ordinal of that text (``00000002.其他…`` → ``0000000`` + ``2.其他…``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from gongkai.document import Document, Paragraph, Source, Table
from gongkai.normalize import is_value_text


class PK(Enum):
    TEXT = "text"
    VALUE = "value"
    BLANK = "blank"
    SPAN = "span"


@dataclass(slots=True)
class Piece:
    kind: PK
    text: str
    group: int
    block: int  # index of the block in the document
    offset: int  # char offset within a paragraph; cell order within a table
    source: Source
    cell: bool  # True when a grid cell's boundaries are certain (never split further)

    @property
    def pos(self) -> tuple[int, int]:
        return (self.block, self.offset)


_NUM = re.compile(r"-?[0-9０-９]+(?:[.,．][0-9０-９]+)*")
_ORDINAL_TAIL = re.compile(r"[.、．]")
_DASH_CHUNK = re.compile(r"^[/／\-—–－]+$")
_CHUNK = re.compile(r"\S+")
_ORDINAL_CHUNK = re.compile(r"^[0-9０-９]{1,2}[.、．]$")


def _split_chunk(chunk: str) -> list[tuple[PK, int, int]]:
    """Cut one whitespace-free chunk into text and number segments (start/end within the chunk)."""
    if _DASH_CHUNK.match(chunk):
        return [(PK.VALUE, 0, len(chunk))]
    if _ORDINAL_CHUNK.match(chunk):
        return [(PK.TEXT, 0, len(chunk))]
    out: list[tuple[PK, int, int]] = []
    pos = 0
    for m in _NUM.finditer(chunk):
        start, end = m.start(), m.end()
        if chunk[start] == "-" and start > 0 and not chunk[start - 1].isdigit():
            start += 1  # a hyphen after text is punctuation, not a sign
        before = chunk[start - 1] if start > 0 else ""
        after = chunk[end] if end < len(chunk) else ""
        if before and (before in "(（" or (before.isalpha() and before.isascii())):
            continue  # （1） or a code like A1: part of the text
        if after and _ORDINAL_TAIL.match(after) and end + 1 < len(chunk) and not chunk[end + 1].isdigit():
            # "…00000002.其他" — the last digit numbers the following text
            if end - start <= 1:
                continue
            end -= 1
        if start > pos:
            out.append((PK.TEXT, pos, start))
        out.append((PK.VALUE, start, end))
        pos = end
    if pos < len(chunk):
        out.append((PK.TEXT, pos, len(chunk)))
    return out


def tokenize_line(text: str) -> list[tuple[PK, int, int]]:
    """Segments of one line of text: text runs (spaces inside kept) and single numbers."""
    segments: list[tuple[PK, int, int]] = []
    for m in _CHUNK.finditer(text):
        for kind, start, end in _split_chunk(m.group()):
            start, end = start + m.start(), end + m.start()
            if kind is PK.TEXT and segments and segments[-1][0] is PK.TEXT:
                segments[-1] = (PK.TEXT, segments[-1][1], end)  # text runs merge across spaces
            else:
                segments.append((kind, start, end))
    return segments


def _paragraph_pieces(block: Paragraph, index: int, group: int) -> list[Piece]:
    out = []
    src = block.source
    for kind, start, end in tokenize_line(block.text):
        source = replace(src, char=(src.char or 0) + start)
        out.append(Piece(kind, block.text[start:end], group, index, start, source, cell=False))
    return out


def _table_pieces(block: Table, index: int, next_group: int) -> tuple[list[Piece], int]:
    out = []
    order = 0
    for row in block.rows:
        group = next_group
        if block.rows_known:
            next_group += 1
        for cell in row:
            text = cell.text.strip()
            if cell.spanned:
                kind = PK.SPAN
            elif not text:
                kind = PK.BLANK
            elif is_value_text(text):
                kind = PK.VALUE
            else:
                kind = PK.TEXT
            out.append(Piece(kind, text, group, index, order, cell.source, cell=True))
            order += 1
    if not block.rows_known:
        next_group += 1
    return out, next_group


def document_to_pieces(doc: Document) -> list[Piece]:
    pieces: list[Piece] = []
    group = 0
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            pieces.extend(_paragraph_pieces(block, index, group))
            group += 1
        else:
            table_pieces, group = _table_pieces(block, index, group)
            pieces.extend(table_pieces)
    return pieces


def split_text_piece(piece: Piece, at: int) -> tuple[Piece, Piece]:
    """Cut a text piece at char ``at`` (used where a section heading starts mid-line)."""
    head = replace(piece, text=piece.text[:at])
    tail_source = replace(piece.source, char=(piece.source.char or 0) + at) if not piece.cell else piece.source
    tail = replace(piece, text=piece.text[at:], offset=piece.offset + at, source=tail_source)
    return head, tail
