"""Recover table cells from digits that ran together (``21710000218`` → 217,1,0,0,0,0,218).

A run of value pieces that holds fewer pieces than the row has cells is cut into every admissible split
(no leading zeros, a sign only where one was printed); the row's identities then filter the splits.  One
survivor is the reading; several are reported as an ambiguity — never guessed — unless a declared
preference (e.g. 2019 本年增/减 = 0) singles one out, which is then recorded as an inferred reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from gongkai.normalize import nfkc

_PART = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$")
MAX_CANDIDATES = 5000
MAX_STEPS = 200_000

Numbers = tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Split:
    """One way to cut the run: the printed text of each cell, and (piece index, char offset) of each."""

    parts: tuple[str, ...]
    origins: tuple[tuple[int, int], ...]

    @property
    def numbers(self) -> Numbers:
        return tuple(float(p) for p in self.parts)

    def show(self) -> str:
        return "/".join(self.parts)


@dataclass(frozen=True, slots=True)
class SplitResult:
    chosen: Split | None
    candidates: tuple[Split, ...]  # every admissible split that passed the constraint
    inferred: bool = False  # chosen by a preference, not by the identities alone
    truncated: bool = False  # the search hit its limit


@lru_cache(maxsize=4096)
def _ways(text: str, k: int) -> tuple[tuple[tuple[str, int], ...], ...]:
    """All cuts of ``text`` into ``k`` admissible numbers, with their offsets (at most MAX_STEPS)."""
    if k == 1:
        return (((text, 0),),) if _PART.match(text) else ()
    out: list[tuple[tuple[str, int], ...]] = []
    start = 1 if text.startswith("-") else 0
    for cut in range(start + 1, len(text)):
        head = text[:cut]
        if not _PART.match(head) or text[cut] in ".," or text[cut - 1] in ".,":
            continue
        for rest in _ways(text[cut:], k - 1):
            out.append(((head, 0), *((t, o + cut) for t, o in rest)))
            if len(out) > MAX_STEPS:
                return tuple(out)
    return tuple(out)


def split_run(
    pieces: Sequence[str],
    n: int,
    accept: Callable[[Numbers], bool] | None = None,
    prefer: Callable[[Numbers], bool] | None = None,
) -> SplitResult:
    """Cut the texts of ``pieces`` (each holding one or more fused cells) into ``n`` cells."""
    texts = [nfkc(p).replace(",", "") for p in pieces]
    if len(texts) > n or not texts:
        return SplitResult(None, ())
    max_parts = [max(1, sum(ch.isdigit() for ch in t)) for t in texts]
    if sum(max_parts) < n:
        return SplitResult(None, ())
    found: list[Split] = []
    steps = 0
    truncated = False

    def counts(i: int, left: int) -> Iterator[list[int]]:
        if i == len(texts) - 1:
            if 1 <= left <= max_parts[i]:
                yield [left]
            return
        rest_min = len(texts) - i - 1
        for k in range(1, min(max_parts[i], left - rest_min) + 1):
            for tail in counts(i + 1, left - k):
                yield [k, *tail]

    def expand(i: int, ks: list[int], acc: list[tuple[str, tuple[int, int]]]) -> Iterator[Split]:
        nonlocal steps, truncated
        if i == len(texts):
            yield Split(tuple(p for p, _ in acc), tuple(o for _, o in acc))
            return
        for way in _ways(texts[i], ks[i]):
            steps += 1
            if steps > MAX_STEPS:
                truncated = True
                return
            yield from expand(i + 1, ks, acc + [(t, (i, off)) for t, off in way])

    for ks in counts(0, n):
        for split in expand(0, ks, []):
            if accept is None or accept(split.numbers):
                found.append(split)
                if len(found) >= MAX_CANDIDATES:
                    truncated = True
                    break
        if truncated:
            break
    if len(found) == 1 and not truncated:
        return SplitResult(found[0], tuple(found))
    if prefer is not None and found and not truncated:
        preferred = [s for s in found if prefer(s.numbers)]
        if len(preferred) == 1:
            return SplitResult(preferred[0], tuple(found), inferred=True)
    return SplitResult(None, tuple(found), truncated=truncated)
