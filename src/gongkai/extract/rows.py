"""Find row labels in the piece stream and gather the values that belong to each.

Label matching works on normalised keys (``normalize.label_key``): a piece matches a row when it ends
with the row's label or an alias (crawler text glues labels together), or starts with it, or ends with
the start of exactly one label with its ordinal (a label cut at a line end).  Labels of rows printed with
no value, glued in front of the next label (``（一）予以公开（二）部分公开…``), become label-only rows.
Bare aliases that are also column headers (``其他``, ``总计``) only count right after a sibling row.  A
leaf label with a typo is matched by similarity and the match is recorded.

Values bind to the last label in the same group (row / line / sequence-table); the empty cells of a
labelled grid row printed all blank are its values.  Values with no label
before them are *orphan runs*; the table extractor places them by the official row order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from gongkai.document import Source
from gongkai.extract.stream import PK, Piece
from gongkai.normalize import cn_ordinal_value, is_cjk, label_key, strip_ordinal
from gongkai.spec import Row

_LEAF_ORDINAL = ("1", "2", "3", "4", "5", "6", "7", "8", "9")


@dataclass(frozen=True, slots=True)
class Match:
    row: str
    note: str | None = None  # set when the label was matched by similarity


@dataclass(slots=True)
class Gathered:
    """A label (or none, for an orphan run) and the value pieces that follow it in its group."""

    row: str | None
    label: Piece | None
    values: list[Piece] = field(default_factory=list)
    note: str | None = None

    @property
    def group(self) -> int | None:
        if self.label is not None:
            return self.label.group
        return self.values[0].group if self.values else None


def _ordinal_value(ordinal: str) -> int | None:
    return cn_ordinal_value(re.sub(r"[^0-9一二三四五六七八九十]", "", ordinal))


class LabelMatcher:
    def __init__(self, rows: Sequence[Row], header_labels: Sequence[str] = ()) -> None:
        header_keys = {strip_ordinal(label_key(h)) for h in header_labels}
        self.parent = {r.id: r.parent for r in rows}
        self.entries: list[tuple[str, str, str, bool]] = []  # full key, stripped key, row, bare
        for row in rows:
            for text in (row.label, *row.aliases):
                full = label_key(text)
                stripped = strip_ordinal(full)
                if not stripped:
                    continue
                bare = stripped in header_keys
                self.entries.append((full, stripped, row.id, bare))
        named: dict[str, set[str]] = {}
        for _, s, r, _ in self.entries:
            named.setdefault(s, set()).add(r)
        # labels more than one row prints (``其他``): only the ordinal printed with one tells the rows apart
        self.shared = {s for s, rows_named in named.items() if len(rows_named) > 1}
        self.leaves = [(s, r) for f, s, r, bare in self.entries if not bare and f != s]
        self.labels = sorted({(s, r) for f, s, r, bare in self.entries if not bare and len(s) >= 4})
        self.short = sorted({(s, r) for f, s, r, bare in self.entries if not bare and 2 <= len(s) < 4})
        self.texts = {f for f, _, _, _ in self.entries} | header_keys  # every label and heading, as keyed
        # the value of each row's own printed ordinal (3. → 3, （六） → 6), from its official label
        self.ordinals = {
            row.id: _ordinal_value(key[: len(key) - len(strip_ordinal(key))])
            for row in rows
            if (key := label_key(row.label))
        }
        # what ``labels_before`` looks for: a label with its ordinal always, a bare alias never
        self.needles = sorted(
            {(f, r) for f, s, r, bare in self.entries if f != s or not bare}
            | {(s, r) for f, s, r, bare in self.entries if not bare}
        )
        self._cache: dict[tuple[str, str | None, bool], Match | None] = {}
        self._before: dict[tuple[str, str], tuple[tuple[int, int, str], ...]] = {}

    def _ancestors(self, row: str | None) -> set[str]:
        out: set[str] = set()
        while row is not None:
            out.add(row)
            row = self.parent.get(row)
        return out

    def _same_ordinal(self, key: str, stripped: str, row: str) -> bool:
        """Whether a piece printed as ordinal + label carries the row's own ordinal (3、 = 3. = （3））."""
        mine, theirs = _ordinal_value(key[: len(key) - len(stripped)]), self.ordinals.get(row)
        return mine is None or theirs is None or mine == theirs

    def _context_ok(self, row: str, last: str | None) -> bool:
        parent = self.parent.get(row)
        return parent is not None and parent in self._ancestors(last)

    def match(self, text: str, last: str | None, cell: bool = False) -> Match | None:
        """The row a text names, given the row matched last (for bare aliases); cached per matcher.
        ``cell``: the text is a grid cell's whole text (a label as a scan read it, slips and all)."""
        cache_key = (text, last, cell)
        if cache_key not in self._cache:
            if len(self._cache) > 20000:
                self._cache.clear()
            self._cache[cache_key] = self._match(text, last, cell)
        return self._cache[cache_key]

    def _match(self, text: str, last: str | None, cell: bool) -> Match | None:
        key = label_key(text).rstrip("、,;")  # a label cut at a line end keeps its trailing comma
        if not key:
            return None
        stripped = strip_ordinal(key)
        best: tuple[float, str] | None = None
        for full, short, row, bare in self.entries:
            score = 0.0
            if key.endswith(full) and full != short:
                score = 100 + len(full) + 0.5  # the label with its ordinal ends the piece
            elif stripped.endswith(short) or key.endswith(short):
                score = 100 + len(short)
            elif len(short) >= 4 and stripped.startswith(short):
                score = len(short)  # a label cut off at a line end: weaker than any suffix match
            if not score:
                continue
            if (
                stripped == short
                and key != stripped
                and (short in self.shared or len(short) < 4)
                and not self._same_ordinal(key, stripped, row)
            ):
                # "（六）其他" is not "3.其他": the piece's own ordinal names another row.  A label no other
                # row prints is its row whatever its ordinal (``二、本年新收…``: a scan's 一 read as 二)
                continue
            if bare and not (full != short and key.endswith(full)) and not self._context_ok(row, last):
                continue
            if best is None or score > best[0]:
                best = (score, row)
        if best is not None:
            return Match(best[1])
        return self._head(key) or self._fuzzy(key, stripped) or (self._fuzzy_cell(stripped) if cell else None)

    def _head(self, key: str) -> Match | None:
        """A label cut at a line end: the piece ends with the first part (ordinal and at least six more
        characters) of exactly one row's label; or the piece is wholly the first part of exactly one
        data row's label, its ordinal and at least two more characters (a label cell cut by a page
        break: ``4.保护第`` / ``三方合法权益``)."""
        rows = set()
        for full, short, row, _ in self.entries:
            if full == short or len(short) < 6:
                continue
            at = key.find(full[: len(full) - len(short) + 6])
            if at >= 0 and full.startswith(key[at:]) and len(key) - at < len(full):
                rows.add(row)
        if not rows:
            stripped = strip_ordinal(key)
            if len(stripped) >= 2 and stripped != key:
                groups = set(self.parent.values())  # a group's label cut short names no row of values
                rows = {
                    r
                    for full, short, r, _ in self.entries
                    if full != short and len(full) > len(key) and full.startswith(key) and r not in groups
                }
        return Match(rows.pop()) if len(rows) == 1 else None

    def labels_before(self, piece: Piece, row: str) -> list[tuple[str, Piece]]:
        """Row labels printed earlier in a text piece that ends with the label of ``row`` (crawler text runs
        the labels of rows printed without values together: ``（一）予以公开（二）部分公开…``), each as a
        piece of its own; bare aliases (``其他``, ``总计``) never count here."""
        spans = self._spans_before(piece.text, row)
        out = []
        src = piece.source
        for lo, hi, entry_row in spans:
            source = Source(src.file, src.line, (src.char or 0) + lo, src.page, src.table, src.row, src.col, src.bbox)
            label = Piece(PK.TEXT, piece.text[lo:hi], piece.group, piece.block, piece.offset + lo, source, False)
            out.append((entry_row, label))
        return out

    def _spans_before(self, text: str, row: str) -> tuple[tuple[int, int, str], ...]:
        cache_key = (text, row)
        if cache_key in self._before:
            return self._before[cache_key]
        if len(self._before) > 20000:
            self._before.clear()
        key, where = _keyed(text)
        found: list[tuple[int, int, str]] = []
        for needle, entry_row in self.needles:
            at = key.find(needle)
            while at >= 0:
                found.append((at, at + len(needle), entry_row))
                at = key.find(needle, at + 1)
        found.sort(key=lambda f: (f[0], -f[1]))
        chosen: list[tuple[int, int, str]] = []
        end = 0
        for start, stop, entry_row in found:
            if start >= end:
                chosen.append((start, stop, entry_row))
                end = stop
        spans: tuple[tuple[int, int, str], ...] = ()
        if len(chosen) > 1 and chosen[-1][2] == row and chosen[-1][1] == len(key):
            # all but the label the piece is matched by
            spans = tuple((where[a], where[b] if b < len(where) else len(text), r) for a, b, r in chosen[:-1])
        self._before[cache_key] = spans
        return spans

    def _fuzzy_cell(self, stripped: str) -> Match | None:
        """A grid cell that holds a label as a scan read it, a character or two wrong (``行政生业性收费``,
        ``（二）部分公开（区分处理，只情形）``): the one label it is most like, if it is 85 % like it and
        no other label comes within 5 points.  A cell that is a part of a label (``于国家秘密``: a label
        cell a row rule cut in two) is none: its row is found by its other part."""
        # a whole label with up to three characters more at one end: a seal's letters read beside it
        # (规章同, 规章泰区院 under 越秀区应急管理局)
        held = {
            (r, short)
            for short, r in (*self.short, *self.labels)
            if 1 <= len(stripped) - len(short) <= 3
            and (
                (stripped.startswith(short) and all(map(is_cjk, stripped[len(short) :])))
                or (stripped.endswith(short) and all(map(is_cjk, stripped[: -len(short)])))
            )
        }
        if len({r for r, _ in held}) == 1 and not any(stripped in t for t in self.texts):  # 复议后(起诉)
            row, short = min(held)
            return _similar(row, stripped, short, SequenceMatcher(None, stripped, short).ratio())
        if not 4 <= len(stripped) <= 60:
            return None
        scored = sorted(
            ((SequenceMatcher(None, stripped, short).ratio(), row, short) for short, row in self.labels), reverse=True
        )
        if not scored or scored[0][0] < 0.85:
            return None
        ratio, row, short = scored[0]
        if stripped in short:  # a part of the label (the rest wrapped into the next row of the grid): no slip
            return None
        if any(r >= ratio - 0.05 and other != row for r, other, _ in scored[1:]):
            return None
        return _similar(row, stripped, short, ratio)

    def _fuzzy(self, key: str, stripped: str) -> Match | None:
        if not key.startswith(_LEAF_ORDINAL) or not 4 <= len(stripped) <= 40:
            return None
        scored = [(SequenceMatcher(None, stripped, short).ratio(), row, short) for short, row in self.leaves]
        if not scored:
            return None
        ratio, row, short = max(scored)
        if ratio < 0.8:
            return None
        return _similar(row, stripped, short, ratio)


