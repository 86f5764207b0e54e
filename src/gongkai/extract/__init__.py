"""Extraction: the neutral ``Document`` → a ``Report`` (format, cells, sections, metadata).

Extraction knows reports, not forms: it reads the piece stream that every reader's document turns
into, so a new input form never touches this package.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from gongkai.document import OCR_LAYOUTS, Document, Paragraph, Source, Table, shift
from gongkai.errors import NotAReport
from gongkai.extract import meta as meta_mod
from gongkai.extract.doubts import blank_notes, doubt_notes
from gongkai.extract.sections import Heading, find_headings
from gongkai.extract.stream import PK, Piece, document_to_pieces, split_text_piece, tokenize_pieces
from gongkai.extract.tables import detect_format, read_t1, read_t2, read_t3
from gongkai.model import ReadingNote, Report, SectionText, Value
from gongkai.normalize import is_value_text, label_key
from gongkai.spec import FormatVersion, load

_ANCHOR_WORDS = {
    "t1": ("第二十条第",),
    "t2": ("本列数据的勾稽关系", "申请人情况", "本年新收政府信息公开申请数量"),
    "t3": ("行政复议",),
}
_T1_ANCHOR = label_key(_ANCHOR_WORDS["t1"][0])
_T2_ANCHORS = tuple(label_key(t) for t in _ANCHOR_WORDS["t2"])
_T3_ANCHOR = label_key(_ANCHOR_WORDS["t3"][0])
_ANCHOR_RE = {
    t: re.compile("|".join(r"\s*".join(map(re.escape, w)) for w in words)) for t, words in _ANCHOR_WORDS.items()
}

_SECTION_OF_TABLE = {"t1": "s2", "t2": "s3", "t3": "s4"}


def _first(pieces: Sequence[Piece], keys: tuple[str, ...], start: int = 0) -> int | None:
    for i in range(start, len(pieces)):
        p = pieces[i]
        if p.kind is PK.TEXT and any(k in label_key(p.text) for k in keys):
            return i
    return None


def _cut_at_tables(pieces: list[Piece], headings: list[Heading]) -> tuple[list[Piece], list[Heading]]:
    """A table whose section heading was not found starts at its own first words (第二十条第, 申请人情况,
    行政复议 …): where they stand inside a line of text, the line is cut there.  Crawler text runs a
    whole report into one line; without its headings, every table's region was the whole line and the
    narrative's ``部分公开 18 件`` was read as the row.  Tables come in order: each is looked for after
    the one before."""
    have = {h.section: h.index for h in headings}
    cuts: dict[int, list[int]] = {}
    at, char = 0, 0
    for table, pattern in _ANCHOR_RE.items():
        if _SECTION_OF_TABLE[table] in have:
            at, char = have[_SECTION_OF_TABLE[table]], 0
            continue
        for i in range(at, len(pieces)):
            p = pieces[i]
            if p.kind is not PK.TEXT or p.cell:
                continue
            m = pattern.search(p.text, char if i == at else 0)
            if m is not None:
                if m.start() > 0:
                    cuts.setdefault(i, []).append(m.start())
                at, char = i, m.start() + 1
                break
    if not cuts:
        return pieces, headings
    out: list[Piece] = []
    moved: dict[int, int] = {}
    for i, p in enumerate(pieces):
        moved[i] = len(out)
        done = 0
        for cut in cuts.get(i, ()):  # in order: each table is looked for after the one before
            head, p = split_text_piece(p, cut - done)
            out.append(head)
            done = cut
        out.append(p)
    return out, [replace(h, index=moved[h.index]) for h in headings]


def _regions(pieces: list[Piece], headings: list[Heading]) -> dict[str, tuple[int, int]]:
    at = {h.section: h.index for h in headings}
    starts: dict[str, int | None] = {"t1": at.get("s2", _first(pieces, (_T1_ANCHOR,)))}
    starts["t2"] = at.get("s3", _first(pieces, _T2_ANCHORS, starts["t1"] or 0))
    t3_from = starts["t2"] or 0
    starts["t3"] = at.get("s4", _first(pieces, (_T3_ANCHOR,), t3_from))
    bounds = sorted({h.index for h in headings} | {s for s in starts.values() if s is not None})
    regions: dict[str, tuple[int, int]] = {}
    for table, start in starts.items():
        if start is None:
            continue
        end = next((b for b in bounds if b > start), len(pieces))
        regions[table] = (start, end)
    return regions


def _past_heading(region: list[Piece], heading: Heading | None) -> list[Piece]:
    """The region without its section heading's words: a digit in them (an OCR slip, ``儿、1政府信息公开
    行政复议…``) is no cell of the table.  What follows the heading in the same piece (crawler text
    runs the table on after it) stays."""
    if heading is None or not region or region[0].cell:
        return region
    at = region[0].text.find(heading.text)
    if at < 0:
        return region
    rest = split_text_piece(region[0], at + len(heading.text))[1]
    return ([rest] if rest.text.strip() else []) + region[1:]


def _section_texts(doc: Document, pieces: list[Piece], headings: list[Heading]) -> tuple[SectionText, ...]:
    out = []
    for k, h in enumerate(headings):
        end = headings[k + 1].index if k + 1 < len(headings) else len(pieces)
        spans: dict[int, list[int]] = {}
        for i in range(h.index, end):
            p = pieces[i]
            if p.cell:
                continue
            lo = p.offset + (len(h.text) if i == h.index else 0)
            hi = p.offset + len(p.text)
            span = spans.setdefault(p.block, [lo, hi])
            span[0], span[1] = min(span[0], lo), max(span[1], hi)
        lines: list[str] = []
        where: list[Source | None] = []  # where each body line was printed: its paragraph, moved to its start
        for block, (lo, hi) in sorted(spans.items()):
            para = doc.blocks[block]
            if isinstance(para, Paragraph):
                piece = para.text[lo:hi]
                text = piece.strip()
                if text:
                    lines.append(text)
                    where.append(shift(para.source, lo + len(piece) - len(piece.lstrip())))
        out.append(
            SectionText(
                id=h.section,
                heading=h.text,
                ordinal=h.ordinal,
                text="\n".join(lines),
                source=pieces[h.index].source,
                lines=tuple(where),
            )
        )
    return tuple(out)


def _without_signature(
    sections: tuple[SectionText, ...], agency: str | None, publisher: str | None
) -> tuple[SectionText, ...]:
    """The last section without the 落款 printed after it: trailing lines that are the agency's (or the
    publisher's) name alone, or a date alone (kept as ``meta.signed``)."""
    if not sections:
        return sections
    last = sections[-1]
    lines = last.text.split("\n")
    names = {label_key(n) for n in (agency, publisher) if n}
    cut = len(lines)
    while cut > 1:
        line = lines[cut - 1].strip()
        if meta_mod.signed_date([line]) or (names and label_key(line) in names):
            cut -= 1
            continue
        break
    if cut == len(lines):
        return sections
    trimmed = replace(last, text="\n".join(lines[:cut]), lines=last.lines[:cut] if last.lines else ())
    return (*sections[:-1], trimmed)


