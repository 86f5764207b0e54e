"""Fused digits and dropped blanks solved as one table: rows and columns together, never a guess.

The tables are built by hand in the crawler layout (``tests.builders`` "flat": the whole body on one line,
the digits of neighbouring cells run together, a blank cell leaves nothing), so each test says exactly
which rows are ambiguous on their own and what the column identities leave.
"""

from __future__ import annotations

import time

import pytest

import gongkai
from gongkai import spec
from gongkai.extract.joint import Status, solve
from gongkai.extract.split import readings, split_run
from gongkai.model import Report
from gongkai.normalize import Kind
from tests.builders import Values, build

T2 = spec.load("2021").tables["t2"]
COLS = [c.id for c in T2.columns]


def zero_report() -> Values:
    """Every cell of the 2021 format printed as 0."""
    return dict.fromkeys(spec.load("2021").cell_ids, 0)


def put(values: Values, row: str, **cols: int | None) -> None:
    """Set one t2 row: the given applicant columns, every other applicant column blank, and its total."""
    for col in COLS[:-1]:
        values[f"t2.{row}.{col}"] = cols.get(col)
    values[f"t2.{row}.total"] = sum(v or 0 for v in cols.values())


def read_flat(values: Values) -> Report:
    return gongkai.read(build("flat", values).encode(), "joint.txt")


def row(report: Report, row_id: str) -> list[int | float | None]:
    return [report.value(f"t2.{row_id}.{c}").number for c in COLS]


def notes(report: Report, code: str) -> list[str]:
    return [c for n in report.notes if n.code == code for c in n.cells]


# -- one row on its own ---------------------------------------------------------------------------------


def test_a_row_without_blanks_splits_as_before() -> None:
    total = (((6,), (0, 1, 2, 3, 4, 5)),)
    found, truncated, _ = readings(("21710000218",), 7, total, blanks=True)
    assert [s.show() for s in found] == ["217/1/0/0/0/0/218"] and not truncated


def test_a_dropped_blank_is_a_reading_of_its_own() -> None:
    found, _, _ = readings(("9", "66"), 3, (), blanks=True)
    assert {s.show() for s in found} == {"9/6/6", "9/空/66", "9/66/空", "空/9/66"}
    found, _, _ = readings(("9", "66"), 3, (), blanks=False)
    assert [s.show() for s in found] == ["9/6/6"]


def test_split_run_keeps_its_interface() -> None:
    result = split_run(["3960181"], 3, None, lambda ns: ns[1] == 0)
    assert result.chosen is not None and result.chosen.parts == ("396", "0", "181") and result.inferred


# -- the table as one system ----------------------------------------------------------------------------


def test_unique_joint_solution_is_taken_and_marked() -> None:
    values = zero_report()
    put(values, "o_open", natural=5)
    values.update({"t2.r_new.natural": 5, "t2.r_new.total": 5, "t2.o_total.natural": 5, "t2.o_total.total": 5})
    # 予以公开 prints "55": on its own the 5 could be any applicant's; only 自然人 makes the columns add up
    alone, _, _ = readings(("55",), 7, (((6,), (0, 1, 2, 3, 4, 5)),), blanks=True)
    assert len(alone) == 6
    report = read_flat(values)
    assert row(report, "o_open") == [5, None, None, None, None, None, 5]
    assert report.value("t2.o_open.commercial").kind is Kind.BLANK
    assert "联合确定" in (report.value("t2.o_open.natural").note or "")
    assert set(notes(report, "split_joint")) == {f"t2.o_open.{c}" for c in COLS}
    assert not notes(report, "split_ambiguous")
    t2 = [c for c in values if c.startswith("t2.")]
    assert {c: report.cells[c] for c in t2} == {c: values[c] for c in t2}


def test_two_joint_solutions_stay_ambiguous() -> None:
    values = zero_report()
    put(values, "o_open", natural=5)
    put(values, "o_partial", commercial=5)
    for r in ("r_new", "o_total"):
        values.update({f"t2.{r}.natural": 5, f"t2.{r}.commercial": 5, f"t2.{r}.total": 10})
    # "55" and "55": 自然人 5 + 商业企业 5 either way round
    report = read_flat(values)
    for r in ("o_open", "o_partial"):
        natural = report.value(f"t2.{r}.natural")
        assert natural.kind is Kind.AMBIGUOUS and natural.number is None
        assert "5/空/空/空/空/空/5" in natural.alternatives and "空/5/空/空/空/空/5" in natural.alternatives
        assert report.value(f"t2.{r}.total").number == 5  # the same in every reading
        assert f"t2.{r}.natural" in notes(report, "split_ambiguous")
    assert not notes(report, "split_joint")


