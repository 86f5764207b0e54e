"""Deliberate errors: one table cell or one narrative number changed in an otherwise consistent case.

The case records what was changed and which rules must report it (``Case.mutation``): for a table cell,
every identity template the cell takes part in; for a narrative number, the rule that compares that
sentence with the tables.
"""

from __future__ import annotations

import random
from dataclasses import replace

from gongkai.synth.case import Case, Statement


def mutate_cell(case: Case, rng: random.Random) -> Case:
    spec = case.spec
    candidates = sorted({c for ident in spec.identities for c in ident.cells})
    cid = rng.choice(candidates)
    old = case.cells[cid]
    delta = rng.randint(1, 5)
    new = (old or 0) + delta if (old or 0) < delta or rng.random() < 0.5 else (old or 0) - delta
    rules = sorted({ident.template for ident in spec.identities if cid in ident.cells})
    cells = dict(case.cells)
    cells[cid] = new
    return replace(case, cells=cells, mutation={"kind": "cell", "cell": cid, "was": old, "now": new, "rules": rules})


def _readings(case: Case) -> set[float]:
    """Numbers a narrative sentence could legitimately state under some reading: every table total, and
    the sums and differences of two of them (新收＋结转, 已审结 = 总计 − 尚未审结 …)."""
    totals = [float(v or 0) for c, v in case.cells.items() if c.endswith(".total") or c.endswith("_total")]
    totals += [float(v or 0) for c, v in case.cells.items() if c.startswith("t3.") or c.startswith("t1.")]
    out = set(totals)
    for a in totals:
        for b in totals:
            out.update((a + b, a - b))
    return out


def mutate_statement(case: Case, rng: random.Random) -> Case | None:
    """Change one number of a narrative statement that a rule checks (None when the case has none)."""
    checked = [
        (sid, p, k, s)
        for sid, paras in case.sections.items()
        for p, para in enumerate(paras)
        for k, s in enumerate(para)
        if isinstance(s, Statement) and s.rule and s.numbers
    ]
    if not checked:
        return None
    sid, p, k, s = rng.choice(checked)
    at = rng.randrange(len(s.numbers))
    numbers = list(s.numbers)
    taken = _readings(case)
    # a fee in 元 is compared with the same fee in 万元, printed to 0.01 万元 (100 元): a change within
    # that rounding (300 → 302 元 against 0.03 万元) is no error, so such a fee moves by hundreds
    step = 100 if s.family == "fee" and "万元" not in s.text else 1
    new = int(numbers[at]) + step * rng.randint(1, 9)
    while new in taken:  # a number another reading of the sentence would accept is no error
        new += step * rng.randint(1, 9)
    numbers[at] = new
    changed = replace(s, numbers=tuple(numbers))
    paras = list(case.sections[sid])
    para = list(paras[p])
    para[k] = changed
    paras[p] = tuple(para)
    sections = dict(case.sections)
    sections[sid] = tuple(paras)
    mutation = {
        "kind": "statement",
        "family": s.family,
        "text": changed.text,
        "rules": [s.rule],
        "cell": None,
        "cells": list(s.cells),
    }
    return replace(case, sections=sections, mutation=mutation)


def mutate(case: Case, rng: random.Random) -> Case:
    """A table-cell error or (about one time in three, when possible) a narrative-number error."""
    if rng.random() < 0.33:
        changed = mutate_statement(case, rng)
        if changed is not None:
            return changed
    return mutate_cell(case, rng)
