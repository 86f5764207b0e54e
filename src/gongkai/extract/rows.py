"""Find row labels in the piece stream and gather the values that belong to each.

Label matching works on normalised keys (``normalize.label_key``): a piece matches a row when it ends
with the row's label or an alias (crawler text glues labels together), or starts with it (a label cut
at a line end).  Bare aliases that are also column headers (``其他``, ``总计``) only count right after a
sibling row.  A leaf label with a typo is matched by similarity and the match is recorded.

Values bind to the last label in the same group (row / line / sequence-table).  Values with no label
before them are *orphan runs*; the table extractor places them by the official row order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from gongkai.extract.stream import PK, Piece
from gongkai.normalize import label_key, strip_ordinal
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
        self.leaves = [(s, r) for f, s, r, bare in self.entries if not bare and f != s]
        self._cache: dict[tuple[str, str | None], Match | None] = {}

    def _ancestors(self, row: str | None) -> set[str]:
        out: set[str] = set()
        while row is not None:
            out.add(row)
            row = self.parent.get(row)
        return out

    def _context_ok(self, row: str, last: str | None) -> bool:
        parent = self.parent.get(row)
        return parent is not None and parent in self._ancestors(last)

    def match(self, text: str, last: str | None) -> Match | None:
        """The row a text names, given the row matched last (for bare aliases); cached per matcher."""
        cache_key = (text, last)
        if cache_key not in self._cache:
            if len(self._cache) > 20000:
                self._cache.clear()
            self._cache[cache_key] = self._match(text, last)
        return self._cache[cache_key]

    def _match(self, text: str, last: str | None) -> Match | None:
        key = label_key(text)
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
            if bare and not (full != short and key.endswith(full)) and not self._context_ok(row, last):
                continue
            if best is None or score > best[0]:
                best = (score, row)
        if best is not None:
            return Match(best[1])
        return self._fuzzy(key, stripped)

    def _fuzzy(self, key: str, stripped: str) -> Match | None:
        if not key.startswith(_LEAF_ORDINAL) or not 4 <= len(stripped) <= 40:
            return None
        scored = [(SequenceMatcher(None, stripped, short).ratio(), row, short) for short, row in self.leaves]
        if not scored:
            return None
        ratio, row, short = max(scored)
        if ratio < 0.8:
            return None
        return Match(row, note=f"行标签“{stripped}”与官方标签“{short}”不完全一致，按相似度（{ratio:.0%}）识别")


def gather(pieces: Sequence[Piece], matcher: LabelMatcher | None) -> list[Gathered]:
    """Labels and their values, in stream order; orphan runs have ``row=None``."""
    numeric_groups = {p.group for p in pieces if p.kind is PK.VALUE}
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
            m = matcher.match(p.text, last_row) if matcher else None
            if m is not None:
                close()
                cur = Gathered(row=m.row, label=p, note=m.note)
                last_row = m.row
            elif cur is not None and cur.values:
                close()
            continue
        if p.kind is PK.BLANK and p.group not in numeric_groups:
            continue
        if cur is not None and cur.group != p.group:
            close()
        if cur is None:
            cur = Gathered(row=None, label=None)
        cur.values.append(p)
    close()
    return out


def fit_runs(items: list[Gathered], width: Callable[[str | None], int]) -> list[Gathered]:
    """Cut over-long runs into a labelled row plus orphan rows; join a short labelled row to the orphan
    run that completes it (a row whose values wrapped onto the next line)."""
    out: list[Gathered] = []
    for item in items:
        n = width(item.row)
        if n and len(item.values) > n:
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
