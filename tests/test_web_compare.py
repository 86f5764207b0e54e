"""对比: rates with their Wilson interval, ranked so a rate over 2 cases never outranks one over 200; the
page, its chart data, the XLSX and the API."""

from __future__ import annotations

import dataclasses
import io
import json
import math
from pathlib import Path
from typing import Any

import lxml.html
import pytest

import gongkai
from gongkai import synth
from gongkai.store import Library
from gongkai.store.compare import (
    RATE_INDEX,
    SMALL_SAMPLE,
    CompareRow,
    RateValue,
    Shown,
    group_cells,
    rank_rows,
    rate_value,
    wilson,
)
from gongkai.store.filters import ReportFilter
from tests.web_support import Site, examples, make_site


def test_wilson_interval_matches_the_formula() -> None:
    low, high = wilson(2, 2)
    assert math.isclose(low, 0.3424, abs_tol=1e-4) and high == 1.0
    low, high = wilson(180, 200)
    assert math.isclose(low, 0.8506, abs_tol=1e-4) and math.isclose(high, 0.9343, abs_tol=1e-4)
    low, high = wilson(0, 10)
    assert low == 0.0 and math.isclose(high, 0.2775, abs_tol=1e-4)
    for k, n in ((0, 1), (1, 1), (3, 7), (50, 100)):
        lo, hi = wilson(k, n)
        assert 0 <= lo <= k / n <= hi <= 1
    with pytest.raises(ValueError):
        wilson(3, 2)


def _row(name: str, k: int, n: int) -> CompareRow:
    row = CompareRow(name, name, 2024, 1, None, None, 0)
    row.rates["review_correct"] = rate_value(
        RATE_INDEX["review_correct"],
        {"t3.review_correct": Shown(str(k), "number", k), "t3.review_total": Shown(str(n), "number", n)},
    )
    return row


def test_a_rate_over_two_cases_does_not_outrank_one_over_two_hundred() -> None:
    rows = [_row("小样本甲", 2, 2), _row("大样本乙", 180, 200), _row("中样本丙", 15, 20)]
    high_first = rank_rows(rows, "review_correct", descending=True)
    assert [r.agency for r in high_first] == ["大样本乙", "中样本丙", "小样本甲"]  # by the lower bound
    assert [r.rank for r in high_first] == [1, 2, 3]
    assert high_first[2].rates["review_correct"].rate == 1.0  # the highest raw rate ranks last
    low_first = rank_rows([_row("零甲", 0, 2), _row("零乙", 1, 200), _row("丙", 3, 30)], "review_correct", False)
    assert [r.agency for r in low_first] == ["零乙", "丙", "零甲"]  # by the upper bound: 0 of 2 proves little
    small = _row("甲", 1, SMALL_SAMPLE - 1).rates["review_correct"]
    assert small.small and not _row("乙", 1, SMALL_SAMPLE).rates["review_correct"].small
    tied = rank_rows([_row("甲", 5, 10), _row("乙", 5, 10), _row("丙", 9, 10)], "review_correct", True)
    assert [r.rank for r in tied] == [1, 2, 2]


def test_rates_say_why_they_cannot_be_computed() -> None:
    rate = RATE_INDEX["review_correct"]

    def value(k: str, kind: str, n: str) -> RateValue:
        number = float(k) if kind == "number" else None
        return rate_value(
            rate,
            {
                "t3.review_correct": Shown(k, kind, number),
                "t3.review_total": Shown(n, "number", float(n) if n else None),
            },
        )

    assert value("0", "number", "0").problem == "分母为 0"
    assert "空白" in (value("", "blank", "5").problem or "")
    assert "大于分母" in (value("7", "number", "5").problem or "")
    assert value("3", "number", "").rate is None
    missing = rate_value(rate, {})
    assert missing.rate is None and "格式" in (missing.problem or "")
    deny = RATE_INDEX["deny_share"]
    parts = {c: Shown("1", "number", 1) for c in group_cells("g_deny")}
    got = rate_value(deny, {**parts, "t2.o_total.total": Shown("16", "number", 16)})
    assert (got.k, got.n) == (len(group_cells("g_deny")), 16)
    # table two's groups come from the format data (the 2019 trial format's merged 其他处理 is its own row)
    assert "t2.o_deny_secret.total" in group_cells("g_deny") and "t2.o_other_all.total" not in group_cells("g_other")


