"""报送情况: the list of agencies expected to publish (CSV/XLSX upload, form edits, logged) and, for a year,
who published, who did not, who late (the d_deadline rule), who with errors; the list and status as XLSX."""

from __future__ import annotations

import io
from pathlib import Path

import lxml.html
import pytest

import gongkai
from gongkai.check.dates import body_kind
from gongkai.errors import ConfigError
from gongkai.store import Library
from gongkai.store.coverage import KIND_NAMES, expected_agency, judge_deadline, read_expected_list
from tests.web_support import Site, csrf_of, examples, make_site

PINGTAN = "平潭综合实验区"
SHIZHONG = "市中区人民政府办公室"
LIST_CSV = (
    "名称,层级,上级,别名,起始年度,截止年度\n"
    f"{PINGTAN},县级部门,福州市人民政府,,,\n"
    "平潭综合实验区教育局,县级部门,平潭综合实验区,,2020,\n"
    f"市中区政府办,县级部门,市中区人民政府,{SHIZHONG},,\n"
    "已撤并的局,县级部门,市中区人民政府,,,2019\n"
)


def test_the_deadline_kinds_are_read_by_the_rule_as_meant() -> None:
    for kind, name in KIND_NAMES.items():
        assert body_kind(name) == kind


def test_lateness_is_the_deadline_rule() -> None:
    dept = expected_agency("某某县教育局", "县级部门")
    assert judge_deadline(dept, 2023, "2024-01-20")[:3] == ("on_time", "2024-01-31", None)
    status, due, late, message = judge_deadline(dept, 2023, "2024-02-10")
    assert (status, due, late) == ("late", "2024-01-31", 10) and "逾期 10 天" in message
    assert judge_deadline(dept, 2023, "2024-12-01")[0] == "doubtful"  # months late: a site migration, perhaps
    assert judge_deadline(dept, 2023, "2023-11-01")[0] == "doubtful"  # before the year ended
    assert judge_deadline(dept, 2023, None)[0] == "undated"
    assert judge_deadline(dept, 2023, "not a date")[0] == "undated"
    town = expected_agency("某某镇人民政府", "乡镇街道")
    assert judge_deadline(town, 2023, "2024-02-10")[0] == "on_time"  # township: 3月31日 is the limit
    government = expected_agency("某某县人民政府", "县级政府")
    assert judge_deadline(government, 2023, "2024-03-20")[:2] == ("on_time", "2024-03-31")
    # the list's level wins over what the name suggests: a 管委会 the list calls a 政府
    zone = expected_agency("某某经济开发区管委会", "县级政府")
    assert judge_deadline(zone, 2023, "2024-03-20")[0] == "on_time"
    assert judge_deadline(expected_agency("某某经济开发区管委会"), 2023, "2024-03-20")[0] == "late"


