"""报告库 by region and level, and 机关页: one agency over the years (reports, errors per year, cells year over
year, cross-year findings, a chart), with region and level corrected by 管理员 (logged)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import lxml.html
import pytest

import gongkai
from gongkai.check import agency_key
from gongkai.store import Library
from gongkai.store.filters import NO_REGION, ReportFilter
from gongkai.web.facets import region_options
from tests.web_support import Site, csrf_of, examples, make_site, report_links

PINGTAN = "平潭综合实验区"
SHIZHONG = "市中区人民政府办公室"


def agency_page(name: str) -> str:
    return f"/agencies/{quote(agency_key(name), safe='')}"


@pytest.fixture
def site(tmp_path: Path) -> Site:
    own = make_site(tmp_path, examples())
    with gongkai.open(own.db) as lib:
        lib.set_agency(PINGTAN, region="福建省/福州市/平潭县", level="县级政府", who="测试")
        lib.set_agency(SHIZHONG, region="山东省/济南市/市中区", level="县级部门", who="测试")
    return own


def test_region_filter_takes_the_regions_within(library: Library) -> None:
    library.ingest(examples(), workers=1)
    library.set_agency(PINGTAN, region="福建省/福州市/平潭县", level="县级政府", who="t")
    assert {r.agency for r in library.report_page(region="福建省").items} == {PINGTAN}
    assert library.report_page(region="福建省/福州市").total == 2
    assert library.report_page(region="福建省/福州").total == 0  # a region is a whole name, never a prefix of one
    assert library.report_page(region="福建省/福州市/平潭县", level="县级政府").total == 2
    assert library.report_page(region="福建省", level="县级部门").total == 0
    assert {r.agency for r in library.report_page(region=NO_REGION).items} == {SHIZHONG}
    assert library.report_page(level=NO_REGION).total == 0  # 市中区人民政府办公室 got 县级部门 from its name
    assert library.report_page(region="%").total == 0 and library.report_page(region="_建省").total == 0
    regions = library.regions()
    assert regions["福建省"] == regions["福建省/福州市"] == regions["福建省/福州市/平潭县"] == 1
    assert regions[NO_REGION] == 1 and library.levels() == {"县级政府": 1, "县级部门": 1}
    page = library.report_page(region="福建省", limit=5)
    assert page.items[0].region == "福建省/福州市/平潭县" and page.items[0].level == "县级政府"
    assert ReportFilter(region="福建省", year=2020).describe() == "2020 年度，地区 福建省"


def test_region_choices_drill_down() -> None:
    regions = {"山东省": 3, "山东省/济南市": 2, "山东省/济南市/市中区": 2, "山东省/淄博市": 1, "福建省": 1, "-": 4}
    top = [o.value for o in region_options(regions, None)]
    assert top == ["山东省", "福建省", "-"]
    inside = region_options(regions, "山东省/济南市")
    assert [o.value for o in inside] == [
        "山东省",
        "山东省/济南市",
        "山东省/济南市/市中区",
        "山东省/淄博市",
        "福建省",
        "-",
    ]
    assert [o.depth for o in inside][:3] == [0, 1, 2] and inside[2].label == "\u3000\u3000市中区"


def test_report_list_filters_by_region_and_level(site: Site) -> None:
    client = site.client("访客丙")
    fujian = client.get("/reports", params={"region": "福建省"})
    assert len(report_links(fujian.text)) == 2
    doc = lxml.html.fromstring(fujian.text)
    options = [o.get("value") for o in doc.xpath("//select[@name='region']/option")]
    assert options[:4] == ["", "山东省", "福建省", "福建省/福州市"]  # the chosen province opens
    assert doc.xpath("//select[@name='region']/option[@selected]")[0].get("value") == "福建省"
    row = doc.xpath("//table[@id='report-list']/tbody/tr")[0]
    assert "福建省/福州市/平潭县" in row.text_content() and "县级政府" in row.text_content()
    assert doc.xpath("//a[@id='export-filtered']")[0].get("href") == "/export?region=%E7%A6%8F%E5%BB%BA%E7%9C%81"
    level = client.get("/reports", params={"level": "县级部门"})
    assert len(report_links(level.text)) == 1 and SHIZHONG in level.text
    both = client.get("/reports", params={"region": "福建省", "level": "县级部门"})
    assert "没有符合条件的报告" in both.text
    assert client.get("/api/reports", params={"region": "福建省"}).json()["total"] == 2


def test_agency_page_shows_every_year(site: Site) -> None:
    client = site.client("访客丙")
    got = client.get(agency_page(PINGTAN))
    assert got.status_code == 200
    doc = lxml.html.fromstring(got.text)
    with gongkai.open(site.db) as lib:
        view = lib.agency(PINGTAN)
        stored = {r.year: r for r in lib.reports(agency=PINGTAN)}
    rows = doc.xpath("//table[@id='agency-years']/tbody/tr")
    assert [int(r.xpath("td[1]")[0].text_content().split()[0]) for r in rows] == [2019, 2020]
    for r in rows:
        year = int(r.xpath("td[1]")[0].text_content().split()[0])
        assert int(r.xpath("td[5]")[0].text_content()) == stored[year].errors
        assert r.xpath("td[1]/a")[0].get("href") == f"/reports/{quote(agency_key(PINGTAN), safe='')}/{year}"
    # cells year over year: 本年新收 of each year as printed
    new = doc.xpath("//table[@id='yoy']//td[@data-cell='t2.r_new.total']")
    assert [td.text_content() for td in new] == [view.cells[y]["t2.r_new.total"].raw for y in (2019, 2020)]
    # the chart of applications and outcomes, as data for the vendored ECharts
    chart = json.loads(doc.xpath("//div[@id='agency-chart']")[0].get("data-chart"))
    assert chart["categories"] == ["2019", "2020"]
    news = next(s for s in chart["series"] if s["name"] == "本年新收")
    assert news["data"] == [view.number(2019, "t2.r_new.total"), view.number(2020, "t2.r_new.total")]
    assert '<script src="/static/vendor/echarts.min.js" defer></script>' in got.text
    assert "跨年度核查" in got.text and not doc.xpath("//details[@id='agency-edit']")  # a viewer edits nothing
    peers = doc.xpath("//a[@id='compare-peers']")[0].get("href")
    assert "region=%E7%A6%8F%E5%BB%BA%E7%9C%81" in peers and "year=2020" in peers
    assert client.get("/agencies/" + quote("没有这个机关")).status_code == 404
    api = client.get(f"/api{agency_page(PINGTAN)}").json()
    assert [r["year"] for r in api["reports"]] == [2019, 2020] and api["region"] == "福建省/福州市/平潭县"


def test_a_cell_in_an_unsplit_digit_run_shows_a_question_mark_not_the_run(site: Site) -> None:
    """平潭 2020's text runs table one's digits together (行政许可 上一年 / 增减 / 处理决定 as ``396442278``):
    the run splits several ways, so no cell has a value.  Neither page shows the run as if it were the
    cell's number: the cell shows ？, and the run is in its tooltip (and the evidence)."""
    client = site.client("访客丙")
    with gongkai.open(site.db) as lib:
        view = lib.agency(PINGTAN)
    ambiguous = [c for c, v in view.cells[2020].items() if v.kind == "ambiguous"]
    assert "t1.licensing.decisions" in ambiguous
    run = view.cells[2020]["t1.licensing.decisions"].raw.strip()
    assert len(run) > 6
    doc = lxml.html.fromstring(client.get(agency_page(PINGTAN)).text)
    for cid in ambiguous:
        cells = doc.xpath(f"//table[@id='yoy']//td[@data-cell='{cid}']")
        if not cells:
            continue  # table two: only the 总计 column is in the main table
        td = cells[-1]  # 2020
        assert td.text_content() == "？" and "k-ambiguous" in td.get("class")
        assert view.cells[2020][cid].raw.strip() in td.get("title")
    report = lxml.html.fromstring(client.get(f"/reports/{quote(agency_key(PINGTAN), safe='')}/2020").text)
    td = report.xpath("//td[@data-cell='t1.licensing.decisions']")[0]
    assert td.text_content().strip() == "？" and run in td.get("title")
    assert run not in [t.text_content().strip() for t in report.xpath("//table//td")]