def _agencies_with_reviews(folder: Path) -> list[tuple[str, int, int]]:
    """Generated 2024 reports of three agencies with chosen 行政复议 纠正 / 总计."""
    wanted = [("甲县司法局", 2, 2), ("乙县公安局", 180, 200), ("丙县财政局", 0, 0)]
    folder.mkdir()
    for i, (agency, correct, total) in enumerate(wanted):
        case = dataclasses.replace(synth.make_case(40 + i, version="2021", year=2024), agency=agency)
        cells = dict(case.cells)
        cells.update(
            {
                "t3.review_maintain": total - correct,
                "t3.review_correct": correct,
                "t3.review_other": 0,
                "t3.review_pending": 0,
                "t3.review_total": total,
            }
        )
        data, suffix = synth.render(dataclasses.replace(case, cells=cells), "word_tab")
        (folder / f"{agency}2024年政府信息公开工作年度报告{suffix}").write_bytes(data)
    return wanted


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    folder = tmp_path_factory.mktemp("compare")
    _agencies_with_reviews(folder / "in")
    return make_site(folder, [folder / "in", *examples()])


def test_library_compares_with_the_chosen_cells_and_rates(site: Site) -> None:
    with gongkai.open(site.db) as lib:
        result = lib.compare(year=2024, cells=["t3.review_total"], rates=["review_correct"])
        assert result.sort == "review_correct" and result.matched == 4
        ranked = [(r.agency, r.rank) for r in result.rows]
        assert ranked[0] == ("乙县公安局", 1) and ranked[1] == ("甲县司法局", 2)  # 180/200 over 2/2 by the lower bound
        assert ranked[2:] == [("市中区人民政府办公室", 3), ("丙县财政局", None)]  # 0 of 5; 0 of 0 is no rate
        top = result.rows[0]
        assert top.cells["t3.review_total"].value == 200 and top.rates["review_correct"].n == 200
        one = lib.compare(year=2024, agencies=["甲县司法局", "乙县公安局"], rates=["review_correct"])
        assert [r.agency for r in one.rows] == ["乙县公安局", "甲县司法局"]
        by_cell = lib.compare(year=2024, cells=["t2.r_new.total"], rates=[], sort="t2.r_new.total", descending=False)
        values = [r.cells["t2.r_new.total"].value for r in by_cell.rows if r.rank is not None]
        assert values == sorted(values)
        filtered = lib.compare(year=2024, where=ReportFilter(agency="县"), rates=["review_correct"])
        assert filtered.matched == 3
        with pytest.raises(gongkai.errors.ConfigError, match="没有单元格"):
            lib.compare(year=2024, cells=["t9.x"])
        with pytest.raises(gongkai.errors.ConfigError, match="没有比率"):
            lib.compare(year=2024, rates=["nope"])


def test_a_page_fetches_cells_for_the_rows_it_shows_only(site: Site) -> None:
    cells = ["t2.r_new.total", "t3.review_total", "t2.o_total.total"]
    with gongkai.open(site.db) as lib:
        whole = lib.compare(year=2024, cells=cells, rates=["review_correct", "open_share"])
        shown = lib.compare(year=2024, cells=cells, rates=["review_correct", "open_share"], detail=2)
        by_cell = lib.compare(year=2024, cells=cells, rates=[], sort="t3.review_total", detail=1)
    assert len(whole.rows) > 2
    assert [(r.agency_key, r.rank, r.rates) for r in shown.rows] == [
        (r.agency_key, r.rank, r.rates) for r in whole.rows
    ]
    assert [(r.cells, r.errors) for r in shown.rows[:2]] == [(r.cells, r.errors) for r in whole.rows[:2]]
    assert all(not r.cells for r in shown.rows[2:])
    assert all(set(r.cells) <= {"t3.review_total"} for r in by_cell.rows[1:])  # the sort's cell is in every row
    assert [r.rank for r in by_cell.rows] == [r.rank for r in _ranked_by(site, cells, "t3.review_total")]


