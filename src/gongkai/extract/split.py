"""Every admissible reading of a row whose values ran together or lost their blank cells.

Text without cell boundaries (a crawler's one-line body, a PDF text layer) prints a row in fewer pieces
than it has cells, for two reasons that can be mixed in one row:

- **fused digits**: neighbouring cells ran together (``21710000218`` → 217/1/0/0/0/0/218);
- **dropped blanks**: a cell printed blank leaves no trace (``行政规范性文件 9 66`` where 本年废止件数 is
  blank: 9/空/66 — or 9/6/6, or 9/66/空, or 空/9/66 …).

``readings`` lists every way to read the pieces into ``n`` cells: each piece is cut into one or more
numbers (no leading zeros, a sign only where one was printed, no cut at a decimal point, at most
``MAX_PART`` characters), and, when blanks may have been dropped, blank cells are put anywhere between
them.  Identities given as positions (``lhs`` = ``rhs``, a blank counts as 0) prune the search as soon as
their cells are filled.  The search is depth-first with a step budget: past it the result says
``truncated`` and the caller must not pick a reading from it.

``split_run`` keeps the older interface (fused digits only, an accept function, a preference).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from gongkai.normalize import nfkc

_PART = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$")
_DASH = re.compile(r"^[/／\-—–－]+$")
MAX_PART = 15  # characters of one number: no cell of a report holds 10^15
MAX_CANDIDATES = 5000
MAX_STEPS = 60_000
_INF = 1 << 30

Numbers = tuple[float, ...]
Constraint = tuple[tuple[int, ...], tuple[int, ...]]  # positions: sum(lhs) == sum(rhs)
BLANK_ORIGIN = (-1, 0)


@dataclass(frozen=True, slots=True)
class Split:
    """One reading of the run: the printed text of each cell (``""`` = blank) and where each came from
    (piece index, char offset within the piece; ``(-1, 0)`` for a blank)."""

    parts: tuple[str, ...]
    origins: tuple[tuple[int, int], ...]

    @property
    def numbers(self) -> Numbers:
        """The numbers the identities see (a blank or a dash counts as 0)."""
        return tuple(part_number(p) for p in self.parts)

    @property
    def blanks(self) -> int:
        return sum(1 for p in self.parts if not p)

    def show(self) -> str:
        return "/".join(p or "空" for p in self.parts)


@dataclass(frozen=True, slots=True)
class SplitResult:
    chosen: Split | None
    candidates: tuple[Split, ...]  # every admissible reading that passed the constraints
    inferred: bool = False  # chosen by a preference, not by the identities alone
    truncated: bool = False  # the search hit its limit: the candidates are not all of them


def part_number(part: str) -> float:
    """What one part adds to an identity: its number; 0 for a blank or a dash."""
    return float(part) if part and _PART.match(part) else 0.0


@lru_cache(maxsize=16384)
def clean(text: str) -> str:
    """The digits of one value piece as the splitter sees them (NFKC, thousands commas dropped)."""
    return nfkc(text).replace(",", "")


@lru_cache(maxsize=8192)
def _cuts(text: str) -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...], tuple[int, ...]]:
    """For each end offset ``e`` of ``text`` (0 … len): the starts ``s`` such that ``text[s:e]`` is an
    admissible number, and the fewest and most parts ``text[:e]`` can be cut into (``_INF`` fewest when it
    cannot be cut at all)."""
    n = len(text)
    if _DASH.match(text):  # a dash printed instead of a number: one cell, never cut
        starts: list[tuple[int, ...]] = [()] * (n + 1)
        starts[n] = (0,)
        return tuple(starts), (0, *([_INF] * (n - 1)), 1), (0, *([-_INF] * (n - 1)), 1)
    starts = [()]
    for e in range(1, n + 1):
        ok = []
        if e == n or text[e] not in ".,":
            for s in range(e - 1, max(0, e - MAX_PART) - 1, -1):
                if s and text[s - 1] in ".,":
                    continue
                part = text[s:e]
                if part.startswith("-") and s:
                    continue
                if _PART.match(part):
                    ok.append(s)
        starts.append(tuple(ok))
    fewest = [_INF] * (n + 1)
    most = [-_INF] * (n + 1)
    fewest[0] = most[0] = 0
    for e in range(1, n + 1):
        for s in starts[e]:
            if fewest[s] < _INF:
                fewest[e] = min(fewest[e], 1 + fewest[s])
                most[e] = max(most[e], 1 + most[s])
    return tuple(starts), tuple(fewest), tuple(most)


_MEMO: dict[tuple[object, ...], tuple[tuple[Split, ...], bool, int]] = {}
_MEMO_SIZE = 4096  # results kept (only small ones: a hostile run must not fill memory)


def readings(
    texts: tuple[str, ...],
    n: int,
    constraints: tuple[Constraint, ...] = (),
    blanks: bool = False,
    limit: int = MAX_CANDIDATES,
    budget: int = MAX_STEPS,
) -> tuple[tuple[Split, ...], bool, int]:
    """Every reading of ``texts`` (cleaned value pieces, in order) as ``n`` cells; (readings, truncated,
    steps taken).  See ``_readings``; results of up to 64 readings are remembered."""
    key = (texts, n, constraints, blanks, limit, budget)
    found = _MEMO.get(key)
    if found is None:
        found = _readings(texts, n, constraints, blanks, limit, budget)
        if len(found[0]) <= 64:
            if len(_MEMO) >= _MEMO_SIZE:
                _MEMO.clear()
            _MEMO[key] = found
    return found


def _readings(
    texts: tuple[str, ...],
    n: int,
    constraints: tuple[Constraint, ...],
    blanks: bool,
    limit: int,
    budget: int,
) -> tuple[tuple[Split, ...], bool, int]:
    """The search behind ``readings``.

    With ``blanks`` the row may have lost blank cells anywhere; without, every cell is printed.  Cells are
    filled from the last one back (a row's total is printed last), so that an identity is checked as soon
    as its cells are filled and, the numbers being non-negative, a partial sum above its total prunes.
    """
    if not texts or n <= 0 or len(texts) > n or any(not t for t in texts):
        return (), False, 0
    tables = [_cuts(t) for t in texts]
    # fewest / most parts of the pieces before piece i (each piece gives at least one part)
    before_min = [0] * (len(texts) + 1)
    before_max = [0] * (len(texts) + 1)
    for i, (_, fewest, most) in enumerate(tables):
        before_min[i + 1] = before_min[i] + fewest[-1]
        before_max[i + 1] = before_max[i] + most[-1]
    if before_min[-1] >= _INF or before_min[-1] > n or (not blanks and before_max[-1] < n):
        return (), False, 0
    unsigned = not any(t.startswith("-") for t in texts)
    # per identity: the filled sums of its two sides; per cell: (identity, side, first cell of each side)
    sums = [[0.0, 0.0] for _ in constraints]
    watch: list[list[tuple[int, int, int, int]]] = [[] for _ in range(n)]
    for k, (lhs, rhs) in enumerate(constraints):
        for side, cells in ((0, lhs), (1, rhs)):
            for pos in cells:
                watch[pos].append((k, side, min(lhs), min(rhs)))
    found: list[Split] = []
    parts: list[str] = [""] * n
    origins: list[tuple[int, int]] = [BLANK_ORIGIN] * n
    steps = 0
    truncated = False

    def place(pos: int, value: float) -> bool:
        """Add cell ``pos`` to its identities; whether they can still hold (cells ``pos`` … filled)."""
        ok = True
        for k, side, lhs_first, rhs_first in watch[pos]:
            pair = sums[k]
            pair[side] += value
            if not ok:
                continue
            lhs_done, rhs_done = lhs_first >= pos, rhs_first >= pos
            if lhs_done and rhs_done:
                ok = abs(pair[0] - pair[1]) <= 1e-9
            elif unsigned and lhs_done:
                ok = pair[1] <= pair[0] + 1e-9
            elif unsigned and rhs_done:
                ok = pair[0] <= pair[1] + 1e-9
        return ok

    def unplace(pos: int, value: float) -> None:
        for k, side, _, _ in watch[pos]:
            sums[k][side] -= value

    spans = [(min(*lhs, *rhs), max(*lhs, *rhs)) for lhs, rhs in constraints]
    dead: set[tuple[object, ...]] = set()  # states from which no reading can be completed

    def walk(pos: int, pi: int, end: int) -> bool:
        """Fill cell ``pos`` (and those before it) from ``texts[:pi]`` + ``texts[pi][:end]``; whether
        any reading was completed."""
        nonlocal steps, truncated
        if truncated:
            return True
        steps += 1
        if steps > budget or len(found) >= limit:
            truncated = True
            return True
        if end == 0 and pi > 0:
            pi -= 1
            end = len(texts[pi])
        left = pos + 1  # cells still to fill
        if end == 0:  # every piece used
            if pos < 0:
                found.append(Split(tuple(parts), tuple(origins)))
                return True
            if not blanks:
                return False
            lo = 0
            starts: tuple[int, ...] = ()
        else:
            table, fewest, most = tables[pi]
            lo = fewest[end] + before_min[pi]
            if lo > left or (not blanks and most[end] + before_max[pi] < left):
                return False
            starts = table[end]
        if pos < 0:
            return False
        # what is left to do depends only on this: the place in the text and the open identities' sums
        state = (pos, pi, end, *(tuple(sums[k]) for k, (a, b) in enumerate(spans) if a <= pos < b))
        if state in dead:
            return False
        any_found = False
        text = texts[pi] if end else ""
        for s in starts:
            part = text[s:end]
            value = part_number(part)
            parts[pos], origins[pos] = part, (pi, s)
            if place(pos, value):
                any_found = walk(pos - 1, pi, s) or any_found
            unplace(pos, value)
        if blanks and left > lo:
            parts[pos], origins[pos] = "", BLANK_ORIGIN
            if place(pos, 0.0):
                any_found = walk(pos - 1, pi, end) or any_found
            unplace(pos, 0.0)
        parts[pos], origins[pos] = "", BLANK_ORIGIN
        if not any_found:
            dead.add(state)
        return any_found

    last = len(texts) - 1
    walk(n - 1, last, len(texts[last]))
    found.reverse()
    return tuple(found), truncated, steps


def split_run(
    pieces: Sequence[str],
    n: int,
    accept: Callable[[Numbers], bool] | None = None,
    prefer: Callable[[Numbers], bool] | None = None,
) -> SplitResult:
    """Cut the texts of ``pieces`` (each holding one or more fused cells) into ``n`` cells, every cell printed."""
    texts = tuple(clean(p) for p in pieces)
    found, truncated, _ = readings(texts, n)
    if accept is not None:
        found = tuple(s for s in found if accept(s.numbers))
    if len(found) == 1 and not truncated:
        return SplitResult(found[0], found)
    if prefer is not None and found and not truncated:
        preferred = [s for s in found if prefer(s.numbers)]
        if len(preferred) == 1:
            return SplitResult(preferred[0], found, inferred=True)
    return SplitResult(None, found, truncated=truncated)