def test_reading_list_files() -> None:
    entries = read_expected_list(LIST_CSV.encode("utf-8-sig"), "名单.csv")
    assert [e.name for e in entries][:2] == [PINGTAN, "平潭综合实验区教育局"]
    assert entries[1].from_year == 2020 and entries[3].to_year == 2019 and entries[2].aliases == (SHIZHONG,)
    gbk = read_expected_list(LIST_CSV.encode("gb18030"), "名单.csv")
    assert gbk == entries
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "级别", "主管部门"])
    sheet.append([PINGTAN, "县级政府", None])
    sheet.append(["甲局", None, "乙县人民政府"])
    sheet.append([None, None, None])
    out = io.BytesIO()
    book.save(out)
    got = read_expected_list(out.getvalue(), "名单.xlsx")
    assert [(e.name, e.level, e.parent) for e in got] == [(PINGTAN, "县级政府", None), ("甲局", None, "乙县人民政府")]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("机关\n", "没有机关"),
        ("", "名单为空"),
        ("单位代码,负责人\n1,张三\n", "须有“名称”"),
        ("名称,起始年度\n甲局,二〇二〇\n乙局,2020\n", "第 2 行：起始年度应为四位年份"),
        ("名称\n甲局\n 甲 局 \n", "第 3 行：“甲 局”与第 2 行重复"),
        ("名称,起始年度,截止年度\n甲局,2022,2020\n", "起始年度 2022 晚于截止年度 2020"),
        ("名称\n！！\n", "只有空白或标点"),
        ("名称\n" + "长" * 300 + "\n", "名称过长"),
    ],
)
def test_a_bad_list_is_refused_whole_with_the_rows_named(text: str, says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        read_expected_list(text.encode(), "名单.csv")
    assert read_expected_list("名称\n甲局\n".encode(), "x.csv")  # the same reader takes a good one
    with pytest.raises(ConfigError, match="XLSX"):
        read_expected_list(b"PK\x03\x04 not a workbook", "名单.xlsx")


def test_the_list_in_the_library(library: Library) -> None:
    library.ingest(examples(), workers=1)
    entries = read_expected_list(LIST_CSV.encode(), "名单.csv")
    assert library.save_expected(entries, who="张三") == {"added": 4, "updated": 0, "removed": 0}
    again = [expected_agency(PINGTAN, "县级政府", "福州市人民政府"), expected_agency("新设的局", "县级部门")]
    assert library.save_expected(again, who="张三") == {"added": 1, "updated": 1, "removed": 0}
    assert {e.name: e.level for e in library.expected()}[PINGTAN] == "县级政府"
    assert library.save_expected(again, who="李四", replace=True)["removed"] == 3
    assert sorted(e.name for e in library.expected()) == sorted([PINGTAN, "新设的局"])
    added = library.add_expected(expected_agency("丙局"), who="张三")
    with pytest.raises(ConfigError, match="已有"):
        library.add_expected(expected_agency(" 丙 局 "), who="张三")
    changed = library.update_expected(added.id or 0, expected_agency("丙局", "县级部门", "丁县"), who="张三")
    assert changed.parent == "丁县" and library.expected_parents() == ["丁县", "福州市人民政府"]
    library.delete_expected(added.id or 0, who="张三")
    with pytest.raises(ConfigError, match="没有编号"):
        library.delete_expected(added.id or 0, who="张三")
    actions = [e["action"] for e in library.agency_log()]
    assert actions == ["list_delete", "list_edit", "list_add", "list_replace", "list_upload", "list_upload"]


def test_coverage_of_a_year(library: Library) -> None:
    library.ingest(examples(), workers=1)
    library.save_expected(read_expected_list(LIST_CSV.encode(), "名单.csv"), who="张三")
    cov = library.coverage(2020)
    by_name = {r.entry.name: r for r in cov.rows}
    assert set(by_name) == {PINGTAN, "平潭综合实验区教育局", "市中区政府办"}  # 已撤并的局 ended with 2019
    pingtan = by_name[PINGTAN]  # published 2021-03-05; the list calls it a 部门: due 2021-01-31
    assert (pingtan.status, pingtan.deadline, pingtan.days_late) == ("late", "2021-01-31", 33)
    assert pingtan.report is not None and pingtan.report.errors == 2 and pingtan.report.published == "2021-03-05"
    assert by_name["平潭综合实验区教育局"].status == "missing" and by_name["平潭综合实验区教育局"].report is None
    assert cov.counts["late"] == 1 and cov.counts["missing"] == 2 and cov.counts["errors"] == 1
    later = library.coverage(2024)
    office = next(r for r in later.rows if r.entry.name == "市中区政府办")  # found by its alias
    assert office.report is not None and office.report.agency == SHIZHONG and office.status == "undated"
    assert library.coverage(2019, parent="市中区人民政府").counts["expected"] == 2
    assert library.coverage(2019, level="县级政府").rows == []
    assert [u.agency for u in library.coverage(2019).unexpected] == []
    library.save_expected([expected_agency("甲局")], who="张三", replace=True)
    assert [u.agency for u in library.coverage(2020).unexpected] == [PINGTAN]


@pytest.fixture
def site(tmp_path: Path) -> Site:
    own = make_site(tmp_path, examples())
    with gongkai.open(own.db) as lib:
        lib.save_expected(read_expected_list(LIST_CSV.encode(), "名单.csv"), who="测试")
    return own


def test_coverage_page_and_its_download(site: Site) -> None:
    from openpyxl import load_workbook

    client = site.client("访客丙")
    got = client.get("/coverage", params={"year": "2020"})
    assert got.status_code == 200
    doc = lxml.html.fromstring(got.text)
    tally = doc.xpath("//div[@id='tally']")[0].text_content()
    assert "应报送 3" in tally and "未发布 2" in tally and "逾期发布 1" in tally and "有错误 1" in tally
    rows = {r.xpath("td[1]")[0].text_content().strip(): r for r in doc.xpath("//table[@id='coverage-table']/tbody/tr")}
    assert rows[PINGTAN].get("data-status") == "late" and "逾期发布（33 天）" in rows[PINGTAN].text_content()
    assert rows["平潭综合实验区教育局"].get("data-status") == "missing"
    late = client.get("/coverage", params={"year": "2020", "status": "late"})
    assert len(lxml.html.fromstring(late.text).xpath("//table[@id='coverage-table']/tbody/tr")) == 1
    assert client.get("/coverage", params={"status": "nonsense"}).status_code == 400
    book = client.get("/coverage.xlsx", params={"year": "2020"})
    assert book.status_code == 200 and "spreadsheetml" in book.headers["content-type"]
    sheet = load_workbook(io.BytesIO(book.content)).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][:4] == ("机关", "层级", "上级", "状态") and len(table) == 4
    assert next(r for r in table if r[0] == PINGTAN)[3:7] == ("逾期发布", "2021-03-05", "2021-01-31", 33)
    api = client.get("/api/coverage/2020").json()
    assert api["counts"]["late"] == 1 and {r["name"] for r in api["rows"]} == set(rows)


