"""Year over year: 上年结转 per column, the normative stock, section 五 similarity."""

from __future__ import annotations

import dataclasses

from gongkai import check
from tests.check_helpers import corpus, of, seed, with_cells


def test_pingtan_2019_to_2020_carry_over_holds_in_every_column() -> None:
    result = check(corpus("pingtan-2020.txt"), previous=corpus("pingtan-2019.txt"))
    assert "x_carry" in result.rules_run
    assert not of(result, "x_carry") and not of(result, "x_pair")
    assert result.previous and result.previous.endswith("pingtan-2019.txt")


def test_a_carry_over_mismatch_names_the_column_and_both_cells() -> None:
    last = with_cells(corpus("pingtan-2019.txt"), {"t2.r_next.commercial": 2, "t2.r_next.total": 2})
    found = of(check(corpus("pingtan-2020.txt"), previous=last), "x_carry", "warning")
    assert [f.detail["column"] for f in found] == ["commercial", "total"]
    assert found[0].cells == ("t2.r_carried.commercial", "t2.r_next.commercial")
    assert (found[0].expected, found[0].actual) == (2, 0)
    assert found[0].evidence[1].source is not None and "2019" in (found[0].evidence[1].source.file or "")


def test_pair_rules_do_not_run_without_previous() -> None:
    assert "x_carry" not in check(seed("002")).rules_run


def test_normative_stock_and_similarity_with_a_previous_year() -> None:
    now = seed("002")  # 行政规范性文件 制发 4 / 废止 3 / 现行有效 13
    last = dataclasses.replace(with_cells(now, {"t1.normative.valid": 12}), year=2023)
    result = check(now, previous=last)
    assert not of(result, "x_normative_stock")
    last = dataclasses.replace(with_cells(now, {"t1.normative.valid": 10}), year=2023)
    found = of(check(now, previous=last), "x_normative_stock", "info")
    assert [(f.expected, f.actual) for f in found] == [(11, 13)]
    copy = of(result, "x_s5_similarity", "warning")  # section 五 identical to "last year's"
    assert copy and copy[0].detail["similarity"] == 1.0 and "100%" in copy[0].message


def test_different_section_five_is_not_similar() -> None:
    result = check(seed("002"), previous=dataclasses.replace(seed("000"), year=2023))
    assert not of(result, "x_s5_similarity", "warning")
    assert of(result, "x_pair", "warning")  # different agencies