def _similar(row: str, text: str, label: str, ratio: float) -> Match:
    """A row matched by similarity, with the note that says so."""
    return Match(row, note=f"行标签“{text}”与官方标签“{label}”不完全一致，按相似度（{ratio:.0%}）识别")


def _keyed(text: str) -> tuple[str, list[int]]:
    """``label_key(text)`` and, for each of its characters, the index of the character it came from."""
    key: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        k = label_key(ch)
        key.append(k)
        where.extend([i] * len(k))
    return "".join(key), where


def gather(pieces: Sequence[Piece], matcher: LabelMatcher | None) -> list[Gathered]:
    """Labels and their values, in stream order; orphan runs have ``row=None``."""
    numeric_groups = {p.group for p in pieces if p.kind is PK.VALUE}
    # a grid row whose cells are blank or hold words only (a scan whose seal hides the row's numbers)
    blank_groups = {p.group for p in pieces if p.kind is PK.BLANK and p.cell}
    out: list[Gathered] = []
    cur: Gathered | None = None
    last_row: str | None = None

    def close() -> None:
        nonlocal cur
        if cur is not None and (cur.values or cur.row is not None):
            out.append(cur)
        cur = None

    for p in pieces:
        if p.kind is PK.SPAN:
            continue
        if p.kind is PK.TEXT:
            m = matcher.match(p.text, last_row, p.cell) if matcher else None
            if m is not None:
                close()
                note = m.note
                if matcher is not None and not p.cell:
                    for row, label in matcher.labels_before(p, m.row):
                        out.append(Gathered(row=row, label=label))
                elif matcher is not None:
                    # one grid cell holding two rows' labels ("行政处罚行政强制": rows a layout ran together):
                    # which row its values belong to is not known
                    others = [row for row, _ in matcher.labels_before(p, m.row)]
                    if others:
                        note = f"一个单元格中印有两个行标签（“{p.text.strip()}”），其数值属于哪一行无法确定"
                        out.extend(Gathered(row=row, label=p, note=note) for row in others)
                cur = Gathered(row=m.row, label=p, note=note)
                last_row = m.row
            elif (
                cur is not None
                and cur.row is not None
                and p.cell
                and p.group == cur.group
                and (p.group in numeric_groups or (p.group in blank_groups and _same_row(p, cur.label)))
            ):
                cur.values.append(p)  # a word printed in a value cell of a labelled row ("见附件") holds that cell
            elif cur is not None and cur.values:
                close()
            continue
        # a header's empty cells are nothing; the cells of a labelled row printed all blank are its values
        if (
            p.kind is PK.BLANK
            and p.group not in numeric_groups
            and (cur is None or cur.row is None or cur.group != p.group or not p.cell)
        ):
            continue
        if cur is not None and cur.group != p.group:
            close()
        if cur is None:
            cur = Gathered(row=None, label=None)
        cur.values.append(p)
    close()
    return out


