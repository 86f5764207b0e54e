"""The ruled tables of a page image: rule masks → segments → checked rules → cells (merged cells kept).

1. **Masks**: the binarised ink opened with a long thin kernel in each direction keeps what runs
   straight further than any stroke of a character (horizontal: 1.5 character heights, after a short
   closing that mends a rule broken by noise; vertical: 0.9 character heights).
2. **Segments**: each blob of a mask is a segment (its centre line and extent) as far as it keeps to
   its line (a seal's ring joined to a rule's end and bowing off it is no part of it); a blob thicker than
   half a character is a filled shape, not a rule, and one several times thicker than the page's
   rules (the flat bottom of a stamp's ring) is not one either.  Collinear pieces with a gap under half a character
   are joined (a rule broken by noise or a stamp).  A row rule that meets a rule across at one end
   only is carried on over a gap of up to three characters when the ink along its line shows it was
   printed there (blur broke it into pieces too short to keep).
3. **Rules**: a segment counts as a rule only when it reaches from one rule of the other direction to
   another, and is cut to that reach (a rule running on into a stamp's ink); repeated until nothing
   changes.  A stroke of a character, a dash printed in a cell (——) or an underline floats inside its
   cell and goes.
4. **Cells**: the rules, in page units, go to the same table geometry the PDF reader uses for drawn
   rules (pdfplumber: snap, join, intersections, smallest rectangles): a merged cell is the rectangle
   that no rule crosses.
5. **Erasing**: the rules found are painted white on the page before the text is read, so a rule close
   to a value is never read as a ``1`` and a text box never runs across one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BBox = tuple[float, float, float, float]


@dataclass(slots=True)
class Segment:
    horizontal: bool
    pos: float  # y of a horizontal rule, x of a vertical one (pixels)
    lo: float  # x0 / top
    hi: float  # x1 / bottom
    thickness: float


def _segments(mask: Any, horizontal: bool, max_thickness: float, seal: Any = None) -> list[Segment]:
    """The blobs of a rule mask as segments: position and thickness are medians across the blob, so a
    stroke of a stamp or a character touching the rule does not make it look thick or move it.  A blob
    is one segment as far as it keeps to its line (``_on_line``): a seal's stroke joined to a rule's end
    and bowing off its line is no part of the rule (where it comes back to the line it is a piece of its
    own, measured on its own: off the line by its own middle).  A blob too thick for a rule that ``seal``
    touches may be a rule with a grey seal's ring running beside it, touching all along: the rule is
    the band of it inked nearly all along (``_core``)."""
    import cv2
    import numpy as np

    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, min(n, 20000)):
        x, y, w, h = (int(v) for v in stats[i, :4])
        blob = labels[y : y + h, x : x + w] == i
        run = blob.T if horizontal else blob  # rows along the rule, columns across it
        across, along = (y, x) if horizontal else (x, y)
        counts, centres = _profile(run)  # rows are independent: a stretch's profile is a slice of it
        for a, b in _on_line(run, counts, centres):
            filled = counts[a:b] > 0
            thickness = float(np.median(counts[a:b][filled]))
            if thickness > max_thickness:
                sealed = seal is not None and bool(seal[y : y + h, x : x + w].any())
                core = _core(run[a:b], max_thickness) if sealed else None
                if core is not None:
                    lo, hi, first, last = core
                    pos = across + (lo + hi) / 2
                    out.append(Segment(horizontal, pos, float(along + a + first), float(along + a + last), hi - lo))
                continue
            centre = across + float(np.median(centres[a:b][filled])) + 0.5
            out.append(Segment(horizontal, centre, float(along + a), float(along + b), thickness))
    return out


def _core(run: Any, max_thickness: float) -> tuple[int, int, int, int] | None:
    """The rule in a blob (rows along it) where a seal's ring runs beside it, touching: a thin band of
    columns inked nearly all along, sharply apart from the ring's columns beside it, each inked only
    where the ring's curve passes (columns lo–hi, rows first–last).  None for a stretch of the ring
    itself, however flat (its columns' share rises and falls smoothly, none inked all along), and for a
    bold stroke (inked all across)."""
    import numpy as np

    share = run.mean(axis=0)
    k = int(np.argmax(share))
    if share[k] < 0.9:
        return None
    band = share >= 0.75 * share[k]
    lo, hi = k, k + 1
    while lo > 0 and band[lo - 1]:
        lo -= 1
    while hi < band.size and band[hi]:
        hi += 1
    if hi - lo > max_thickness or hi - lo >= band.size - 2:
        return None
    beside = np.concatenate((share[max(0, lo - 2) : lo], share[hi : hi + 2]))
    if beside.size == 0 or beside.max() > 0.6 * share[k]:
        return None
    rows = np.flatnonzero(run[:, lo:hi].any(axis=1))
    return lo, hi, int(rows[0]), int(rows[-1]) + 1


def _profile(run: Any) -> tuple[Any, Any]:
    """Per row of ``run`` (rows along a rule): how many pixels are set, and their mean column."""
    import numpy as np

    counts = run.sum(axis=1)
    centres = (run * np.arange(run.shape[1])[None, :]).sum(axis=1) / np.maximum(counts, 1)
    return counts, centres


def _on_line(run: Any, counts: Any, centres: Any, gap: int = 3) -> list[tuple[int, int]]:
    """The stretches (rows ``a`` to ``b``) of a blob (rows along its length; ``counts`` and ``centres``
    its ``_profile``) that keep to its line: the line fitted through the rows about as thin as the blob
    is (a stroke touching the rule thickens its rows), a row keeping to it when it has a pixel within
    the rule's half thickness and two pixels of it.  Stretches further apart than ``gap`` rows are apart."""
    import numpy as np

    rows = np.nonzero(counts)[0]
    if rows.size == 0:
        return []
    thickness = float(np.median(counts[rows]))
    if run.shape[1] <= thickness + 4:  # too narrow to leave its line
        return [(int(rows[0]), int(rows[-1]) + 1)]
    thin = rows[counts[rows] <= thickness + 1]
    if thin.size >= 2 and thin[-1] > thin[0]:
        slope, at0 = np.polyfit(thin, centres[thin], 1)
    else:
        slope, at0 = 0.0, float(np.median(centres[rows]))
    line = at0 + slope * np.arange(run.shape[0])
    near = (run & (np.abs(np.arange(run.shape[1])[None, :] - line[:, None]) <= thickness / 2 + 2)).any(axis=1)
    kept = np.nonzero(near)[0]
    if kept.size == 0:
        return []
    breaks = np.nonzero(np.diff(kept) > gap + 1)[0]
    starts = [int(kept[0])] + [int(kept[j + 1]) for j in breaks]
    ends = [int(kept[j]) + 1 for j in breaks] + [int(kept[-1]) + 1]
    return list(zip(starts, ends, strict=True))


def _join(segments: list[Segment], gap: float, drift: float) -> list[Segment]:
    """Collinear pieces with a gap under ``gap`` (and positions within ``drift``) joined into one."""
    out: list[Segment] = []
    for s in sorted(segments, key=lambda s: (round(s.pos / max(drift, 1.0)), s.lo)):
        last = next(
            (o for o in reversed(out[-8:]) if abs(o.pos - s.pos) <= drift and s.lo - o.hi <= gap and s.hi > o.lo - gap),
            None,
        )
        if last is not None:
            span = max(1.0, (last.hi - last.lo) + (s.hi - s.lo))
            last.pos = (last.pos * (last.hi - last.lo) + s.pos * (s.hi - s.lo)) / span
            last.lo, last.hi = min(last.lo, s.lo), max(last.hi, s.hi)
            last.thickness = max(last.thickness, s.thickness)
        else:
            out.append(Segment(s.horizontal, s.pos, s.lo, s.hi, s.thickness))
    return out


_SEAL: Any = object()  # ``find_rules``: a seal's region is where its ink hides the print


def _bridge(
    segments: list[Segment],
    others: list[Segment],
    binary: Any,
    seal: Any,
    drift: float,
    shown: float,
    hides: Any,
) -> list[Segment]:
    """Pieces of one rule joined across a gap where a seal lies: lifting a red seal lifts the print under
    its ink too, so a rule it lay on keeps only bits of that stretch, however long (on the page in grey
    the ring running along the rule makes the two one thick band, no rule either).  Along the gap every
    bit of the line shows ink, or the ink of a coloured seal (``hides``: lifted with the print under
    it) — the region of a seal found by its ring in grey is no such ink: most of it is paper, where a
    rule would show; one of the two pieces is a rule where it shows: at least ``shown`` of it outside
    the seal, and it meets a rule across away from the gap (two strokes of the seal's lettering in line
    are no rule, nor a stroke of a character beside it — which may touch the rule below it, at its end
    toward the gap, where a rule's piece would cross on)."""

    def shows(s: Segment, end: float) -> bool:
        under = _along(seal, s, s.lo, s.hi, drift)
        if under.size == 0 or (~under).sum() < shown:
            return False
        return any(abs(at - end) > shown / 2 for at in _crossings(s, others, drift))

    def hidden(s: Segment, a: float, b: float) -> bool:
        along = _along(binary, s, a, b, drift)
        if hides is not None:
            along = along | _along(hides, s, a, b, drift)
        return along.size > 0 and float(along.mean()) >= 0.9

    out: list[Segment] = []
    for s in sorted(segments, key=lambda s: (round(s.pos / max(drift, 1.0)), s.lo)):
        last = next(
            (
                o
                for o in reversed(out[-8:])
                if abs(o.pos - s.pos) <= drift
                and o.hi < s.lo
                and (shows(o, o.hi) or shows(s, s.lo))
                and hidden(o, o.hi, s.lo)
            ),
            None,
        )
        if last is not None:
            last.hi = max(last.hi, s.hi)
            last.thickness = max(last.thickness, s.thickness)
        else:
            out.append(Segment(s.horizontal, s.pos, s.lo, s.hi, s.thickness))
    return out


def _crossings(s: Segment, others: list[Segment], tol: float) -> list[float]:
    """Where ``s`` meets or crosses the segments of the other direction (positions along ``s``)."""
    return sorted(
        o.pos
        for o in others
        if o.lo - tol <= s.pos <= o.hi + tol and s.lo - tol - o.thickness / 2 <= o.pos <= s.hi + tol + o.thickness / 2
    )


def _rules(h: list[Segment], v: list[Segment], tol: float) -> tuple[list[Segment], list[Segment]]:
    """The segments that reach from one rule of the other direction to another, cut to that reach;
    repeated until nothing changes.  A stroke or a dash inside a cell reaches no rule; a rule that runs
    on into a stamp's ink is cut where it last meets a rule."""
    for _ in range(8):
        changed = False
        for mine, others in ((h, v), (v, h)):
            kept = []
            for s in mine:
                at = _crossings(s, others, tol)
                if len(at) < 2 or at[-1] - at[0] < 2 * tol:
                    changed = True
                    continue
                lo, hi = max(s.lo, at[0] - tol), min(s.hi, at[-1] + tol)
                if (lo, hi) != (s.lo, s.hi):
                    changed = True
                kept.append(Segment(s.horizontal, s.pos, lo, hi, s.thickness))
            mine[:] = kept
        if not changed:
            break
    return h, v


def find_rules(binary: Any, char_h: float, seal: Any = None, hides: Any = _SEAL) -> tuple[list[Segment], list[Segment]]:
    """The horizontal and vertical rules of a binarised page (ink 255), in pixels; ``seal``: where a seal
    lies (uint8, nonzero there), whose bold strokes are no rules; ``hides``: where a coloured seal's ink
    lies (the print under it lifted with it; by default ``seal``, None for none: a seal in grey hides
    nothing, its ink is the page's)."""
    import cv2
    import numpy as np

    long_h = max(15, int(1.5 * char_h))
    long_v = max(10, int(0.9 * char_h))
    hmask = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, np.ones((1, 3), np.uint8))
    hmask = cv2.morphologyEx(hmask, cv2.MORPH_OPEN, np.ones((1, long_h), np.uint8))
    vmask = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, np.ones((3, 1), np.uint8))
    vmask = cv2.morphologyEx(vmask, cv2.MORPH_OPEN, np.ones((long_v, 1), np.uint8))
    thick = max(4.0, 0.4 * char_h)
    gap = max(4.0, 0.15 * char_h)  # a rule broken by noise; never as wide as a cell's padding
    drift = 3.0  # two pieces of one rule: a stroke of the print or a seal touching it moves its middle
    h = _join(_segments(hmask, True, thick, seal), gap, drift)
    v = _join(_segments(vmask, False, thick, seal), gap, drift)
    h, v = _as_thin_as_the_rules(h, v, char_h, seal)
    if seal is not None:
        hidden_by = seal if hides is _SEAL else hides
        h, v = (
            _bridge(h, v, binary, seal, drift, long_h, hidden_by),
            _bridge(v, h, binary, seal, drift, long_v, hidden_by),
        )
    h = _join(_mend(h, v, binary, 3.0 * char_h, 2.0, drift), gap, drift)
    h, v = _rules(h, v, 2.0)
    h, v = _as_thin_as_the_rules(h, v, char_h, seal)  # joined, and cut to their reach: a seal's stroke as is
    h, v = _rules(h, v, 2.0)
    return _close_corners(h, v, binary, seal, 2.0)