def test_cross_year_findings_are_on_the_agency_page(tmp_path: Path) -> None:
    """Two consecutive years whose 上年结转 does not follow last year's 结转下年度: the x_carry finding is on
    the agency page, and the cells it names are lit in the year-over-year table."""
    import dataclasses

    from gongkai import synth

    folder = tmp_path / "in"
    folder.mkdir()
    agency = "东城区教育局"
    for seed, year in ((11, 2022), (12, 2023)):
        case = dataclasses.replace(synth.make_case(seed, version="2021", year=year), agency=agency)
        cells = dict(case.cells)
        if year == 2023:  # 上年结转 one more than 2022's 结转下年度
            cells["t2.r_carried.natural"] = (cells.get("t2.r_carried.natural") or 0) + 1
            cells["t2.r_carried.total"] = (cells.get("t2.r_carried.total") or 0) + 1
        data, suffix = synth.render(dataclasses.replace(case, cells=cells), "word_tab")
        (folder / f"{agency}{year}年政府信息公开工作年度报告{suffix}").write_bytes(data)
    own = make_site(tmp_path, [folder])
    with gongkai.open(own.db) as lib:
        view = lib.agency(agency)
    assert view.years == [2022, 2023]
    carry = [e for e in view.pair_findings if e.finding.rule == "x_carry"]
    assert carry and all(e.finding.year == 2023 for e in carry)
    page = own.client("访客丙").get(agency_page(agency))
    doc = lxml.html.fromstring(page.text)
    cards = doc.xpath("//section[@id='carry']/article")
    assert [c.get("data-ref") for c in cards] == [e.finding.fingerprint[:10] for e in view.pair_findings]
    lit = doc.xpath("//table[@id='yoy']//td[@data-cell='t2.r_carried.total']")
    assert "lit" not in lit[0].get("class") and "lit" in lit[1].get("class")  # 2023's, not 2022's


