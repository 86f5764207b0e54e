"""Word ``.docx`` of a generated report (python-docx), laid out as agencies' Word files are.

Headings in bold runs (the ordinal sometimes a run of its own), body paragraphs with first-line indents,
the three tables with real ``gridSpan``/``vMerge`` merges, long labels sometimes broken into two
paragraphs inside their cell, blank cells empty; table two sometimes stored as two tables cut between
rows (a page break or an empty paragraph between them, the header printed again or not).  Details vary per document, deterministically.
"""

from __future__ import annotations

import io
import random
import re

from gongkai.synth import register
from gongkai.synth.doc import GenDoc, Grid, Para, split_table

_ORDINAL = re.compile(r"^([一二三四五六七八九十]+、|\d+[.、])")


def _paragraph(document: object, p: Para, rng: random.Random) -> None:
    from docx.shared import Pt

    para = document.add_paragraph()  # type: ignore[attr-defined]
    if p.role == "heading":
        m = _ORDINAL.match(p.text)
        if m and rng.random() < 0.5:  # the ordinal in a run of its own, as Word often stores it
            para.add_run(m.group(0)).bold = True
            rest = p.text[m.end() :]
            cut = len(rest) // 2 if rng.random() < 0.5 else len(rest)
            para.add_run(rest[:cut]).bold = True
            if rest[cut:]:
                para.add_run(rest[cut:]).bold = True
        else:
            para.add_run(p.text).bold = True
        return
    run = para.add_run(p.text)
    if p.role == "title":
        run.bold = True
        run.font.size = Pt(18)
    elif p.role == "body":
        para.paragraph_format.first_line_indent = Pt(24)


def _table(document: object, grid: Grid, rng: random.Random) -> None:
    from docx.table import _Cell

    table = document.add_table(rows=len(grid.rows), cols=grid.width)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    # python-docx's table.cell() walks the whole table each call: hold the <w:tc> elements instead
    tcs = [list(tr.tc_lst) for tr in table._tbl.tr_lst]
    split_labels = rng.random() < 0.4
    merges = []
    for r, row in enumerate(grid.slots()):
        for c, slot in enumerate(row):
            if slot is None:
                continue
            cell = _Cell(tcs[r][c], table)
            text = slot.text
            if split_labels and slot.cell is None and len(text) > 12:
                cell.text = text[:10]
                cell.add_paragraph(text[10:])
            else:
                cell.text = text
            if slot.rowspan > 1 or slot.colspan > 1:
                merges.append((cell, tcs[r + slot.rowspan - 1][c + slot.colspan - 1]))
    for cell, corner in merges:
        cell.merge(_Cell(corner, table))


def docx(doc: GenDoc) -> bytes:
    import docx as python_docx

    rng = random.Random(doc.title)
    cut = random.Random(f"split:{doc.title}")  # drawn apart, so that the other layouts stay as they were
    document = python_docx.Document()
    for block in doc.blocks:
        if isinstance(block, Para):
            _paragraph(document, block, rng)
        else:
            parts = split_table(block, cut) if block.table == "t2" and cut.random() < 0.3 else [block]
            for k, part in enumerate(parts):
                if k:
                    if cut.random() < 0.5:
                        document.add_page_break()  # type: ignore[no-untyped-call]
                    else:
                        document.add_paragraph("")
                _table(document, part, rng)
            if rng.random() < 0.7:
                document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


register("docx", "docx", "docx", ".docx")
