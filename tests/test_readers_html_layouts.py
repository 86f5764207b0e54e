"""Web page layouts, generated and hand-written: what a user checks comes out right, and nothing is accused.

Generated pages (``gongkai.synth.html``) of every HTML form, for many consistent cases: the cells read
are the generated ones, agency/year/format are right, the six sections are found, and the checks find
no error.  Then one small hand-written page per pattern that once went wrong on real pages: a page laid
out in tables whose content cell holds the narrative, headings split across inline runs, agency and
year printed only as page metadata.
"""

from __future__ import annotations

import html
from dataclasses import replace

import pytest

import gongkai
from gongkai import synth
from gongkai.check import Severity
from gongkai.extract import meta
from gongkai.synth.case import Case
from gongkai.synth.doc import Grid
from gongkai.synth.layout import GRIDS

FORMS = ("html", "html_gbk", "html_cms_nested", "html_split_headings", "html_meta_only")
SEEDS = range(48)
SECTIONS = ["s1", "s2", "s3", "s4", "s5", "s6"]


def _with_report_words(case: Case) -> Case:
    """The narrative naming what the tables hold, as real reports do (words a table's labels use too)."""
    sections = dict(case.sections)
    sections["s1"] = (
        *sections.get("s1", ()),
        ("本年新收政府信息公开申请均在法定期限内答复，申请人情况以自然人为主。",),
    )
    sections["s5"] = (*sections.get("s5", ()), ("一是政务信息内容可读性不强；二是本年度办理结果的公开不够及时。",))
    return replace(case, sections=sections)


def _read(data: bytes, name: str) -> tuple[gongkai.Report, list[str]]:
    doc = gongkai.read_document(data, name)
    report = gongkai.extract(doc)
    findings = gongkai.check(report, document=doc).findings
    errors = [f"{f.rule}: {f.message}" for f in findings if f.severity is Severity.ERROR]
    return report, errors


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("form", FORMS)
def test_generated_page_reads_as_generated(form: str, seed: int) -> None:
    case = synth.make_case(seed)
    if seed % 2:
        case = _with_report_words(case)
    data, suffix = synth.render(case, form)
    report, errors = _read(data, f"case{seed}{suffix}")
    assert report.cells == case.cells
    assert (report.agency, report.year, report.format) == (case.agency, case.year, case.version)
    assert [s.id for s in report.sections] == SECTIONS
    assert not errors


def test_generated_pages_vary_and_are_deterministic() -> None:
    case = synth.make_case(3)
    pages = {form: synth.render(case, form)[0] for form in FORMS}
    assert len(set(pages.values())) == len(FORMS)
    assert all(synth.render(case, form)[0] == page for form, page in pages.items())
    assert b"charset=utf-8" not in pages["html_gbk"].lower()
    assert "年度报告".encode("gbk") in pages["html_gbk"]


# -- hand-written pages, one per pattern ------------------------------------------------------------


