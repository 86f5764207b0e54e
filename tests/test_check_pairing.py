"""Pairing a batch: each report with the same agency's report of the year before."""

from __future__ import annotations

import dataclasses

from gongkai import check
from gongkai.check import agency_key, pair_previous
from gongkai.model import Report
from tests.check_helpers import corpus, of, seed


def _as(report: Report, agency: str | None = None, year: int | None = None) -> Report:
    return dataclasses.replace(report, agency=agency or report.agency, year=year or report.year)


def test_agency_key_ignores_spacing_width_and_punctuation() -> None:
    assert agency_key("平潭综合实验区") == agency_key(" 平潭 综合实验区　")
    assert agency_key("淄博市（张店区）机关事务服务中心") == agency_key("淄博市(张店区)机关事务服务中心")
    assert agency_key("“上海市科委”") == agency_key("上海市科委") == "上海市科委"
    assert agency_key("关于洪泽区人民政府") == agency_key("洪泽区人民政府的") == "洪泽区人民政府"
    assert agency_key("ＡＢＣ局") == "ABC局"
    assert agency_key("洪泽区人民政府") != agency_key("洪泽区人民政府办公室")  # different agencies stay apart
    assert agency_key("") == ""


def test_pingtan_2019_and_2020_pair_in_any_order() -> None:
    r2019, r2020 = corpus("pingtan-2019.txt"), corpus("pingtan-2020.txt")
    assert pair_previous([r2020, r2019]) == {0: 1}
    assert pair_previous([r2019, r2020]) == {1: 0}
    assert pair_previous([r2020]) == {}


def test_a_batch_of_unrelated_seeds_has_no_pairs() -> None:
    batch = [seed(p) for p in ("000", "001", "002", "003", "004")]
    assert pair_previous(batch) == {}


def test_unreadable_and_unidentified_reports_are_skipped() -> None:
    r2019, r2020 = corpus("pingtan-2019.txt"), corpus("pingtan-2020.txt")
    no_year = dataclasses.replace(r2020, year=None)
    no_agency = dataclasses.replace(r2020, agency=None)
    assert pair_previous([None, r2020, no_year, no_agency, r2019]) == {1: 4}


def test_the_agency_is_compared_on_its_key_and_the_first_duplicate_wins() -> None:
    last = _as(seed("002"), "市中区人民政府办公室", 2023)
    again = _as(seed("002"), "市中区 人民政府办公室", 2023)  # the same report published twice
    now = _as(seed("002"), "市中区人民政府办公室（枣庄）", 2024)
    assert pair_previous([now, last]) == {}  # a different name is a different agency
    now = _as(seed("002"), "市 中 区 人 民 政 府 办 公 室", 2024)
    assert pair_previous([now, again, last]) == {0: 1}
    two_years = _as(seed("002"), "市中区人民政府办公室", 2022)
    assert pair_previous([now, two_years]) == {}  # only the year right before
    assert pair_previous([now, last, two_years]) == {0: 1, 1: 2}  # a chain: 2024 → 2023 → 2022


def test_a_paired_batch_runs_the_year_over_year_rules() -> None:
    batch = [corpus("pingtan-2020.txt"), seed("000"), corpus("pingtan-2019.txt")]
    pairs = pair_previous(batch)
    results = [check(r, previous=batch[pairs[i]] if i in pairs else None) for i, r in enumerate(batch)]
    assert "x_carry" in results[0].rules_run and "x_carry" not in results[1].rules_run
    assert not of(results[0], "x_pair") and not of(results[0], "x_carry")


def test_the_html_and_text_forms_of_one_report_share_a_key() -> None:
    html, text = corpus("pingtan-2019.html"), corpus("pingtan-2019.txt")
    assert html.agency is not None and text.agency is not None
    assert agency_key(html.agency) == agency_key(text.agency)
    assert pair_previous([corpus("pingtan-2020.txt"), html, text]) == {0: 1}