def test_admin_corrects_region_and_level_and_it_is_logged(site: Site) -> None:
    admin = site.client("管理员甲")
    token = csrf_of(admin)
    page = admin.get(agency_page(PINGTAN))
    assert lxml.html.fromstring(page.text).xpath("//details[@id='agency-edit']//input[@name='region']")
    done = admin.post(
        agency_page(PINGTAN), data={"region": "福建省/平潭综合实验区", "level": ""}, headers={"X-CSRF-Token": token}
    )
    assert done.status_code == 303 and done.headers["location"] == agency_page(PINGTAN)
    with gongkai.open(site.db) as lib:
        view = lib.agency(PINGTAN)
        log = lib.agency_log()
    assert (view.region, view.level) == ("福建省/平潭综合实验区", None)
    assert log[0]["who"] == "管理员甲" and "县级政府 → （空）" in log[0]["detail"]
    audit = admin.get("/admin/audit").text
    assert "更正地区/层级" in audit and "福建省/平潭综合实验区" in audit
    too_long = admin.post(agency_page(PINGTAN), data={"region": "省" * 101}, headers={"X-CSRF-Token": token})
    assert too_long.status_code == 422
    missing = admin.post("/agencies/" + quote("没有这个机关"), data={"region": "x"}, headers={"X-CSRF-Token": token})
    assert missing.status_code == 404
    reviewer = site.client("审核员乙")
    refused = reviewer.post(agency_page(PINGTAN), data={"region": "x"}, headers={"X-CSRF-Token": csrf_of(reviewer)})
    assert refused.status_code == 403
    with gongkai.open(site.db) as lib:
        assert lib.agency(PINGTAN).region == "福建省/平潭综合实验区"
