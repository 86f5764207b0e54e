"""Solve a table as one system: each row's admissible readings, every identity of the table at once.

A row read from text without cell boundaries may have several admissible readings (fused digits, dropped
blanks) even after its own identity (总计 = 自然人 + …) has filtered them.  The column identities (the
outcome rows add up to （七）总计 in every column; 新收 + 结转 = （七）总计 + 结转下年度 in every column)
tie the rows together, and often leave exactly one combination.  ``solve`` finds which readings of each row
take part in *some* combination that satisfies every identity:

1. **propagation** — for every identity and every row in it, a reading survives only if the other rows'
   readings can still make the identity hold (interval bounds over their surviving readings); repeated until
   nothing changes.  Sound: a removed reading is in no solution.
2. **search** — depth-first over the rows that still have several readings (fewest first), checking each
   identity as soon as its rows are all chosen, counting solutions up to ``MAX_SOLUTIONS`` within a node
   budget ``MAX_NODES``.

The outcome is ``none`` (no combination satisfies every identity: the document itself is inconsistent, or a
row was misread), ``solved`` (the readings of each row that occur in a solution: exact when the search
finished, the propagated ones — a superset — when it ran out of budget after finding a solution), or
``unknown`` (out of budget before any solution).  A row with no readings to offer (missing, text, too
many readings) is *free*: the identities that involve it are left out, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from gongkai.spec import Identity

MAX_SOLUTIONS = 64
MAX_NODES = 20_000
MAX_DOMAIN = 400  # a row with more readings than this is left free
_EPS = 1e-9

Vector = tuple[float, ...]


class Status(Enum):
    SOLVED = "solved"
    NONE = "none"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Joint:
    status: Status
    support: dict[str, tuple[int, ...]]  # row -> indices of its readings that occur in a solution
    exact: bool = False  # the search went through every combination


@dataclass(slots=True)
class _Term:
    """One identity (lhs − rhs = 0): what the rows with one reading add (``const``), and for each row with
    several readings what each of them adds."""

    const: float
    contrib: dict[str, list[float]]

    @property
    def rows(self) -> list[str]:
        return list(self.contrib)


Plan = tuple[tuple[tuple[str, tuple[tuple[int, float], ...]], ...], ...]  # identity -> row -> (cell, sign)


@lru_cache(maxsize=64)
def _plan(cells: tuple[tuple[str, tuple[str, ...]], ...], identities: tuple[Identity, ...]) -> Plan:
    """Each identity as (row, ((cell position, sign), …)) pairs; identities with a cell of no row left out."""
    at = {cid: (row, i) for row, ids in cells for i, cid in enumerate(ids)}
    plan = []
    for ident in identities:
        coeff: dict[str, list[tuple[int, float]]] = {}
        for sign, side in ((1.0, ident.lhs), (-1.0, ident.rhs)):
            for cid in side:
                if cid not in at:
                    break
                coeff.setdefault(at[cid][0], []).append((at[cid][1], sign))
            else:
                continue
            break
        else:
            plan.append(tuple((row, tuple(ks)) for row, ks in coeff.items()))
    return tuple(plan)


def _terms(domains: Mapping[str, Sequence[Vector] | None], plan: Plan) -> list[_Term] | None:
    """The identities whose rows all have readings, fixed rows folded in; None when one of those with only
    fixed rows fails (no reading can mend it)."""
    terms: list[_Term] = []
    for ident in plan:
        const = 0.0
        contrib: dict[str, list[float]] = {}
        for row, ks in ident:
            dom = domains.get(row)
            if dom is None:
                break
            if len(dom) == 1:
                v = dom[0]
                const += sum(s * v[i] for i, s in ks)
            else:
                contrib[row] = [sum(s * v[i] for i, s in ks) for v in dom]
        else:
            if contrib:
                terms.append(_Term(const, contrib))
            elif abs(const) > _EPS:
                return None
    return terms


def _propagate(terms: list[_Term], alive: dict[str, list[int]]) -> bool:
    """Drop readings no combination of the others can complete; False when a row has none left."""
    by_row: dict[str, list[int]] = {}
    for k, t in enumerate(terms):
        for row in t.contrib:
            by_row.setdefault(row, []).append(k)
    queue = list(range(len(terms)))
    queued = set(queue)
    rounds = 0
    while queue:
        rounds += 1
        if rounds > 50 * (len(terms) + 1):
            break  # bounded; what is removed so far is still sound
        k = queue.pop()
        queued.discard(k)
        t = terms[k]
        lo = {r: min(c[i] for i in alive[r]) for r, c in t.contrib.items()}
        hi = {r: max(c[i] for i in alive[r]) for r, c in t.contrib.items()}
        total_lo, total_hi = t.const + sum(lo.values()), t.const + sum(hi.values())
        for r, c in t.contrib.items():
            others_lo, others_hi = total_lo - lo[r], total_hi - hi[r]
            keep = [i for i in alive[r] if others_lo - _EPS <= -c[i] <= others_hi + _EPS]
            if len(keep) == len(alive[r]):
                continue
            if not keep:
                return False
            alive[r] = keep
            for j in by_row[r]:
                if j not in queued:
                    queue.append(j)
                    queued.add(j)
            break  # bounds of this identity changed: it is queued again
    return True


def solve(
    domains: Mapping[str, Sequence[Vector] | None],
    cells: Mapping[str, Sequence[str]],
    identities: Sequence[Identity],
) -> Joint:
    """Which readings of each row (``domains[row]``: the numbers of each reading, cell by cell as in
    ``cells[row]``; None = free) can stand together under every identity."""
    if any(d is not None and len(d) == 0 for d in domains.values()):
        return Joint(Status.NONE, {})
    usable = {r: (d if d is not None and len(d) <= MAX_DOMAIN else None) for r, d in domains.items()}
    plan = _plan(tuple((r, tuple(c)) for r, c in cells.items()), tuple(identities))
    terms = _terms(usable, plan)
    if terms is None:
        return Joint(Status.NONE, {})
    alive: dict[str, list[int]] = {r: list(range(len(d))) for r, d in usable.items() if d is not None}
    if not _propagate(terms, alive):
        return Joint(Status.NONE, {})
    open_rows = sorted(
        (r for r in alive if len(alive[r]) > 1 and any(r in t.contrib for t in terms)), key=lambda r: len(alive[r])
    )
    if not open_rows:  # one reading per row is left: it must satisfy every identity outright
        if any(abs(t.const + sum(c[alive[r][0]] for r, c in t.contrib.items())) > _EPS for t in terms):
            return Joint(Status.NONE, {})
        return Joint(Status.SOLVED, {r: tuple(v) for r, v in alive.items()}, exact=True)
    # incremental forward checking: per identity, the sum of what is chosen (and fixed) plus the range
    # the rows not yet chosen can still add
    order = {r: k for k, r in enumerate(open_rows)}
    acc = [t.const + sum(c[alive[r][0]] for r, c in t.contrib.items() if r not in order) for t in terms]
    span_lo = [0.0] * len(terms)
    span_hi = [0.0] * len(terms)
    terms_of: list[list[tuple[int, list[float], float, float]]] = [[] for _ in open_rows]
    for k, t in enumerate(terms):
        for r in t.rows:
            if r in order:
                c = t.contrib[r]
                lo, hi = min(c[i] for i in alive[r]), max(c[i] for i in alive[r])
                span_lo[k] += lo
                span_hi[k] += hi
                terms_of[order[r]].append((k, c, lo, hi))
    used: list[set[int]] = [set() for _ in open_rows]
    chosen: list[int] = [0] * len(open_rows)
    choices: list[list[int]] = [list(alive[r]) for r in open_rows]
    found = 0
    cap = MAX_SOLUTIONS
    nodes = 0
    out_of_budget = False

    def walk(depth: int) -> None:
        nonlocal found, nodes, out_of_budget
        if depth == len(open_rows):
            found += 1
            for d, i in enumerate(chosen):
                used[d].add(i)
            return
        mine = terms_of[depth]
        for k, _, lo, hi in mine:
            span_lo[k] -= lo
            span_hi[k] -= hi
        for i in choices[depth]:
            nodes += 1
            if nodes > MAX_NODES:
                out_of_budget = True
            if out_of_budget or found >= cap:
                break
            ok = True
            for k, c, _, _ in mine:
                acc[k] += c[i]
                if not acc[k] + span_lo[k] - _EPS <= 0 <= acc[k] + span_hi[k] + _EPS:
                    ok = False
            if ok:
                chosen[depth] = i
                walk(depth + 1)
            for k, c, _, _ in mine:
                acc[k] -= c[i]
        for k, _, lo, hi in mine:
            span_lo[k] += lo
            span_hi[k] += hi

    walk(0)
    if out_of_budget and not found:
        return Joint(Status.UNKNOWN, {})
    if not found:
        return Joint(Status.NONE, {})
    # every solution seen when the first sweep finished; else ask, reading by reading, whether one exists
    settled = [found < cap and not out_of_budget] * len(open_rows)
    if not settled[0]:
        cap = 1
        for d in range(len(open_rows)):
            for i in alive[open_rows[d]]:
                if i in used[d] or out_of_budget:
                    continue
                saved, choices[d] = choices[d], [i]
                found = 0
                walk(0)
                choices[d] = saved
            settled[d] = not out_of_budget
    support = {r: tuple(v) for r, v in alive.items()}
    for d, r in enumerate(open_rows):
        if settled[d]:
            support[r] = tuple(sorted(used[d]))
    return Joint(Status.SOLVED, support, exact=all(settled))