def _table(grid: Grid) -> str:
    rows = []
    for row in grid.rows:
        cells = []
        for slot in row:
            span = (f' rowspan="{slot.rowspan}"' if slot.rowspan > 1 else "") + (
                f' colspan="{slot.colspan}"' if slot.colspan > 1 else ""
            )
            cells.append(f"<td{span}><p>{html.escape(slot.text) or '&nbsp;'}</p></td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1">' + "".join(rows) + "</table>"


def _tables(case: Case) -> dict[str, str]:
    return {t: _table(GRIDS[t](case.spec, case.cells, case.printed)) for t in ("t1", "t2", "t3")}


def test_layout_table_with_narrative_in_content_cell_keeps_nested_report_tables() -> None:
    case = synth.make_case(11, version="2021")
    t = _tables(case)
    y = case.year
    content = (
        f"<p align=center><b>{case.agency}{y}年政府信息公开工作年度报告</b></p>"
        f"<p>本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。</p>"
        "<p>一、总体情况</p><p>本年新收政府信息公开申请均按时答复。政务信息内容可读性有待提高。</p>"
        f"<p>二、主动公开政府信息情况</p>{t['t1']}"
        # one wrapper table deeper, as old sites centre a table
        f"<p>三、收到和处理政府信息公开申请情况</p><table width=100%><tr><td align=center>{t['t2']}</td></tr></table>"
        f"<p>四、政府信息公开行政复议、行政诉讼情况</p>{t['t3']}"
        "<p>五、存在的主要问题及改进情况</p><p>申请人情况统计不够细。</p><p>六、其他需要报告的事项</p><p>无。</p>"
    )
    page = (
        "<html><body><table width=1000><tr><td colspan=2>某某县人民政府</td></tr>"
        "<tr><td width=200><a>政府信息公开指南</a><br><a>主动公开信息内容</a></td>"
        f"<td width=800>{content}</td></tr><tr><td colspan=2>版权所有</td></tr></table></body></html>"
    )
    report, errors = _read(page.encode(), "layout.html")
    assert report.cells == case.cells
    assert [s.id for s in report.sections] == SECTIONS
    assert (report.agency, report.year) == (case.agency, case.year)
    assert not errors


def test_report_table_with_a_small_table_in_a_cell_stays_one_data_table() -> None:
    case = synth.make_case(12, version="2021")
    t3 = _tables(case)["t3"].replace("<p>行政复议</p>", "<table><tr><td>行政复议</td></tr></table>", 1)
    page = f"<html><body><p>四、政府信息公开行政复议、行政诉讼情况</p>{t3}</body></html>"
    doc = gongkai.read_document(page.encode(), "nested-cell.html")
    assert len(doc.tables) == 1 and doc.tables[0].rows[0][0].text == "行政复议"
    report = gongkai.extract(doc)
    assert {k: v for k, v in report.cells.items() if k.startswith("t3.")} == {
        k: v for k, v in case.cells.items() if k.startswith("t3.")
    }


def test_heading_split_across_spans_is_found() -> None:
    case = synth.make_case(13, version="2021")
    t = _tables(case)
    y = case.year
    page = (
        f"<html><body><p>{case.agency}{y}年政府信息公开工作年度报告</p>"
        '<p><span>一、</span><span style="font-family:黑体">总体</span><font>情况</font></p><p>工作有序开展。</p>'
        f"<p><b>二</b><span>、</span>&nbsp;&nbsp;<strong>主动公开政府\n信息情况</strong></p>{t['t1']}"
        f"<p><span>三、</span>&#8205;<strong>收到和处理政府信息公开申请情况</strong></p>{t['t2']}"
        f"<h3><span>四、</span>\n<strong>政府信息公开行政复议、&shy;行政诉讼情况</strong></h3>{t['t3']}"
        "<p><span>五、</span>&#8206;<strong>存在的主要</strong>&zwj;<font>问题及改进情况</font></p><p>有待改进。</p>"
        "<p><span>六、</span><wbr><b>其他需要</b>\n<b>报告的事项</b></p><p>无。</p></body></html>"
    )
    report, errors = _read(page.encode(), "split.html")
    assert [s.id for s in report.sections] == SECTIONS
    assert [s.heading.replace(" ", "") for s in report.sections] == [s.label for s in case.spec.sections]
    assert report.sections[4].heading == "五、存在的主要问题及改进情况"  # printed as one line: no space, no mark
    assert report.cells == case.cells
    assert not errors


def test_number_split_by_an_invisible_mark_reads_as_printed() -> None:
    page = "<html><body><p>全年共收到申请1&#8203;2件，办结<span>3</span>&zwj;<span>4</span>件。</p></body></html>"
    doc = gongkai.read_document(page.encode(), "marks.html")
    assert [p.text for p in doc.paragraphs] == ["全年共收到申请12件，办结34件。"]


def test_agency_and_year_from_publisher_metadata() -> None:
    case = synth.make_case(14, version="2021")
    t = _tables(case)
    agency, y = "沭阳县发展和改革局", case.year
    page = (
        f"<html><head><title>{y}年政府信息公开工作年度报告-沭阳县人民政府</title></head><body>"
        "<div class=position>当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>"
        f"<div class=info><span>发布机构：{agency}</span>&nbsp;<span>发文日期：{y + 1}-01-20</span></div>"
        f"<p>一、总体情况</p><p>工作有序开展。</p><p>二、主动公开政府信息情况</p>{t['t1']}"
        f"<p>三、收到和处理政府信息公开申请情况</p>{t['t2']}<p>四、政府信息公开行政复议、行政诉讼情况</p>{t['t3']}"
        "<p>五、存在的主要问题及改进情况</p><p>有待改进。</p><p>六、其他需要报告的事项</p><p>无。</p></body></html>"
    )
    report, _ = _read(page.encode(), "publisher.html")
    assert (report.agency, report.year) == (agency, y)
    assert report.meta["title"] == f"{y}年政府信息公开工作年度报告-沭阳县人民政府"
    assert report.meta["publisher"] == agency


def test_agency_from_the_title_before_the_publisher() -> None:
    # the title names the agency: a short 发布机构 (a site's abbreviation) does not replace it
    head = [
        "当前位置：首页 > 政务公开 > 政府信息公开年报",
        "发布机构：发改局",
        "沭阳县发展和改革局2023年政府信息公开工作年度报告",
    ]
    got = meta.title_agency_year({"发布机构": "发改局", "网页标题": "政务公开_沭阳县人民政府"}, head)
    assert got == ("沭阳县发展和改革局2023年政府信息公开工作年度报告", "沭阳县发展和改革局", 2023)
    # an agency-less 标题 row gives the year; the text's title line names the agency
    got = meta.title_agency_year({"标题": "2023年度政府信息公开工作年度报告"}, head[2:])
    assert got[1:] == ("沭阳县发展和改革局", 2023)


@pytest.mark.parametrize(
    "title",
    [
        "# 某某局2023年政府信息公开工作年度报告",
        "**某某局**2023年政府信息公开工作年度报告",
        "## 某某局 2023 年政府信息公开工作年度报告",
        "某某县人民政府-某某局2023年政府信息公开工作年度报告",
        "某某县人民政府|某某局2023年政府信息公开工作年度报告",
    ],
    ids=["heading", "bold", "spaced", "site-title", "site|title"],
)
def test_markup_around_a_title_is_not_part_of_the_agency(title: str) -> None:
    assert meta.agency_and_year(title) == ("某某局", 2023)


def test_menu_or_breadcrumb_is_never_joined_to_the_title() -> None:
    lines = ["政府信息公开指南", "政策解读", "2023年政府信息公开工作年度报告"]
    assert meta.title_agency_year({}, lines) == ("2023年政府信息公开工作年度报告", None, 2023)
    lines = ["张店区服务业发展中心", "2024年政府信息公开工作年度报告"]
    assert meta.title_agency_year({}, lines)[1:] == ("张店区服务业发展中心", 2024)
    # a metadata line printing the title: its key is not the agency
    assert meta.title_agency_year({}, ["标题：2023年政府信息公开工作年度报告"])[1:] == (None, 2023)
    assert meta.title_agency_year({}, ["标题：某某局2023年政府信息公开工作年度报告"])[1:] == ("某某局", 2023)


def test_title_in_a_one_column_layout_table_is_a_line_of_text() -> None:
    case = synth.make_case(15, version="2021")
    t = _tables(case)
    page = (
        "<html><body><table><tr><td>政务公开</td><td>"
        f'<table width=100%><tr><td class="title"><b>{case.agency}</b><br>{case.year}年政府信息公开工作年度报告</td></tr>'
        "<tr><td>发布日期：2024-01-20</td></tr></table>"
        f"<p>一、总体情况</p><p>工作有序开展。</p><p>二、主动公开政府信息情况</p>{t['t1']}"
        f"<p>三、收到和处理政府信息公开申请情况</p>{t['t2']}<p>四、政府信息公开行政复议、行政诉讼情况</p>{t['t3']}"
        "<p>五、存在的主要问题及改进情况</p><p>有待改进。</p><p>六、其他需要报告的事项</p><p>无。</p>"
        "</td></tr></table></body></html>"
    )
    doc = gongkai.read_document(page.encode(), "title-bar.html")
    assert len(doc.tables) == 3
    report = gongkai.extract(doc)
    assert (report.agency, report.year) == (case.agency, case.year)
    assert report.cells == case.cells