def _ranked_by(site: Site, cells: list[str], sort: str) -> list[Any]:
    with gongkai.open(site.db) as lib:
        return lib.compare(year=2024, cells=cells, rates=[], sort=sort).rows


def test_compare_page_table_chart_and_method(site: Site) -> None:
    client = site.client("访客丙")
    got = client.get(
        "/compare",
        params=[("year", "2024"), ("chosen", "1"), ("rate", "review_correct"), ("cell", "t3.review_total")],
    )
    assert got.status_code == 200
    doc = lxml.html.fromstring(got.text)
    rows = doc.xpath("//table[@id='compare-table']/tbody/tr")
    names = [r.xpath("td[2]/a[1]")[0].text_content() for r in rows]
    assert names[:2] == ["乙县公安局", "甲县司法局"]
    small = rows[1].xpath("td[@data-rate='review_correct']")[0].text_content()
    assert "100.0%" in small and "（2/2）" in small and "小样本" in small and "34.2%" in small
    big = rows[0].xpath("td[@data-rate='review_correct']")[0].text_content()
    assert "90.0%" in big and "（180/200）" in big and "小样本" not in big
    assert "无法计算：分母为 0" in got.text
    assert "Wilson 95% 置信区间" in doc.xpath("//p[@id='method']")[0].text_content()
    chart = json.loads(doc.xpath("//div[@id='compare-chart']")[0].get("data-chart"))
    assert chart["kind"] == "ranges" and chart["categories"][:2] == ["1. 乙县公安局", "2. 甲县司法局"]
    assert chart["n"] == [200, 2, 5] and chart["small"] == [False, True, True] and chart["point"] == [90.0, 100.0, 0.0]
    assert chart["low"][0] < 90.0 < chart["high"][0] and chart["low"][1] < chart["low"][0]
    # defaults: 2024 (the latest year), 纠错率 and 予以公开占比
    default = client.get("/compare")
    assert default.status_code == 200 and "行政复议纠错率" in default.text and "2024 年度" in default.text
    assert client.get("/compare", params={"year": "2024", "sort": "nonsense"}).status_code == 200
    listed = client.get("/compare", params={"year": "2024", "agencies": "甲县司法局\n乙县公安局"})
    assert len(lxml.html.fromstring(listed.text).xpath("//table[@id='compare-table']/tbody/tr")) == 2


def test_compare_xlsx_and_api(site: Site) -> None:
    from openpyxl import load_workbook

    client = site.client("访客丙")
    params = [("year", "2024"), ("chosen", "1"), ("rate", "review_correct")]
    book = client.get("/compare.xlsx", params=params)
    assert book.status_code == 200 and "spreadsheetml" in book.headers["content-type"]
    rows = list(load_workbook(io.BytesIO(book.content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("排名", "机关") and "行政复议纠错率 95%下限（%）" in rows[0]
    assert rows[1][:2] == (1, "乙县公安局") and rows[2][:2] == (2, "甲县司法局")
    api = client.get("/api/compare", params=[("year", "2024"), ("rate", "review_correct")]).json()
    assert api["rows"][0]["agency"] == "乙县公安局" and api["rows"][0]["rates"]["review_correct"]["n"] == 200
    assert api["rows"][1]["rates"]["review_correct"]["small"] is True
    bad = client.get("/api/compare", params=[("rate", "nope")])
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_request"


def test_compare_on_an_empty_library(library: Library) -> None:
    assert library.compare(year=None).rows == []