def _head_lines(doc: Document, pieces: list[Piece], headings: list[Heading]) -> list[str]:
    """Paragraph text before the first section heading (title, intro, contacts)."""
    first = headings[0].index if headings else min(len(pieces), 60)
    limit = pieces[first].pos if first < len(pieces) else (len(doc.blocks), 0)
    lines = []
    for index, block in enumerate(doc.blocks):
        if (index, 0) >= limit and index != limit[0]:
            break
        if isinstance(block, Paragraph):
            lines.append(block.text[: limit[1]] if index == limit[0] else block.text)
    return lines


DAMAGE = "\ufffd"  # how every reader marks bytes it could not decode (gongkai.readers.encoding)
_NUMERIC = re.compile(r"[\d\s.,，、/\-—－\ufffd]")  # what a run of printed numbers is made of


def _is_label(text: str) -> bool:
    return bool(text.strip()) and DAMAGE not in text and not is_value_text(text)


def _damage_notes(doc: Document, values: dict[str, Value]) -> list[ReadingNote]:
    """A note for each line holding damaged bytes (U+FFFD), naming the cells whose printed text touches a
    damaged spot — in the cells of its row up to the labels, or in the same run of numbers on a line (a
    lost digit or value shifts its neighbours) — so they are uncertain (读取存疑), never read as certain."""
    spots: dict[int, tuple[Source, list[tuple[int, int]]]] = {}  # line → (source, damaged runs lo..hi)
    cells: set[tuple[int | None, int | None, int | None]] = set()
    for block in doc.blocks:
        if isinstance(block, Paragraph) and DAMAGE in block.text and block.source.line is not None:
            base, text = block.source.char or 0, block.text
            runs = spots.setdefault(block.source.line, (block.source, []))[1]
            for i, ch in enumerate(text):
                if ch == DAMAGE:
                    lo, hi = i, i
                    while lo > 0 and _NUMERIC.match(text[lo - 1]):
                        lo -= 1
                    while hi + 1 < len(text) and _NUMERIC.match(text[hi + 1]):
                        hi += 1
                    runs.append((base + lo, base + hi))
        elif isinstance(block, Table):
            for row in block.rows:
                for i, c in enumerate(row):
                    if DAMAGE in c.text:  # the cells whose place depends on it: its row, up to the labels
                        lo, hi = i, i
                        while lo > 0 and not _is_label(row[lo - 1].text):
                            lo -= 1
                        while hi + 1 < len(row) and not _is_label(row[hi + 1].text):
                            hi += 1
                        cells.update((x.source.table, x.source.row, x.source.col) for x in row[lo : hi + 1])
                        if c.source.line is not None:
                            spots.setdefault(c.source.line, (c.source, []))
    if not spots and not cells:
        return []
    touched: dict[int | None, list[str]] = {}
    for cid, v in values.items():
        src = v.source
        if src is None:
            continue
        spot = spots.get(src.line) if src.line is not None else None
        near = spot is not None and (
            src.char is None or not spot[1] or any(lo - 1 <= src.char <= hi + 1 for lo, hi in spot[1])
        )
        if DAMAGE in v.raw or near or (src.table is not None and (src.table, src.row, src.col) in cells):
            touched.setdefault(src.line, []).append(cid)
    notes = []
    for line, (source, _) in sorted(spots.items())[:20]:
        ids = tuple(touched.pop(line, []))
        notes.append(
            ReadingNote(
                "damaged_bytes",
                f"第{line}行有损坏的字节（无法解码，以 {DAMAGE} 标出）"
                + ("，旁边的数字可能缺失或有误，请对照原文核实" if ids else ""),
                ids,
                source,
            )
        )
    rest = tuple(c for ids in touched.values() for c in ids)
    if rest or len(spots) > 20:
        notes.append(ReadingNote("damaged_bytes", "文件中还有损坏的字节（无法解码），涉及的单元格请对照原文核实", rest))
    return notes