def _close_corners(
    h: list[Segment], v: list[Segment], binary: Any, seal: Any, tol: float
) -> tuple[list[Segment], list[Segment]]:
    """Cells are rectangles, so two rules never meet in an L inside a table: one of them went on and was
    lost (a seal's ring ran along it and was lifted with it, or blur faded it).  Each of the two is tried
    carried on past the corner to the next rule across; the one whose line shows the rule's ink over the
    stretch, or a seal's ink that hid it, is carried on.  Where both or neither do, nothing changes.  At
    the table's edge (no rule across further on) a corner is where it should be."""

    def shown(s: Segment, a: float, b: float) -> float:
        """How well the line of ``s`` from ``a`` to ``b`` shows a rule: the share with ink, or 0."""
        ink = _along(binary, s, a, b)
        if ink.size == 0:
            return 0.0
        if seal is not None:
            under = _along(seal, s, a, b)
            if under.any() and float((ink | under).mean()) >= 0.9:
                return max(float(ink.mean()), 0.6)
        return float(ink.mean()) if ink.mean() >= 0.6 else 0.0

    def passes(o: Segment, at: float) -> bool:
        return o.lo < at - 2 * tol and o.hi > at + 2 * tol

    def spans(o: Segment, at: float) -> bool:
        return o.lo - tol <= at <= o.hi + tol

    ends: dict[int, dict[str, float]] = {}  # id(segment) → {"lo"|"hi": new end}
    for mine, others in ((h, v), (v, h)):
        for s in mine:
            for side, end, out in (("lo", s.lo, -1.0), ("hi", s.hi, 1.0)):
                meet = [o for o in others if abs(o.pos - end) <= 2 * tol and spans(o, s.pos)]
                if not meet or any(passes(o, s.pos) for o in meet):
                    continue
                o = meet[0]
                o_out = -1.0 if o.hi > s.pos + 2 * tol else 1.0  # where ``o`` would go on past ``s``
                on_s = [x.pos for x in others if (x.pos - end) * out > 2 * tol and spans(x, s.pos)]
                on_o = [x.pos for x in mine if (x.pos - s.pos) * o_out > 2 * tol and spans(x, o.pos)]
                if not on_s or not on_o:
                    continue  # the table's edge
                to_s = min(on_s, key=lambda p: abs(p - end))
                to_o = min(on_o, key=lambda p: abs(p - s.pos))
                score_s, score_o = shown(s, end, to_s), shown(o, s.pos, to_o)
                if score_s > 0 and (score_o == 0 or score_s >= score_o + 0.25):
                    ends.setdefault(id(s), {})[side] = to_s
                elif score_o > 0 and (score_s == 0 or score_o >= score_s + 0.25):
                    ends.setdefault(id(o), {})["lo" if o_out < 0 else "hi"] = to_o

    def carried(segments: list[Segment]) -> list[Segment]:
        out = []
        for s in segments:
            new = ends.get(id(s), {})
            lo, hi = min(s.lo, new.get("lo", s.lo)), max(s.hi, new.get("hi", s.hi))
            out.append(Segment(s.horizontal, s.pos, lo, hi, s.thickness))
        return out

    return carried(h), carried(v)


