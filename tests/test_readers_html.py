"""The HTML reader: real CMS pages give their gold; spans, charsets, metadata and payloads."""

from __future__ import annotations

import json
import time

import pytest

import gongkai
from gongkai.document import Table
from gongkai.errors import NotAReport
from gongkai.readers import Form, read_bytes, sniff
from tests.conftest import GoldCase, gold_cases

CASES = gold_cases((".html",))


def test_the_real_pages_are_there() -> None:
    assert len(CASES) >= 2, [c.name for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_real_page_equals_gold(case: GoldCase) -> None:
    report = gongkai.read(case.path)
    wrong = case.wrong_cells(report.cells)
    assert not wrong, f"{len(wrong)} cells differ (gold, ours): {wrong}"
    assert (report.agency, report.year, report.format) == (case.meta["agency"], case.meta["year"], case.meta["format"])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_real_page_same_cells_as_its_text_form(case: GoldCase) -> None:
    txt = case.path.with_suffix(".txt")
    if not txt.exists():
        pytest.skip("no text form")
    page, text = gongkai.read(case.path).cells, gongkai.read(txt).cells
    # the crawler text loses cell boundaries, so it reads fewer cells; every cell it reads must agree
    assert {k: v for k, v in text.items() if v is not None} == {k: page[k] for k, v in text.items() if v is not None}
    assert {k: page[k] for k in case.cells} == {k: text[k] for k in case.cells}


def test_real_page_metadata() -> None:
    case = next(c for c in CASES if c.name.startswith("pingtan-2019"))
    report = gongkai.read(case.path)
    assert report.meta["published"] == "2020-01-20"
    assert report.meta["title"] == "平潭综合实验区2019年度政府信息公开工作年度报告"


PAGE = """<html><head><meta charset="{charset}"><title>x</title><script>var a = "<td>9</td>";</script>
<style>p {{ color: red }}</style></head><body>
<nav><a>首页</a><a>政务公开</a></nav>
<table class="layout"><tr><td><div class="meta">
<table><tr><td>索引号：</td><td>000-2023-01</td><td>发布机构：</td><td>某某局</td></tr>
<tr><td>标题：</td><td colspan="3">某某局2023年政府信息公开工作年度报告</td></tr>
<tr><td>发文日期：</td><td>2024-01-15</td><td>文号：</td><td></td></tr></table></div>
<div class="content"><p class="MsoNormal"><span><span>一、总体</span></span><span>情况</span></p>
<table border="1"><tr><td rowspan="2">合并</td><td colspan="2">甲乙</td></tr>
<tr><td>&nbsp;</td><td>3</td></tr></table>
<p>正文&nbsp;&nbsp;第二行<br>第三行</p><div style="display:none">隐藏</div></div></td></tr></table>
<footer>版权所有</footer></body></html>"""


@pytest.mark.parametrize("charset", ["utf-8", "gbk", "gb2312"])
def test_charset_spans_meta_and_chrome(charset: str) -> None:
    data = PAGE.format(charset=charset).encode("gb18030" if charset != "utf-8" else "utf-8")
    assert sniff(data) is Form.HTML
    doc = read_bytes(data, "page.html")
    assert doc.meta["索引号"] == "000-2023-01"
    assert doc.meta["发布机构"] == "某某局"
    assert doc.meta["发文日期"] == "2024-01-15"
    assert doc.meta["标题"] == "某某局2023年政府信息公开工作年度报告"
    texts = [b.text for b in doc.paragraphs]
    assert "一、总体情况" in texts
    assert "正文 第二行" in texts and "第三行" in texts
    assert not any(word in t for t in texts for word in ("隐藏", "首页", "color", "<td>"))
    data_table = next(t for t in doc.tables if t.rows[0][0].text == "合并")
    grid = [[(c.text, c.spanned) for c in row] for row in data_table.rows]
    assert grid == [[("合并", False), ("甲乙", False), ("甲乙", True)], [("合并", True), ("", False), ("3", False)]]
    assert data_table.rows[1][2].source.row == 1 and data_table.rows[1][2].source.col == 2


def test_undeclared_gbk_is_detected() -> None:
    page = "<html><body><p>某某区人民政府2023年政府信息公开工作年度报告</p></body></html>"
    doc = read_bytes(page.encode("gbk"), "x.html")
    assert doc.paragraphs[0].text == "某某区人民政府2023年政府信息公开工作年度报告"


@pytest.mark.parametrize("wrap", ["json", "jsonp", "var"])
def test_payload_carrying_the_real_page(wrap: str) -> None:
    case = next(c for c in CASES if c.name.startswith("pingtan-2020"))
    html = case.path.read_text(encoding="utf-8")
    body = html[html.find("<body") :]
    obj = {"code": 200, "data": {"title": "平潭综合实验区2020年度政府信息公开工作年度报告", "content": body}}
    text = json.dumps(obj, ensure_ascii=wrap == "json")
    if wrap == "jsonp":
        text = f"callback({text});"
    elif wrap == "var":
        text = f"var article = {text};"
    data = text.encode("utf-8")
    assert sniff(data) is Form.PAYLOAD
    report = gongkai.read(data, "api.json")
    assert report.cells == gongkai.read(case.path).cells
    assert report.meta["title"] == obj["data"]["title"]


def test_page_without_report_is_not_a_report() -> None:
    with pytest.raises(NotAReport) as info:
        gongkai.read(b"<html><body><nav>x</nav><p>hello</p></body></html>", "empty.html")
    assert "empty.html" in str(info.value)


def test_hostile_nesting_and_spans_are_bounded() -> None:
    deep = ("<div>" * 200_000 + "x" + "</div>" * 200_000).encode()
    started = time.perf_counter()
    with pytest.raises(NotAReport):  # libxml2 caps the depth; what is left is no report
        gongkai.read(b"<html><body>" + deep + b"</body></html>", "deep.html")
    assert time.perf_counter() - started < 5
    wide = b"<html><body><table><tr><td colspan='999999' rowspan='999999'>1</td></tr>" + b"<tr><td>2</td></tr>" * 3
    doc = read_bytes(wide + b"</table></body></html>", "wide.html")
    table = doc.tables[0]
    assert isinstance(table, Table) and len(table.rows[0]) == 1000


def test_odd_spans_and_hidden_styles() -> None:
    page = (
        "<html><body><TABLE><TR><TD rowspan='²' colspan=' 2x'>甲</TD><td STYLE='DISPLAY : NONE'>藏</td></TR>"
        "<tr><td colspan='２'>乙<br>丙</td><td style='border:none'>丁</td><td hidden>藏</td></tr></TABLE>"
        "<p>前<span style='visibility:hidden'>藏</span>后</p></body></html>"
    )
    doc = read_bytes(page.encode(), "odd.html")
    grid = [[(c.text, c.spanned) for c in row] for row in doc.tables[0].rows]
    assert grid == [[("甲", False), ("甲", True)], [("乙丙", False), ("乙丙", True), ("丁", False)]]
    assert [p.text for p in doc.paragraphs] == ["前后"]
