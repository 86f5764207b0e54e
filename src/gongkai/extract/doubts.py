"""A reader's doubts about value cells (an OCR reading it was not sure of) → reading notes, unless the
tables' own arithmetic confirms the value as read.

For each doubted cell read as a number, every identity of the format through that cell is evaluated
with the cells as read (blank, dash and 无 count as 0, as in the checks).  When every one of them can be
evaluated and holds, the reading is confirmed: a misread digit would break them, so the value is
certain and nothing is said.  Otherwise — an identity breaks, one cannot be evaluated, the cell is in
no identity (table one), or what was read is not a number (ink that could not be read, a letter where
a digit could stand) — the cell gets a ``ocr_uncertain`` reading note with the other readings the
reader admits and, when one of them makes the identities hold, that one named first.  When exactly one
of them does (and the reading as it stands does not), the value becomes that reading — the sums are
the tables' own evidence — and the note stays, saying so; otherwise the value stays what was read.
Either way the note makes every finding on it 读取存疑.

Doubted cells tied by identities are read together (``_solve``); a group too large to try whole is
settled by the fewest changes (``_few_misread``): its cells read as no number must change, then as few
others as will do, up to three, and only a set of numbers unique at that size is taken.  The sums
cannot tell a blank from a 0: a cell that may be either is read as its row prints nothing elsewhere
(else as read, or as its table prints nothing, ``_zero``), and they confirm neither: a cell read as a 0
that may be blank (a seal's remains read as ``0``) is certain only where its row's certain cells print
0s, else 读取存疑 (``_nothing_unsure``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from gongkai.document import Doubt
from gongkai.model import ReadingNote, Value
from gongkai.normalize import Kind, read_value
from gongkai.spec import FormatSpec, Identity

_ZERO_WORDS = frozenset({"无", "空", "零"})
Numbers = dict[str, float | None]


def _number(v: Value) -> float | None:
    if v.kind is Kind.NUMBER and v.number is not None:
        return float(v.number)
    if v.kind in (Kind.BLANK, Kind.DASH) or (v.kind is Kind.TEXT and v.raw.strip() in _ZERO_WORDS):
        return 0.0
    return None


def _text_number(text: str) -> float | None:
    """A reading as the checks count it (blank, dash and 无 as 0), None when it is no number."""
    rv = read_value(text)
    return _number(Value(text, rv.kind, rv.number))


def _holds(ident: Identity, nums: Numbers) -> bool | None:
    values = [nums.get(c) for c in ident.cells]
    if any(v is None for v in values):
        return None
    n = len(ident.lhs)
    return abs(sum(values[:n]) - sum(values[n:])) < 1e-9  # type: ignore[arg-type]


def _verdict(idents: Sequence[Identity], nums: Numbers) -> bool | None:
    """True: every identity holds; False: one breaks; None: none breaks but one cannot be evaluated."""
    results = [_holds(i, nums) for i in idents]
    if any(r is False for r in results):
        return False
    return True if results and all(results) else None


MAX_COMBINATIONS = 4096  # readings tried together for the doubted cells the same identities tie


def _solve(
    doubted: dict[str, Doubt],
    values: dict[str, Value],
    nums: Numbers,
    by_cell: dict[str, list[Identity]],
    nothing: Mapping[str, int],
) -> dict[str, str]:
    """Doubted cells tied by identities (two doubted cells of one row and its total) read together: per
    group, the readings tried in every combination; when exactly one set of numbers makes every identity
    through the group hold (a blank and a 0 count alike), each cell's likeliest reading with its number.
    A group whose readings as they stand hold is left alone, and so is a cell every identity through
    which holds as read (so a scan where most cells are a little unsure does not tie them all into one
    group too large to try).  A group still too large is tried a misread cell or two at a time
    (``_few_misread``)."""
    options: dict[str, list[str]] = {}
    for cid, d in doubted.items():
        if not by_cell.get(cid):
            continue
        if values[cid].kind is Kind.NUMBER and _verdict(by_cell[cid], nums) is True:
            continue  # the sums hold through it as read (confirmed below): not a reading to choose
        raw = values[cid].raw
        # a blank reading of a doubted cell (ink no character was read in) is the least likely of its readings
        texts = [*d.alternatives, raw] if not raw.strip() else [raw, *d.alternatives]
        likeliest: dict[float, str] = {}  # per number its likeliest reading (a blank and a 0 count alike)
        for t in texts:
            if (n := _text_number(t)) is not None:
                likeliest.setdefault(n, t)
        if 0.0 in likeliest:
            likeliest[0.0] = _zero(texts, cid, nothing, values[cid].raw)
        options[cid] = list(likeliest.values())
    group: dict[str, str] = {c: c for c in options}

    def root(c: str) -> str:
        while group[c] != c:
            group[c] = group[group[c]]
            c = group[c]
        return c

    for cid in options:
        for ident in by_cell[cid]:
            for other in ident.cells:
                if other in options:
                    group[root(other)] = root(cid)
    groups: dict[str, list[str]] = {}
    for cid in options:
        groups.setdefault(root(cid), []).append(cid)
    out: dict[str, str] = {}
    for cells in groups.values():
        if any(not options[c] for c in cells):
            continue
        idents = list({id(i): i for c in cells for i in by_cell[c]}.values())
        if math.prod(len(options[c]) for c in cells) > MAX_COMBINATIONS:
            out.update(_few_misread(cells, options, nums, by_cell))
            continue
        fits: set[tuple[float | None, ...]] = set()  # the numbers of the combinations that fit
        for combo in itertools.product(*(options[c] for c in cells)):
            trial = dict(nums)
            numbers = tuple(_text_number(t) for t in combo)
            trial.update(zip(cells, numbers, strict=True))
            if all(_holds(i, trial) for i in idents):
                fits.add(numbers)
                if len(fits) > 1:
                    break
        if len(fits) == 1:
            # one set of numbers fits (a blank and a 0 count alike): per cell the likeliest reading of it
            (numbers,) = fits
            picked = [next(t for t in options[c] if _text_number(t) == n) for c, n in zip(cells, numbers, strict=True)]
            if any(t != values[c].raw for c, t in zip(cells, picked, strict=True)):
                out.update(zip(cells, picked, strict=True))
    return out


Change = tuple[str, float | None, str]  # a cell, a number other than its number as read, the reading of it
MAX_FORCED = 64  # combinations of readings tried for the cells of a large group read as no number
MAX_TRIES = 200_000  # sets of changed cells looked at in a large group before it is left in doubt


def _few_misread(
    cells: list[str], options: dict[str, list[str]], nums: Numbers, by_cell: dict[str, list[Identity]]
) -> dict[str, str]:
    """A group too large to try every combination of, settled by the fewest changes: the cells read as no
    number (a seal's letter, ink not read) must take one of their readings; besides them no other cell
    changes — else one, else two, else three (each of the three needed to touch every identity that
    does not hold, ``_covering``).
    When exactly one set of numbers of that size makes every identity through the group hold, the
    likeliest readings of it; when more do, or the search grows too long, nothing."""
    idents = list({id(i): i for c in cells for i in by_cell[c]}.values())
    forced = [c for c in cells if nums.get(c) is None]
    choices = [[(n, t) for t in options[c] if (n := _text_number(t)) is not None] for c in forced]
    if any(not c for c in choices) or math.prod(len(c) for c in choices) > MAX_FORCED:
        return {}
    touches = {c: frozenset(id(i) for i in by_cell[c]) for c in cells}
    changes: list[Change] = [
        (c, n, t) for c in cells if c not in forced for t in options[c] if (n := _text_number(t)) != nums.get(c)
    ]
    tries = 0
    for k in (0, 1, 2, 3):
        fits: dict[tuple[tuple[str, float | None], ...], dict[str, str]] = {}
        for base in itertools.product(*choices):
            start = {**nums, **{c: n for c, (n, _) in zip(forced, base, strict=True)}}
            broken = frozenset(id(i) for i in idents if _holds(i, start) is not True)
            pool = [ch for ch in changes if touches[ch[0]] & broken] if k > 1 else changes
            combos = itertools.combinations(pool, k) if k < 3 else _covering(pool, broken, touches, k)
            for combo in combos:
                tries += 1
                if tries > MAX_TRIES:
                    return {}
                moved = [c for c, _, _ in combo]  # the forced cells hold their trial numbers: no help to a broken sum
                changed = [*forced, *moved]
                if len(changed) > len(set(changed)) or not broken <= frozenset().union(*(touches[c] for c in moved)):
                    continue
                trial = {**start, **{c: n for c, n, _ in combo}}
                if all(_holds(i, trial) for i in idents if any(id(i) in touches[c] for c in changed)):
                    picked = {c: t for c, (_, t) in zip(forced, base, strict=True)} | {c: t for c, _, t in combo}
                    fits.setdefault(tuple(sorted((c, trial[c]) for c in picked)), picked)
                    if len(fits) > 1:
                        return {}
        if fits:
            return next(iter(fits.values()))
    return {}


def _covering(
    pool: list[Change], broken: frozenset[int], touches: dict[str, frozenset[int]], k: int
) -> Iterator[tuple[Change, ...]]:
    """Sets of ``k`` changes, each needed to touch every identity in ``broken``: the identity touched
    least often is taken first and each change through it tried, so the sets looked at are few where every
    combination of ``k`` would be too many.  The cells read as no number do not count: their numbers are
    those of the trial, so an identity broken with them needs a change of its own (a letter of a seal in
    one row and a digit misread in its column in another)."""
    by_ident: dict[int, list[Change]] = {}
    for ch in pool:
        for i in touches[ch[0]] & broken:
            by_ident.setdefault(i, []).append(ch)
    seen: set[frozenset[Change]] = set()

    def grow(chosen: tuple[Change, ...], covered: frozenset[int]) -> Iterator[tuple[Change, ...]]:
        left = broken - covered
        if not left or len(chosen) == k:
            key = frozenset(chosen)
            if not left and len(chosen) == k and key not in seen:
                seen.add(key)
                yield chosen
            return
        target = min(left, key=lambda i: len(by_ident.get(i, ())))
        cells = {c for c, _, _ in chosen}
        for ch in by_ident.get(target, ()):
            if ch[0] not in cells:
                yield from grow((*chosen, ch), covered | touches[ch[0]])

    yield from grow((), frozenset())


def _zero(texts: Sequence[str], cid: str, nothing: Mapping[str, int], read: str) -> str:
    """Of the readings of a cell that count as 0, the one its row prints for nothing (``nothing``: per row
    and table, how many more of its certain cells of nothing are blank than 0, ``_nothing``); where its
    row does not tell, a 0 if a 0 is what was ``read``, else as its table prints nothing.  The form its
    row or table prints even where no reading has it (a 0 an arc of a seal hid, read blank with only
    an ``8`` besides); the first such reading where neither tells."""
    zeros = [t for t in texts if _text_number(t) == 0]
    vote = nothing.get(_row_of(cid), 0) or (-1 if read.strip() == "0" else nothing.get(_table_of(cid), 0))
    want = "" if vote > 0 else "0"
    return next((t for t in zeros if t.strip() == want), want if vote else zeros[0])


def _nothing_unsure(cid: str, read: str, doubt: Doubt, nothing: Mapping[str, int]) -> bool:
    """Whether a doubted cell read as a 0 (or as a blank) may be the other one, and its row does not say
    which it prints: the sums hold alike with either, so they confirm neither (a seal's remains read as
    ``0`` over a blank cell).  A row whose cells read for certain print nothing as what was read does.
    A blank read in doubt always may be a 0, whatever else was read for it (an arc of the seal over
    the 0's stroke, read as nothing or an ``8``)."""
    if _text_number(read) != 0:
        return False
    vote = nothing.get(_row_of(cid), 0)
    if not read.strip():
        return not vote > 0
    return any(_text_number(a) == 0 and a.strip() != read.strip() for a in doubt.alternatives) and not vote < 0


def _row_of(cid: str) -> str:
    return cid.rsplit(".", 1)[0]  # t2.r_new.natural → t2.r_new; t3.review_total → t3 (its table)


def _table_of(cid: str) -> str:
    return cid.split(".", 1)[0]


def _nothing(values: dict[str, Value], doubted: dict[str, Doubt]) -> dict[str, int]:
    """Per row and per table: how many more of its cells read for certain as nothing are blank than 0."""
    count: dict[str, int] = {}
    for cid, v in values.items():
        if cid in doubted or (v.kind is not Kind.BLANK and v.number != 0):
            continue
        vote = 1 if v.kind is Kind.BLANK else -1
        for key in {_row_of(cid), _table_of(cid)}:
            count[key] = count.get(key, 0) + vote
    return count


def _shown(reading: str) -> str:
    """A reading as a message quotes it: a blank one as 空白 (not an empty pair of quotes)."""
    return f"“{reading}”" if reading else "空白"


def doubt_notes(
    doubts: Sequence[Doubt], values: dict[str, Value], spec: FormatSpec
) -> tuple[dict[str, Value], list[ReadingNote]]:
    """The values (doubted ones carrying their alternatives) and a reading note per doubted value cell."""
    at: dict[tuple[int | None, int | None, int | None], list[str]] = {}
    for cid, v in values.items():
        src = v.source
        if src is not None and src.table is not None and src.col is not None:
            at.setdefault((src.table, src.row, src.col), []).append(cid)
    by_cell: dict[str, list[Identity]] = {}
    for ident in spec.identities:
        for c in ident.cells:
            by_cell.setdefault(c, []).append(ident)
    nums: Numbers = {cid: _number(v) for cid, v in values.items()}
    out = dict(values)
    notes: list[ReadingNote] = []
    doubted = {cid: d for d in doubts for cid in at.get((d.source.table, d.source.row, d.source.col), [])}
    nothing = _nothing(values, doubted)
    settled = _solve(doubted, values, nums, by_cell, nothing)
    for cid, text in settled.items():
        nums[cid] = _text_number(text)
    for doubt in doubts:
        src = doubt.source
        for cid in at.get((src.table, src.row, src.col), []):
            v = values[cid]
            idents = by_cell.get(cid, [])
            as_read = {**nums, cid: _number(v)}
            unsure = _nothing_unsure(cid, v.raw, doubt, nothing)
            if not unsure and (
                settled.get(cid) == v.raw
                or (cid not in settled and v.kind is Kind.NUMBER and idents and _verdict(idents, as_read) is True)
            ):
                continue  # the arithmetic confirms what was read
            fitting = [settled[cid]] if cid in settled else []
            if unsure and not fitting and idents and _verdict(idents, as_read) is True:
                # a 0 or a blank: the sums hold either way, the cell's row does not say which it prints
                fitting = [_zero([v.raw, *doubt.alternatives], cid, nothing, v.raw)]
            for alt in doubt.alternatives if not fitting else ():
                rv = read_value(alt)
                if (
                    rv.kind is Kind.NUMBER
                    and rv.number is not None
                    and idents
                    and _verdict(idents, {**nums, cid: float(rv.number)}) is True
                ):
                    fitting.append(alt)
            if v.kind is Kind.BLANK and fitting and {_text_number(t) for t in fitting} == {0.0}:
                # nothing read, and the sums want nothing: a blank, or a 0, as the table prints nothing
                fitting = [_zero([v.raw, *fitting], cid, nothing, v.raw)]
            alternatives = tuple(a for a in dict.fromkeys([*fitting, *doubt.alternatives]) if a != v.raw)
            if (
                len({_text_number(t) for t in fitting}) == 1
                and fitting[0] != v.raw
                and (unsure or cid in settled or v.kind is not Kind.NUMBER or _verdict(idents, as_read) is not True)
            ):
                # the one reading the reader admits that makes the sums hold is taken, still in doubt
                rv = read_value(fitting[0])
                out[cid] = replace(
                    v,
                    raw=fitting[0],
                    kind=rv.kind,
                    number=rv.number,
                    note=f"扫描识别为{_shown(doubt.text)}，按{'同行的写法' if unsure else '勾稽关系'}取{_shown(fitting[0])}",
                    alternatives=tuple(a for a in (doubt.text, *doubt.alternatives) if a and a != fitting[0]),
                )
                nums[cid] = _text_number(fitting[0])
                why = (
                    f"读作“0”或空白时勾稽关系都成立，按同行单元格的写法取{_shown(fitting[0])}"
                    if unsure
                    else f"读作{_shown(fitting[0])}时勾稽关系成立，已按此取值"
                )
                message = (
                    f"{src.describe()}扫描识别为{_shown(doubt.text)}（{doubt.reason or '不确定'}），"
                    f"{why}。这是识别的不确定，不是原文的错误，请对照原件核实"
                )
                notes.append(ReadingNote("ocr_uncertain", message, (cid,), src))
                continue
            message = f"{src.describe()}扫描识别为“{doubt.text}”" if doubt.text else f"{src.describe()}有字迹但未能识别"
            if doubt.reason and (doubt.text or doubt.reason != "有字迹但未能识别"):
                message += f"（{doubt.reason}）"
            if alternatives:
                message += "，也可能是" + "、".join(_shown(a) for a in alternatives[:4])
            if unsure and idents:
                message += "；读作“0”或空白时勾稽关系都成立，无法区分"
            elif fitting:
                message += f"；读作{_shown(fitting[0])}时勾稽关系成立"
            elif not idents:
                message += "；该单元格没有勾稽关系可以核对"
            elif v.kind is Kind.NUMBER and _verdict(idents, nums) is False:
                message += "；按识别结果勾稽关系不成立"
            message += "。这是识别的不确定，不是原文的错误，请对照原件核实"
            out[cid] = replace(
                v, note=f"扫描识别：{doubt.reason or '不确定'}", alternatives=alternatives or v.alternatives
            )
            notes.append(ReadingNote("ocr_uncertain", message, (cid,), src))
    return out, notes


def blank_notes(values: dict[str, Value], spec: FormatSpec) -> list[ReadingNote]:
    """In a scan, a cell read as blank is a guess too: ink the reading missed looks the same.  Where an
    identity of the format does not hold as read, each blank cell in it is 读取存疑 (a value may have been
    lost), so the broken sum is never laid on the document on the strength of a blank."""
    nums: Numbers = {cid: _number(v) for cid, v in values.items()}
    doubted: dict[str, Identity] = {}
    for ident in spec.identities:
        if _holds(ident, nums) is False:
            for cid in ident.cells:
                v = values.get(cid)
                if v is not None and v.kind is Kind.BLANK and not v.note:
                    doubted.setdefault(cid, ident)
    return [
        ReadingNote(
            "ocr_blank",
            "扫描件中该单元格识别为空白，而它所在的勾稽关系不成立：可能有数字未被识别出来。这是识别的不确定，请对照原件核实",
            (cid,),
            values[cid].source,
        )
        for cid in doubted
    ]


__all__ = ["blank_notes", "doubt_notes"]