def test_the_list_is_uploaded_and_edited_by_reviewers_and_replaced_by_administrators(site: Site) -> None:
    reviewer = site.client("审核员乙")
    token = csrf_of(reviewer)
    headers = {"X-CSRF-Token": token}
    page = reviewer.get("/coverage/list")
    assert page.status_code == 200 and "应报送机关名单" in page.text
    csv_file = ("名单.csv", "名称,层级\n新设的局,县级部门\n".encode())
    done = reviewer.post("/coverage/list", files={"file": csv_file}, headers=headers)
    assert done.status_code == 303
    with gongkai.open(site.db) as lib:
        assert len(lib.expected()) == 5
    replace = reviewer.post("/coverage/list", files={"file": csv_file}, data={"replace": "1"}, headers=headers)
    assert replace.status_code == 403 and "管理员" in replace.text
    bad = reviewer.post("/coverage/list", files={"file": ("x.csv", "名称,起始年度\n甲,20\n".encode())}, headers=headers)
    assert bad.status_code == 400 and "第 2 行" in bad.text and "未导入任何一行" in bad.text
    added = reviewer.post("/coverage/list/add", data={"name": "丙局", "level": "县级部门"}, headers=headers)
    assert added.status_code == 303
    with gongkai.open(site.db) as lib:
        entry = next(e for e in lib.expected() if e.name == "丙局")
        assert len(lib.expected()) == 6
    edited = reviewer.post(
        f"/coverage/list/{entry.id}",
        data={"name": "丙局", "parent": "丁县人民政府", "from_year": "2023"},
        headers=headers,
    )
    assert edited.status_code == 303
    wrong_year = reviewer.post(f"/coverage/list/{entry.id}", data={"name": "丙局", "to_year": "明年"}, headers=headers)
    assert wrong_year.status_code == 400 and "截止年度" in wrong_year.text
    assert reviewer.post("/coverage/list/999999", data={"name": "x"}, headers=headers).status_code == 404
    assert reviewer.post(f"/coverage/list/{entry.id}/delete", headers=headers).status_code == 403
    admin = site.client("管理员甲")
    admin_headers = {"X-CSRF-Token": csrf_of(admin)}
    assert admin.post(f"/coverage/list/{entry.id}/delete", headers=admin_headers).status_code == 303
    listed = admin.get("/coverage/list.xlsx")
    assert listed.status_code == 200
    back = admin.post(
        "/coverage/list", files={"file": ("名单.xlsx", listed.content)}, data={"replace": "1"}, headers=admin_headers
    )
    assert back.status_code == 303  # the downloaded list uploads again unchanged
    with gongkai.open(site.db) as lib:
        names = sorted(e.name for e in lib.expected())
        log = lib.agency_log()
    assert "丙局" not in names and len(names) == 5
    assert log[0]["action"] == "list_replace" and log[0]["detail"] == "新增 0，更新 5，移除 0"
    assert {"list_upload", "list_add", "list_edit", "list_delete"} <= {e["action"] for e in log}
    found = admin.get("/coverage/list", params={"q": "平潭"})
    assert len(lxml.html.fromstring(found.text).xpath("//table[@id='expected']/tbody/tr")) == 2


def test_coverage_without_a_list_says_what_to_do(tmp_path: Path) -> None:
    own = make_site(tmp_path, examples())
    got = own.client("访客丙").get("/coverage")
    assert got.status_code == 200 and "还没有应报送机关名单" in got.text