def seen_in(
    h: list[Segment], v: list[Segment], binary: Any, region: Any, run: float, island: float = 0.0
) -> tuple[list[Segment], list[Segment]]:
    """The rules found on a page with a seal on it, cut where the page with the seal lifted (``binary``)
    shows no ink on their line inside the seal's ``region`` for ``run`` or more: there the rule was the
    seal's ring running on from its end (a rule ending on a row's corner ran on down the ring into the
    next row and split its label), or a stroke of its letters in line with one of the print.  Stretches
    seen for less than ``island`` between two blind ones count as blind (a stroke of print the seal's
    stroke crossed).  The seal's strokes cross a rule, lifting takes bits of it with them: short gaps,
    kept.  Cut, what no longer reaches two rules across is none."""
    import numpy as np

    def cut(s: Segment) -> list[Segment]:
        blind = _along(region, s, s.lo, s.hi, 0.0) & ~_along(binary, s, s.lo, s.hi, 2.0)
        origin = max(0, int(s.lo))  # position of the first sample along the line
        edges = np.flatnonzero(np.diff(np.concatenate(([0], blind.astype(np.int8), [0]))))
        if island > 0 and len(edges) > 2:  # join blind runs a short seen stretch parts
            keep = [edges[0]]
            for k in range(1, len(edges) - 1, 2):
                if edges[k + 1] - edges[k] >= island:
                    keep += [edges[k], edges[k + 1]]
            edges = np.array([*keep, edges[-1]])
        pieces, start = [], s.lo
        for a, b in zip(edges[::2], edges[1::2], strict=True):
            if b - a >= run:
                pieces.append(Segment(s.horizontal, s.pos, start, float(origin + a), s.thickness))
                start = float(origin + b)
        pieces.append(Segment(s.horizontal, s.pos, start, s.hi, s.thickness))
        return [p for p in pieces if p.hi > p.lo]

    h = [p for s in h for p in cut(s)]
    v = [p for s in v for p in cut(s)]
    return _rules(h, v, 2.0)


