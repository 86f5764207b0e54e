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


# one pass over a line: a standalone dash, a standalone ordinal ("2." / "2、"), or a number
_TOKEN = re.compile(
    r"(?P<dash>(?<!\S)[/／\-—–－]+(?!\S))"
    r"|(?P<ord>(?<!\S)[0-9０-９]{1,2}[.、．](?!\S))"
    r"|(?P<num>-?[0-9０-９]+(?:[.,．][0-9０-９]+)*)"
)
_ORDINAL_TAIL = frozenset(".、．")
# a number printed as prose, never as a table cell: a date or a rate ("2023年", "办结率100%"), a numbered
# thing ("表3", "第20条", "附件1"), a count with its measure word in a sentence ("制发规范性文件5件": glued
# to the words before it — a table printed as text spaces its cells, "规章 5件 0件 5件")
_DATE_OR_RATE = re.compile(r"[ \t]?[年月日号%％‰]")
_COUNTED = re.compile(r"[ \t]?(?:[件个条项次人份篇期场家起批本册余多天倍类部名位户]|万元|小时|元)")
_PROSE_BEFORE = frozenset("第表附")
_HAS_DIGIT = re.compile(r"[0-9０-９/／\-—–－]")


def tokenize_line(text: str) -> list[tuple[PK, int, int]]:
    """Segments of one line: text runs (spaces inside kept) and single values (numbers, dashes).

    A number glued to ``.``/``、`` and more text is an ordinal of that text (``…00000002.其他`` →
    ``0000000`` + ``2.其他…``); a number right after ``(``/``（`` or an ASCII letter belongs to the text,
    and so does a number of prose: a date, a numbered table or article, a count with its measure word
    glued to the words before it (``2023年``, ``表3``, ``第20条``, ``收到申请5件``).
    """
    if not _HAS_DIGIT.search(text):
        return [(PK.TEXT, 0, len(text))] if text.strip() else []
    values: list[tuple[int, int]] = []
    n = len(text)
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "ord":
            continue
        start, end = m.start(), m.end()
        if m.lastgroup == "num":
            if text[start] == "-" and start > 0 and not text[start - 1].isdigit():
                start += 1  # a hyphen after text is punctuation, not a sign
            before = text[start - 1] if start > 0 else ""
            if before and (before in "(（" or before in _PROSE_BEFORE or (before.isascii() and before.isalpha())):
                continue
            if _DATE_OR_RATE.match(text, end) or (_COUNTED.match(text, end) and before.isalpha()):
                continue
            if (
                end + 1 < n
                and text[end] in _ORDINAL_TAIL
                and not text[end + 1].isdigit()
                and not text[end + 1].isspace()
            ):
                if end - start <= 1:
                    continue  # "2.其他": the ordinal of the text
                end -= 1
        values.append((start, end))
    out: list[tuple[PK, int, int]] = []
    pos = 0
    for start, end in values:
        gap = text[pos:start]
        if gap.strip():
            lead = len(gap) - len(gap.lstrip())
            trail = len(gap.rstrip())
            out.append((PK.TEXT, pos + lead, pos + trail))
        out.append((PK.VALUE, start, end))
        pos = end
    gap = text[pos:]
    if gap.strip():
        lead = len(gap) - len(gap.lstrip())
        out.append((PK.TEXT, pos + lead, pos + len(gap.rstrip())))
    return out


def tokenize_pieces(pieces: list[Piece]) -> list[Piece]:
    """Cut the paragraph pieces among ``pieces`` into text runs and values (table cells stay whole).

    Done only for table regions: narrative never needs it, and it is most of a report.
    """
    out: list[Piece] = []
    for piece in pieces:
        if piece.cell or piece.kind is not PK.TEXT:
            out.append(piece)
            continue
        src = piece.source
        base = src.char or 0
        for kind, start, end in tokenize_line(piece.text):
            source = Source(src.file, src.line, base + start, src.page, src.table, src.row, src.col, src.bbox)
            out.append(
                Piece(kind, piece.text[start:end], piece.group, piece.block, piece.offset + start, source, cell=False)
            )
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
            out.append(Piece(kind, cell.text, group, index, order, cell.source, cell=True))
            order += 1
    if not block.rows_known:
        next_group += 1
    return out, next_group


def document_to_pieces(doc: Document) -> list[Piece]:
    """Table cells become one piece each; a paragraph stays one text piece (see ``tokenize_pieces``)."""
    pieces: list[Piece] = []
    group = 0
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            if block.text.strip():
                pieces.append(Piece(PK.TEXT, block.text, group, index, 0, block.source, cell=False))
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
