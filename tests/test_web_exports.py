"""导出 for the current filter: the library's export functions, ``gongkai export --agency/--year/--region/
--level`` and the web page take the same filter (agency, year, region, level); the findings follow it."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import lxml.html
import pytest
from typer.testing import CliRunner

import gongkai
from gongkai.cli import app as cli
from gongkai.errors import ConfigError
from gongkai.store import Library
from gongkai.store.filters import NO_REGION, ReportFilter
from tests.web_support import Site, examples, make_site

PINGTAN = "平潭综合实验区"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_library_export_takes_the_filter(library: Library, tmp_path: Path) -> None:
    library.ingest(examples(), workers=1)
    library.set_agency(PINGTAN, region="福建省/福州市/平潭县", who="t")
    everything = library.export(tmp_path / "all", "csv", "wide")
    assert len(_rows(everything[0])) == 3
    for where, want in (
        (ReportFilter(year=2020), {(PINGTAN, "2020")}),
        (ReportFilter(region="福建省"), {(PINGTAN, "2019"), (PINGTAN, "2020")}),
        (ReportFilter(region=NO_REGION), {("市中区人民政府办公室", "2024")}),
        (ReportFilter(level="县级部门"), {("市中区人民政府办公室", "2024")}),
        (ReportFilter(agency="平潭", year=2019), {(PINGTAN, "2019")}),
        (ReportFilter(agency="没有这个机关"), set()),
    ):
        cells, found, _dictionary = library.export(tmp_path / where.describe(), "csv", "wide", where=where)
        assert {(r["agency"], r["year"]) for r in _rows(cells)} == want, where
        assert {(r["agency"], r["year"]) for r in _rows(found)} <= want, where
        expected = {(f.agency, str(f.year)) for f in library.findings() if (f.agency, str(f.year)) in want}
        assert {(r["agency"], r["year"]) for r in _rows(found)} == expected, where
    tidy = library.export(tmp_path / "tidy", "csv", "tidy", where=ReportFilter(year=2024))
    assert {r["year"] for r in _rows(tidy[0])} == {"2024"}
    book = library.export(tmp_path / "x", "xlsx", "wide", where=ReportFilter(year=2020))
    from openpyxl import load_workbook

    sheet = load_workbook(book[0])["数据（宽表）"]
    assert [r[0] for r in sheet.iter_rows(min_row=3, values_only=True)] == [PINGTAN]
    with pytest.raises(ConfigError, match="年度无效"):
        ReportFilter(year=12)


def test_cli_export_filter_options(tmp_path: Path) -> None:
    db = str(tmp_path / "lib.db")
    with gongkai.open(db) as lib:
        lib.ingest(examples(), workers=1)
    runner = CliRunner()
    done = runner.invoke(cli, ["export", "--db", db, "--format", "csv", "--year", "2020", "-o", str(tmp_path / "o")])
    assert done.exit_code == 0, done.output
    assert [(r["agency"], r["year"]) for r in _rows(tmp_path / "o" / "cells_wide.csv")] == [(PINGTAN, "2020")]
    level = runner.invoke(
        cli, ["export", "--db", db, "--format", "csv", "--level", "县级部门", "--tidy", "-o", str(tmp_path / "l")]
    )
    assert level.exit_code == 0, level.output
    assert {r["agency"] for r in _rows(tmp_path / "l" / "cells_tidy.csv")} == {"市中区人民政府办公室"}
    region = runner.invoke(cli, ["export", "--db", db, "--region", "-", "--agency", "平潭", "-o", str(tmp_path / "r")])
    assert region.exit_code == 0 and len(_rows(tmp_path / "r" / "cells_wide.csv")) == 2
    bad = runner.invoke(cli, ["export", "--db", db, "--region", "x" * 300, "-o", str(tmp_path / "b")])
    assert bad.exit_code == 2 and "筛选条件过长" in bad.output
    everything = runner.invoke(cli, ["export", "--db", db, "-o", str(tmp_path / "a")])
    assert everything.exit_code == 0 and len(_rows(tmp_path / "a" / "cells_wide.csv")) == 3


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return make_site(tmp_path_factory.mktemp("exports"), examples())


def test_export_page_and_download_follow_the_filter(site: Site) -> None:
    client = site.client("访客丙")
    page = client.get("/export", params={"year": "2020"})
    doc = lxml.html.fromstring(page.text)
    assert "2020 年度，共 1 份报告" in doc.xpath("//p[@id='export-scope']")[0].text_content()
    hidden = {i.get("name"): i.get("value") for i in doc.xpath("//form[@id='export-form']//input[@type='hidden']")}
    assert hidden == {"year": "2020"}
    got = client.get("/export/download", params={"format": "csv", "shape": "wide", "year": "2020"})
    assert got.status_code == 200 and "%E7%AD%9B%E9%80%89" in got.headers["content-disposition"]  # 筛选
    with zipfile.ZipFile(io.BytesIO(got.content)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("cells_wide.csv").decode("utf-8-sig"))))
    assert [(r["agency"], r["year"]) for r in rows] == [(PINGTAN, "2020")]
    nothing = client.get("/export", params={"agency": "没有这个机关"})
    assert "共 <strong>0</strong> 份报告" in nothing.text and "disabled" in nothing.text
    api = client.get("/api/export", params={"format": "json", "year": "2019"})
    assert api.status_code == 200 and api.headers["content-type"] == "application/zip"
    listing = client.get("/reports", params={"year": "2020"})
    link = lxml.html.fromstring(listing.text).xpath("//a[@id='export-filtered']")[0].get("href")
    assert link == "/export?year=2020"