def _along(mask: Any, s: Segment, a: float, b: float, half: float | None = None) -> Any:
    """Per position from ``a`` to ``b`` along ``s``'s line: whether ``mask`` is set there, within ``half``
    of the line (by default its thickness and a pixel either side)."""
    half = s.thickness / 2 + 1 if half is None else half
    p0, p1 = max(0, int(s.pos - half)), int(s.pos + half + 1)
    a0, b0 = max(0, int(min(a, b))), int(max(a, b)) + 1
    band = mask[p0:p1, a0:b0] if s.horizontal else mask[a0:b0, p0:p1].T
    return (band > 0).any(axis=0)


def _coverage(binary: Any, s: Segment, a: float, b: float) -> float:
    """The share of the stretch ``a``–``b`` along ``s`` with ink on the rule's line (its thickness and a
    pixel either side)."""
    ink = _along(binary, s, a, b)
    return float(ink.mean()) if ink.size else 0.0


def _mend(
    mine: list[Segment], others: list[Segment], binary: Any, reach: float, tol: float, drift: float
) -> list[Segment]:
    """A row rule broken by blur or noise near one end: a segment that meets a rule across at one end
    and none at the other (a rule always ends on one) is carried on from that end to the next rule
    across, or to the next piece on its line, within ``reach`` — only when the ink on the line over the
    gap shows the rule was printed there.  A stroke of a character or a dash in a cell meets no rule at
    either end and stays as it is (and goes in ``_rules``)."""
    out = []
    for s in mine:
        lo, hi = s.lo, s.hi
        across = [o.pos for o in others if o.lo - tol <= s.pos <= o.hi + tol]
        at_lo = any(abs(p - s.lo) <= 2 * tol for p in across)
        at_hi = any(abs(p - s.hi) <= 2 * tol for p in across)
        if at_hi and not at_lo:
            ahead = [p for p in across if s.lo - reach <= p < s.lo]
            ahead += [o.hi for o in mine if o is not s and abs(o.pos - s.pos) <= drift and s.lo - reach <= o.hi < s.lo]
            if ahead and _coverage(binary, s, max(ahead), s.lo) >= 0.35:
                lo = max(ahead)
        if at_lo and not at_hi:
            ahead = [p for p in across if s.hi < p <= s.hi + reach]
            ahead += [o.lo for o in mine if o is not s and abs(o.pos - s.pos) <= drift and s.hi < o.lo <= s.hi + reach]
            if ahead and _coverage(binary, s, s.hi, min(ahead)) >= 0.35:
                hi = min(ahead)
        out.append(Segment(s.horizontal, s.pos, lo, hi, s.thickness))
    return out