def extract(doc: Document) -> Report:
    """Read every standard table cell, the sections and the metadata of one document."""
    pieces, headings = _cut_at_tables(*find_headings(document_to_pieces(doc)))
    regions = _regions(pieces, headings)
    heading_at = {h.index: h for h in headings}

    def region(table: str) -> list[Piece]:
        lo, hi = regions.get(table, (0, 0))
        return tokenize_pieces(_past_heading(pieces[lo:hi], heading_at.get(lo)))

    t1_region = region("t1")
    fmt: FormatVersion = "2019" if detect_format(t1_region) == "2019" else "2021"
    t2, merged = read_t2(region("t2"))
    spec = load(fmt, merged)
    t1 = read_t1(t1_region, spec)
    t3 = read_t3(region("t3"), spec)
    if not (t1.found or t2.found or t3.found):
        raise NotAReport(
            doc.path, "没有找到年度报告的统计表（主动公开、收到和处理申请、行政复议和行政诉讼三张表都未识别）"
        )
    notes: list[ReadingNote] = [*t1.notes, *t2.notes, *t3.notes]
    names = {"t1": "主动公开政府信息情况表", "t2": "收到和处理政府信息公开申请情况表", "t3": "行政复议、行政诉讼情况表"}
    for table, read in (("t1", t1), ("t2", t2), ("t3", t3)):
        if not read.found:
            notes.append(ReadingNote("table_missing", f"未找到{names[table]}", spec.tables[table].cells[:1]))
    values: dict[str, Value] = {}
    for read in (t1, t2, t3):
        values.update({k: v for k, v in read.values.items() if k in spec.label_index})
    missing = [c for c in spec.cell_ids if c not in values]
    found_tables = {t for t, r in (("t1", t1), ("t2", t2), ("t3", t3)) if r.found}
    partly = [c for c in missing if c.split(".")[0] in found_tables]
    if partly:
        notes.append(ReadingNote("cells_missing", f"有 {len(partly)} 个单元格未能读到", tuple(partly)))
    if doc.doubts:  # a reader unsure of what it read (OCR): uncertain unless the identities confirm it
        values, doubted = doubt_notes(doc.doubts, values, spec)
        notes.extend(doubted)
    if doc.layout in OCR_LAYOUTS:  # a blank read from a scan where the sums do not hold: a value may be lost
        notes.extend(blank_notes(values, spec))
    damage = _damage_notes(doc, values)
    if damage:  # digits run together beside damaged bytes: not "wrong whatever the split" — a digit may be lost
        hit = {c for n in damage for c in n.cells}
        notes = [
            replace(n, code="split_ambiguous", message=f"{n.message}；旁边有损坏的字节，不能据此断定原文有误")
            if n.code == "split_impossible" and hit & set(n.cells)
            else n
            for n in notes
        ]
        notes.extend(damage)

    head = _head_lines(doc, pieces, headings)
    title, agency, year = meta_mod.title_agency_year(doc.meta, head)
    intro = "\n".join(head)
    period = meta_mod.statistics_period(intro) or meta_mod.statistics_period(
        "\n".join(p.text for p in doc.paragraphs[:40])
    )
    if year is None and period and period.get("start"):
        year = int(str(period["start"])[:4])
    published, published_from = meta_mod.publication_date(doc.meta)
    meta: dict[str, Any] = {
        "title": title,
        "statistics_period": period,
        "published": published,
        "published_from": published_from,
        "index_no": doc.meta.get("索引号"),
        "doc_no": doc.meta.get("文号") or doc.meta.get("发文字号"),
        "publisher": next((doc.meta[k] for k in meta_mod.PUBLISHER_KEYS if doc.meta.get(k)), None),
        "signed": meta_mod.signed_date([p.text for p in doc.paragraphs[-6:]]),
        "contact": meta_mod.contacts(intro),
        "page": dict(doc.meta),
    }
    return Report(
        format=fmt,
        merged_other=spec.merged_other,
        agency=agency,
        year=year,
        meta=meta,
        sections=_without_signature(_section_texts(doc, pieces, headings), agency, meta["publisher"]),
        values=values,
        notes=tuple(notes),
        path=doc.path,
        layout=doc.layout,
    )


__all__ = ["extract"]
