"""The library's paged lists (store/browse.py): every page of every order, read forwards or from the end,
adds up to exactly the whole list; counts agree with the unpaged queries."""

from __future__ import annotations

import pytest

from gongkai.errors import ConfigError
from gongkai.examples import example_paths
from gongkai.store import Library
from gongkai.store.browse import REPORT_SORTS, _window


def test_window_reads_the_second_half_from_the_end() -> None:
    assert _window(100, 50, 0) == (False, 50, 0)
    assert _window(100, 50, 50) == (True, 50, 0)
    assert _window(101, 50, 100) == (True, 1, 0)
    assert _window(10, 3, 3) == (False, 3, 3)
    assert _window(10, 3, 6) == (True, 3, 1)
    assert _window(10, 3, 30) == (False, 3, 30)  # past the end: nothing, as asked


def test_pages_add_up_to_the_whole_list(library: Library) -> None:
    library.ingest(example_paths(), workers=1)
    for sort in REPORT_SORTS:
        for descending in (False, True):
            whole = library.report_page(sort=sort, descending=descending, limit=500).items
            assert len(whole) == 3
            pages = [library.report_page(sort=sort, descending=descending, limit=1, offset=i).items for i in range(3)]
            assert [p[0] for p in pages] == whole, (sort, descending)
    by_errors = library.report_page(sort="errors", descending=True, limit=500).items
    assert [r.errors for r in by_errors] == sorted((r.errors for r in by_errors), reverse=True)
    assert {(r.agency, r.year, r.errors, r.warnings) for r in by_errors} == {
        (r.agency, r.year, r.errors, r.warnings) for r in library.reports()
    }
    everything = library.finding_page(limit=500)
    assert everything.total == len(library.findings()) == len(everything.items)
    for size in (2, 3, 7):
        pages = [
            e.finding.id
            for offset in range(0, everything.total, size)
            for e in library.finding_page(limit=size, offset=offset).items
        ]
        assert pages == [e.finding.id for e in everything.items], size
    ranks = ["error", "warning", "info"]
    assert [ranks.index(e.finding.severity) for e in everything.items] == sorted(
        ranks.index(e.finding.severity) for e in everything.items
    )
    streamed = [e.finding.id for e in library.finding_rows(origin="document")]
    assert streamed == [e.finding.id for e in library.finding_page(origin="document", limit=500).items]


def test_counts_and_filters_agree_with_the_unpaged_findings(library: Library) -> None:
    library.ingest(example_paths(), workers=1)
    page = library.finding_page(origin="reading", limit=5)
    assert page.total == len(library.findings(origin="reading"))
    for (severity, origin), n in page.counts.items():
        got = [f for f in library.findings(origin=origin) if f.severity == severity]
        assert n == len(got), (severity, origin)
    one = library.findings()[0]
    library.review(one.fingerprint, "confirmed", reviewer="张三")
    confirmed = library.finding_page(review="已确认", limit=50)
    assert [e.finding.fingerprint for e in confirmed.items] == [one.fingerprint]
    assert confirmed.items[0].reviewed_at is not None
    assert library.finding_page(review="open", limit=500).total == len(library.findings()) - 1
    assert library.finding_page(agency="平潭", year=2019, limit=500).total == len(
        library.findings(agency="平潭综合实验区", year=2019)
    )
    assert library.years() == [2024, 2020, 2019]
    assert library.report_page(agency="%", limit=5).total == 3  # punctuation only: nothing to search for
    assert [r.agency for r in library.report_page(agency="市%中", limit=5).items] == ["市中区人民政府办公室"]
    with pytest.raises(ConfigError, match="排序"):
        library.report_page(sort="size")
    with pytest.raises(ConfigError, match="每页"):
        library.finding_page(limit=0)
    with pytest.raises(ConfigError, match="引用号"):
        library.finding_page(ref="zz")
    history = library.review_page(limit=10)
    assert history.total == 1 and history.items[0][0].reviewer == "张三" and history.items[0][2] == one.agency
