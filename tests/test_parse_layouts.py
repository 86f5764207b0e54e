"""Every text layout of the same report gives the same cells (property-tested over random reports)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gongkai
from gongkai.normalize import Kind
from tests.builders import LAYOUTS, build, consistent_values

EXACT_LAYOUTS = [layout for layout in LAYOUTS if layout != "flat"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_reads_a_report_exactly(layout: str) -> None:
    values = consistent_values(random.Random(7))
    report = gongkai.read(build(layout, values).encode(), f"example.{layout}")
    wrong = {k: (v, report.cells.get(k)) for k, v in values.items() if report.cells.get(k) != v}
    if layout == "flat":  # fused digits: anything not recovered must be flagged, never wrong
        wrong = {k: w for k, w in wrong.items() if report.value(k).kind is not Kind.AMBIGUOUS}
    assert not wrong
    assert report.agency == "测试区示例局" and report.year == 2023 and report.format == "2021"
    assert [s.id for s in report.sections] == ["s1", "s2", "s3", "s4", "s5", "s6"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10**6))
def test_random_reports_read_identically_in_every_exact_layout(seed: int) -> None:
    values = consistent_values(random.Random(seed))
    for layout in EXACT_LAYOUTS:
        report = gongkai.read(build(layout, values).encode(), f"r.{layout}")
        assert {k: report.cells.get(k) for k in values} == values, layout


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10**6))
def test_fused_digits_are_recovered_or_flagged_never_guessed(seed: int) -> None:
    values = consistent_values(random.Random(seed), scale=200)
    report = gongkai.read(build("flat", values).encode(), "r.txt")
    t2_read = [c for c in values if c.startswith("t2.") and report.value(c).kind is Kind.NUMBER]
    assert len(t2_read) >= 0.5 * sum(c.startswith("t2.") for c in values)  # the row identities do their work
    for cell, want in values.items():
        value = report.value(cell)
        if value.kind is Kind.AMBIGUOUS:
            assert (value.number is None and value.alternatives) or "无法" in (value.note or "")
            assert any(n.code == "split_ambiguous" and cell in n.cells for n in report.notes)
        else:
            assert value.number == want, (cell, value)