def test_an_inconsistent_document_keeps_the_row_by_row_reading() -> None:
    values = zero_report()
    put(values, "o_open", natural=5)
    # the document's own error: （七）总计 says 6 where the outcome rows add up to 5
    values.update({"t2.r_new.natural": 6, "t2.r_new.total": 6, "t2.o_total.natural": 6, "t2.o_total.total": 6})
    report = read_flat(values)
    assert report.value("t2.o_open.natural").kind is Kind.AMBIGUOUS  # no combination: nothing picked
    assert not notes(report, "split_joint")
    assert row(report, "o_total") == [6, 0, 0, 0, 0, 0, 6]  # unique by its own row: read as printed
    assert row(report, "r_new") == [6, 0, 0, 0, 0, 0, 6]


def test_table_one_without_identities_stays_ambiguous_unless_one_split() -> None:
    values = zero_report()
    values.update({"t1.rules.issued": 5, "t1.normative.issued": 30, "t1.normative.valid": 270})
    report = read_flat(values)
    # "规章500": the only reading with every cell printed; a blank might have been dropped: inferred, flagged
    assert [report.value(f"t1.rules.{c}").number for c in ("issued", "abolished", "valid")] == [5, 0, 0]
    assert "t1.rules.issued" in notes(report, "split_inferred")
    # "行政规范性文件300270": 30/0/270, 300/2/70, 300/27/0 … no value
    assert report.value("t1.normative.issued").kind is Kind.AMBIGUOUS


def test_solver_on_its_own() -> None:
    # two rows of one column each: a + b = 7 with a in {3, 4}, b in {3, 5}
    cells = {"a": ["x.a"], "b": ["x.b"], "t": ["x.t"]}
    ident = spec.Identity("i", "i", "x", ("x.t",), ("x.a", "x.b"), "error", "official")
    result = solve({"a": [(3.0,), (4.0,)], "b": [(3.0,), (5.0,)], "t": [(7.0,)]}, cells, [ident])
    assert result.status is Status.SOLVED and result.support == {"a": (1,), "b": (0,), "t": (0,)}
    result = solve({"a": [(3.0,), (4.0,)], "b": [(3.0,), (5.0,)], "t": [(10.0,)]}, cells, [ident])
    assert result.status is Status.NONE
    result = solve({"a": [(3.0,), (4.0,)], "b": [(3.0,), (5.0,)], "t": None}, cells, [ident])
    assert result.support["a"] == (0, 1)  # a free row: its identity is left out, nothing is decided


# -- hostile input --------------------------------------------------------------------------------------


@pytest.mark.parametrize("digits", ["1" * 400, "1234567890" * 40, "9" * 105], ids=["ones", "cycle", "nines"])
def test_a_hostile_digit_run_is_bounded(digits: str) -> None:
    values = zero_report()
    text = build("flat", values)
    for r in T2.data_rows:  # every row of the table one long run of digits
        text = text.replace(r.label + "0000000", r.label + digits, 1)
    text = text.replace("0" * 15, digits, 1)  # and table four
    started = time.perf_counter()
    report = gongkai.read(text.encode(), "hostile.txt")
    assert time.perf_counter() - started < 10
    assert all(report.value(f"t2.{r.id}.natural").number is None for r in T2.data_rows)
    assert report.value("t3.review_total").number is None


def test_remembered_readings_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongkai.extract import split

    monkeypatch.setattr(split, "_MEMO_SIZE", 40)
    for k in range(100):
        readings((str(10**6 + k),), 3, (), blanks=True)
    assert len(split._MEMO) <= 40
    big, _, _ = readings(("1" * 30,), 7, (), blanks=True)  # thousands of readings: never remembered
    assert len(big) > 64 and not any(len(v[0]) > 64 for v in split._MEMO.values())
