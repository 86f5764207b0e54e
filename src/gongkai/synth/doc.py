"""The generated document, before it is written in any form: paragraphs and tables in reading order.

A ``GenDoc`` is what a writer lays out: text blocks with a role (title, heading, body …) and tables as
rows of *origin* slots (a merged cell appears once, with its row and column span; the slots it covers
are omitted, as in HTML).  Every writer (text layouts, HTML, DOCX, PDF) renders the same ``GenDoc``, so
one consistent report gives the same cells in every form.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["title", "subtitle", "intro", "heading", "subheading", "body", "signature", "date"]


@dataclass(frozen=True, slots=True)
class Slot:
    """One origin cell of a table: its text (``""`` = blank), spans, and whether it is a header cell."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    cell: str | None = None  # canonical cell id of a value slot


@dataclass(frozen=True, slots=True)
class Grid:
    """A table as rows of origin slots; ``table`` names which standard table it is (t1, t2, t3)."""

    table: str
    rows: tuple[tuple[Slot, ...], ...]

    @property
    def width(self) -> int:
        return sum(s.colspan for s in self.rows[0]) if self.rows else 0

    def slots(self) -> list[list[Slot | None]]:
        """The full grid: each position holds its origin slot, or None where a span covers it."""
        height = len(self.rows)
        grid: list[list[Slot | None]] = [[None] * self.width for _ in range(height)]
        taken = [[False] * self.width for _ in range(height)]
        for r, row in enumerate(self.rows):
            c = 0
            for slot in row:
                while c < self.width and taken[r][c]:
                    c += 1
                grid[r][c] = slot
                for dr in range(slot.rowspan):
                    for dc in range(slot.colspan):
                        if r + dr < height and c + dc < self.width:
                            taken[r + dr][c + dc] = True
                c += slot.colspan
        return grid


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    role: Role = "body"
    section: str | None = None  # s1 … s6 for a section heading


Block = Para | Grid


def split_table(grid: Grid, rng: random.Random) -> list[Grid]:
    """``grid`` cut in two between rows no merged cell spans, after its header rows (the second part
    begins with the header again, or not), as a table cut at a page break and stored as two tables."""
    head = next(r for r, row in enumerate(grid.rows) if any(s.cell is not None for s in row))
    spans = [(r, s.rowspan) for r, row in enumerate(grid.rows) for s in row if s.rowspan > 1]
    cuts = [k for k in range(head + 1, len(grid.rows)) if not any(r < k < r + n for r, n in spans)]
    if not cuts:
        return [grid]
    k = rng.choice(cuts)
    second = (grid.rows[:head] if rng.random() < 0.5 else ()) + grid.rows[k:]
    return [Grid(grid.table, grid.rows[:k]), Grid(grid.table, second)]


@dataclass(frozen=True, slots=True)
class GenDoc:
    """A whole report: the blocks in reading order, the page title and the page metadata a CMS prints."""

    title: str
    blocks: tuple[Block, ...]
    meta: dict[str, str] = field(default_factory=dict)  # 标题, 索引号, 发布机构, 发文日期 … as a site prints them

    @property
    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]