def _same_row(p: Piece, label: Piece | None) -> bool:
    return label is not None and label.cell and (p.source.table, p.source.row) == (label.source.table, label.source.row)


def _one_printed_row(values: list[Piece]) -> bool:
    """Whether the pieces are cells of one row of a grid: more of them than the row has columns is a row
    read with a cell too many (a rule where there is none), never the next row's values."""
    first = values[0].source
    return all(p.cell and p.source.table == first.table and p.source.row == first.row for p in values)


def fit_runs(items: list[Gathered], width: Callable[[str | None], int]) -> list[Gathered]:
    """Cut over-long runs into a labelled row plus orphan rows (text that runs rows together); join a
    short labelled row to the orphan run that completes it (a row whose values wrapped onto the next
    line).  The cells of one grid row stay together, however many: ``read_row`` reports the extra ones."""
    out: list[Gathered] = []
    for item in items:
        n = width(item.row)
        if n and len(item.values) > n and not _one_printed_row(item.values):
            head, extra = item.values[:n], item.values[n:]
            item.values = head
            out.append(item)
            while any(p.kind is PK.VALUE for p in extra):
                out.append(Gathered(row=None, label=None, values=extra[:n]))
                extra = extra[n:]
            continue
        prev = out[-1] if out else None
        if (
            item.row is None
            and prev is not None
            and prev.row is not None
            and prev.values
            and len(prev.values) + len(item.values) == width(prev.row)
        ):
            prev.values.extend(item.values)
            continue
        out.append(item)
    return out