def _rule_thickness(segments: list[Segment]) -> float:
    """The thickness of the page's rules: the median of the segments' thickness, weighted by length."""
    import numpy as np

    thickness = np.array([s.thickness for s in segments])
    length = np.array([s.hi - s.lo for s in segments])
    order = np.argsort(thickness)
    cumulative = np.cumsum(length[order])
    return float(thickness[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def _bold(median: float) -> float:
    """How thick a segment is that is nearly twice as thick as rules ``median`` thick."""
    return max(1.8 * median, median + 3.0)


def _as_thin_as_the_rules(
    h: list[Segment], v: list[Segment], char_h: float, seal: Any = None
) -> tuple[list[Segment], list[Segment]]:
    """The segments about as thin as the page's rules (their median thickness, weighted by length): the
    flat bottom of a stamp's ring or a heavy stroke runs straight for a while but is several times
    thicker than a printed rule (a bold frame is at most about twice as thick).  Where a seal lies, a
    segment under five characters long nearly twice as thick as the rules is one of its strokes (a
    letter's, or its ring's where it runs along a cell) — never a rule: with a short stroke across it, it
    would wall off a sliver of a cell.  (Elsewhere a short bold segment may be a table's bold frame.)
    Nor is a segment there under two characters long with nothing else on its line (the edge of its
    ring, upright for a row's height: a column the rows above and below do not have, splitting a cell).
    """
    import bisect

    segments = h + v
    if not segments:
        return h, v
    median = _rule_thickness(segments)
    limit = max(2.5 * median, median + 4.0)
    bold = _bold(median)

    def under_seal(s: Segment) -> bool:
        if seal is None:
            return False
        mid = (s.lo + s.hi) / 2
        x, y = (mid, s.pos) if s.horizontal else (s.pos, mid)
        return 0 <= int(y) < seal.shape[0] and 0 <= int(x) < seal.shape[1] and bool(seal[int(y), int(x)])

    lines = {True: sorted(s.pos for s in h), False: sorted(s.pos for s in v)}

    def alone(s: Segment) -> bool:
        on = lines[s.horizontal]
        return bisect.bisect_right(on, s.pos + 3.0) - bisect.bisect_left(on, s.pos - 3.0) <= 1

    def kept(s: Segment) -> bool:
        if s.thickness > limit:
            return False
        if s.hi - s.lo < 2 * char_h and under_seal(s) and alone(s):
            return False
        return not (s.thickness >= bold and s.hi - s.lo < 5 * char_h and under_seal(s))

    return [s for s in h if kept(s)], [s for s in v if kept(s)]


def merge_rules(
    found: list[Segment], more: list[Segment], long: float, tol: float = 3.0, row: float = 0.0
) -> list[Segment]:
    """``found`` and the segments of ``more`` (the same page binarised another way, where a seal lay)
    that they do not already cover (on the same line, end to end) and that are rules: on the line of a rule
    found (the part of it the seal hid), or at least ``long`` (a rule the seal hid whole spans rows).  A
    seal's stroke that runs straight for a cell's height is neither: taken for a rule, it would add a
    column to one row and shift its values.  Nor is a segment much bolder than the rules found (the side
    of a seal's ring, long and upright, on the page in grey), nor one closer than ``row`` (a character's
    height) to a rule found beside it: no line of print fits between them (the top of a seal's star run
    on along a label's strokes walled off a sliver of the cell and moved its row's values)."""
    bold = _bold(_rule_thickness(found)) if found else float("inf")

    def crowded(s: Segment) -> bool:
        return any(tol < abs(f.pos - s.pos) < row and f.lo < s.hi and s.lo < f.hi for f in found)

    def covered(s: Segment) -> bool:
        """Whether rules found on its line cover it end to end (one that goes on past them adds a part)."""
        spans = sorted((f.lo, f.hi) for f in found if abs(f.pos - s.pos) <= tol and f.lo < s.hi and s.lo < f.hi)
        reach = s.lo
        for lo, hi in spans:
            if lo > reach + tol:
                return False
            reach = max(reach, hi)
        return reach >= s.hi - tol

    def rule(s: Segment) -> bool:
        if s.thickness > bold or crowded(s):
            return False
        return s.hi - s.lo >= long or any(abs(f.pos - s.pos) <= tol for f in found)

    return found + [s for s in more if not covered(s) and rule(s)]


def erase(gray: Any, rules: list[Segment], margin: int = 2, value: int = 255) -> Any:
    """A copy of ``gray`` with the rules painted over (white by default; 0 to take them out of a binary)."""
    import cv2

    out = gray.copy()
    for s in rules:
        half = s.thickness / 2 + margin
        if s.horizontal:
            p0, p1 = (int(s.lo) - margin, int(s.pos - half)), (int(s.hi) + margin, int(s.pos + half + 0.5))
        else:
            p0, p1 = (int(s.pos - half), int(s.lo) - margin), (int(s.pos + half + 0.5), int(s.hi) + margin)
        cv2.rectangle(out, p0, p1, value, thickness=-1)
    return out


def table_cells(h: list[Segment], v: list[Segment], unit: float) -> list[list[BBox]]:
    """The tables the rules form: per table its cell boxes in page units (pixels / ``unit``)."""
    from gongkai.readers.pdf import ruling_edge as _edge
    from gongkai.readers.pdf import table_cells_from_edges

    edges: list[dict[str, Any]] = []
    for s in h:
        y = s.pos / unit
        edges.append(_edge(s.lo / unit, y, s.hi / unit, y, "h"))
    for s in v:
        x = s.pos / unit
        edges.append(_edge(x, s.lo / unit, x, s.hi / unit, "v"))
    return table_cells_from_edges(edges)


__all__ = ["BBox", "Segment", "erase", "find_rules", "merge_rules", "seen_in", "table_cells"]
