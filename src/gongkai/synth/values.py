"""Table values that satisfy every identity of the format: the numbers of one consistent report.

The distributions follow what real reports print: most applicant columns are empty, 自然人 carries
most applications, outcome rows are sparse, 复议/诉讼 are mostly 0, 行政处罚 and 行政许可 run to
thousands, fees are 万元 with up to two decimals.  ``blank_zero`` says how a report prints a zero:
``"0"`` (most), a blank cell in some rows, or a blank for every zero (a blank counts as 0 in every
identity).
"""

from __future__ import annotations

import random
from typing import Literal

from gongkai.spec import OTHER_ALL, OTHER_LEAVES, FormatSpec, raw_schema

Number = int | float
Cells = dict[str, Number | None]  # None: printed blank
BlankStyle = Literal["zero", "some_blank", "blank_t1", "all_blank"]

APPLICANTS = ("natural", "commercial", "research", "social", "legal", "other")


def _outcome_leaves(spec: FormatSpec) -> list[str]:
    leaves = list(raw_schema()["tables"]["t2"]["outcome_leaves"])
    if spec.merged_other:
        leaves = [leaf for leaf in leaves if leaf not in OTHER_LEAVES] + [OTHER_ALL]
    return leaves


def t2_values(rng: random.Random, spec: FormatSpec, scale: int) -> dict[str, int]:
    """t2: per applicant column outcome leaves, carried, next year; r_new and totals follow."""
    leaves = _outcome_leaves(spec)
    out: dict[str, int] = {}
    weights = {"natural": 1.0, "commercial": 0.45, "research": 0.05, "social": 0.08, "legal": 0.2, "other": 0.15}
    common = ("o_open", "o_partial", "o_none_hold", "o_deny_third", "o_reject_repeat", "o_other", OTHER_ALL)
    for col in APPLICANTS:
        active = rng.random() < weights[col]
        for leaf in leaves:
            p = 0.6 if leaf in common else 0.12
            out[f"t2.{leaf}.{col}"] = rng.randint(1, scale) if active and rng.random() < p else 0
        total = sum(out[f"t2.{leaf}.{col}"] for leaf in leaves)
        carried = rng.randint(0, min(5, total)) if total and rng.random() < 0.4 else 0
        nxt = rng.randint(0, 5) if active and rng.random() < 0.35 else 0
        out[f"t2.o_total.{col}"] = total
        out[f"t2.r_carried.{col}"] = carried
        out[f"t2.r_next.{col}"] = nxt
        out[f"t2.r_new.{col}"] = total + nxt - carried
    for row in spec.tables["t2"].data_rows:
        out[f"t2.{row.id}.total"] = sum(out[f"t2.{row.id}.{c}"] for c in APPLICANTS)
    return out


def t3_values(rng: random.Random) -> dict[str, int]:
    out: dict[str, int] = {}
    busy = rng.random()
    for group in ("review", "suit_direct", "suit_after"):
        if busy < 0.45 or (group == "suit_after" and busy < 0.8):
            parts = [0, 0, 0, 0]
        else:
            parts = [rng.choice((0, 0, 1, 2, 3, rng.randint(4, 40))) for _ in range(4)]
        for name, v in zip(("maintain", "correct", "other", "pending"), parts, strict=True):
            out[f"t3.{group}_{name}"] = v
        out[f"t3.{group}_total"] = sum(parts)
    return out


def t1_values(rng: random.Random, spec: FormatSpec) -> dict[str, Number]:
    out: dict[str, Number] = {}
    for cid in spec.tables["t1"].cells:
        if cid.endswith("amount_wan_yuan") or cid.endswith(".amount"):
            choice = rng.random()
            out[cid] = 0 if choice < 0.5 else round(rng.uniform(0.01, 900), rng.choice((0, 1, 2)))
        elif cid.endswith(".change"):
            out[cid] = rng.choice((0, 0, rng.randint(-5, 5)))
        elif ".licensing." in cid or ".punishment." in cid:
            out[cid] = rng.choice((0, rng.randint(1, 60), rng.randint(60, 30000)))
        elif ".rules." in cid:
            out[cid] = rng.choice((0, 0, 0, rng.randint(1, 5)))
        else:
            out[cid] = rng.choice((0, rng.randint(1, 30), rng.randint(30, 400)))
    if "t1.normative.valid" in out and "t1.normative.issued" in out:
        out["t1.normative.valid"] = max(int(out["t1.normative.valid"]), int(out["t1.normative.issued"]))
    return out


def consistent_cells(rng: random.Random, spec: FormatSpec, blank: BlankStyle = "zero", scale: int = 30) -> Cells:
    """Every cell of ``spec`` (t1, t2, t3) with values that satisfy all of its identities."""
    cells: Cells = {}
    cells.update(t1_values(rng, spec))
    cells.update(t2_values(rng, spec, scale))
    cells.update(t3_values(rng))
    if blank == "some_blank":
        # a zero printed as a blank in whole rows (several reports leave empty outcome rows blank)
        for row in spec.tables["t2"].data_rows:
            ids = [f"t2.{row.id}.{c.id}" for c in spec.tables["t2"].columns]
            if all(cells[c] == 0 for c in ids) and rng.random() < 0.5:
                for c in ids:
                    cells[c] = None
            elif rng.random() < 0.15:
                for c in ids:
                    if cells[c] == 0:
                        cells[c] = None
    if blank == "all_blank":  # every zero printed as a blank cell, in all three tables
        return {cid: None if cells[cid] == 0 else cells[cid] for cid in spec.cell_ids}
    if blank in ("some_blank", "blank_t1"):
        for cid in spec.tables["t1"].cells:
            if cells[cid] == 0 and rng.random() < 0.6:
                cells[cid] = None
    return {cid: cells[cid] for cid in spec.cell_ids}


def fmt_number(value: Number | None) -> str:
    """A value as a report prints it (blank for None, no trailing zeros on decimals)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)
