"""Route tests of the pages: 报告库, 报告页 (official layout, lit cells, evidence), 核查结果, 操作记录, 用户."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any
from urllib.parse import quote

import lxml.html
import pytest

import gongkai
from gongkai.check import agency_key
from gongkai.synth.layout import GRIDS
from tests.web_support import Site, csrf_of, example_site, report_links

PINGTAN = "平潭综合实验区"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return example_site(tmp_path_factory)


def url(agency: str, year: int) -> str:
    return f"/reports/{quote(agency_key(agency), safe='')}/{year}"


def test_home_sends_anonymous_visitors_to_sign_in_and_users_to_the_library(site: Site) -> None:
    anonymous = site.client()
    assert anonymous.get("/").headers["location"] == "/login"
    moved = anonymous.get("/reports")
    assert moved.status_code == 303 and moved.headers["location"] == "/login?next=/reports"
    signed_in = site.client("访客丙")
    assert signed_in.get("/").headers["location"] == "/reports"
    assert signed_in.get("/login").headers["location"] == "/reports"


def test_report_list_shows_every_report_with_its_counts(site: Site) -> None:
    client = site.client("访客丙")
    page = client.get("/reports")
    assert page.status_code == 200
    doc = lxml.html.fromstring(page.text)
    rows = doc.xpath('//table[@id="report-list"]/tbody/tr')
    with gongkai.open(site.db) as lib:
        stored = lib.reports()
    assert len(rows) == len(stored) == 3
    shown = {(r.xpath("td[1]")[0].text_content(), int(r.xpath("td[2]")[0].text_content())): r for r in rows}
    for s in stored:
        row = shown[(s.agency, s.year)]
        assert int(row.xpath("td[6]")[0].text_content()) == s.errors
        assert int(row.xpath("td[7]")[0].text_content()) == s.warnings
    assert sorted(report_links(page.text)) == sorted(url(s.agency, s.year) for s in stored)


def test_report_list_searches_filters_sorts_and_pages_in_the_database(site: Site) -> None:
    client = site.client("访客丙", app=site.app(page_size=2))
    first = client.get("/reports")
    assert "第 1 / 2 页（共 3 条）" in first.text and len(report_links(first.text)) == 2
    second = client.get("/reports?page=2")
    assert len(report_links(second.text)) == 1
    assert set(report_links(first.text)).isdisjoint(report_links(second.text))
    found = client.get("/reports", params={"agency": "平潭"})
    assert sorted(report_links(found.text)) == [url(PINGTAN, 2019), url(PINGTAN, 2020)]
    spaced = client.get("/reports", params={"agency": " 平 潭 "})  # spacing and punctuation ignored
    assert sorted(report_links(spaced.text)) == sorted(report_links(found.text))
    one_year = client.get("/reports", params={"year": "2020"})
    assert report_links(one_year.text) == [url(PINGTAN, 2020)]
    with gongkai.open(site.db) as lib:
        most = sorted(lib.reports(), key=lambda r: (-r.errors, r.agency_key, r.year))[0]
        fewest_first = sorted(lib.reports(), key=lambda r: (r.errors, r.agency_key, r.year))
    by_errors = client.get("/reports", params={"sort": "errors", "desc": 1})
    assert report_links(by_errors.text)[0] == url(most.agency, most.year)
    ascending = client.get("/reports", params={"sort": "errors", "desc": 0})
    assert report_links(ascending.text)[0] == url(fewest_first[0].agency, fewest_first[0].year)
    nothing = client.get("/reports", params={"agency": "没有这个机关"})
    assert "没有符合条件的报告" in nothing.text
    assert client.get("/reports", params={"sort": "no-such-sort"}).status_code == 200  # falls back to agency


def _grid_shape(html: str, table: str) -> list[list[tuple[str, int, int, str | None]]]:
    doc = lxml.html.fromstring(html)
    rows = doc.xpath(f'//section[@id="table-{table}"]//table[@class="official"]/tr')
    return [
        [
            (
                cell.tag,
                int(cell.get("rowspan", 1)),
                int(cell.get("colspan", 1)),
                cell.get("data-cell"),
            )
            for cell in row
        ]
        for row in rows
    ]


@pytest.mark.parametrize(("agency", "year"), [(PINGTAN, 2020), ("市中区人民政府办公室", 2024)])
def test_report_page_lays_the_tables_out_as_the_national_template(site: Site, agency: str, year: int) -> None:
    client = site.client("访客丙")
    page = client.get(url(agency, year))
    assert page.status_code == 200
    with gongkai.open(site.db) as lib:
        stored = lib.get(agency, year)
    spec = stored.report.spec
    for table, build in GRIDS.items():
        grid = build(spec, {})
        expected = [[("th" if s.header else "td", s.rowspan, s.colspan, s.cell) for s in row] for row in grid.rows]
        assert _grid_shape(page.text, table) == expected, table
    doc = lxml.html.fromstring(page.text)
    cells = {td.get("data-cell"): td for td in doc.xpath("//table[@class='official']//td[@data-cell]")}
    assert set(cells) == set(spec.cell_ids)
    for cid, td in cells.items():
        value = stored.report.value(cid)
        if value.kind.value == "number":
            assert td.text_content() == value.raw.strip(), cid
        if value.kind.value == "blank":
            assert td.text_content() == "", cid
    worst: dict[str, str] = {}
    for f in stored.findings:
        for cid in f.cells:
            if cid in cells and (
                cid not in worst
                or ["error", "warning", "info"].index(f.severity) < ["error", "warning", "info"].index(worst[cid])
            ):
                worst[cid] = f.severity
    lit = {cid: td.get("class") for cid, td in cells.items() if "lit" in td.get("class", "").split()}
    assert set(lit) == set(worst)
    for cid, severity in worst.items():
        assert f"lit-{severity}" in lit[cid].split(), cid


def test_report_page_shows_sections_metadata_versions_and_findings(site: Site) -> None:
    client = site.client("访客丙")
    page = client.get(url(PINGTAN, 2020))
    with gongkai.open(site.db) as lib:
        stored = lib.get(PINGTAN, 2020)
    doc = lxml.html.fromstring(page.text)
    headings = [s.text_content() for s in doc.xpath('//section[@id="sections"]//summary')]
    assert headings == [s.heading for s in stored.report.sections]
    texts = [d.text_content() for d in doc.xpath('//section[@id="sections"]//div[@class="section-text"]')]
    assert texts == [s.text for s in stored.report.sections]
    refs = [a.get("data-ref") for a in doc.xpath('//section[@id="findings"]//article')]
    assert sorted(refs) == sorted(f.fingerprint[:10] for f in stored.findings)
    versions = doc.xpath('//section[@id="versions"]//tbody/tr')
    assert len(versions) == len(stored.versions)
    assert stored.version.file_name in versions[0].text_content()
    assert "统计期限" in doc.xpath('//section[@id="meta"]')[0].text_content()
    # a viewer sees no review form and no admin actions
    assert not doc.xpath("//form[@class='review']") and "设为现行" not in page.text


def test_a_cell_shows_what_was_printed_and_where(site: Site) -> None:
    client = site.client("访客丙")
    with gongkai.open(site.db) as lib:
        stored = lib.get(PINGTAN, 2020)
    finding = next(f for f in stored.findings if f.severity == "error")
    cid = finding.cells[0]
    value = stored.report.value(cid)
    got = client.get(f"{url(PINGTAN, 2020)}/cells/{cid}", headers={"HX-Request": "true"})
    assert got.status_code == 200 and "<html" not in got.text  # a fragment for the evidence panel
    card = lxml.html.fromstring(got.text)
    text = card.text_content()
    assert stored.report.spec.label_index[cid] in text
    assert value.raw in card.xpath('//span[@class="raw"]')[0].text_content()
    assert value.source is not None and value.source.line is not None
    assert f"第{value.source.line}行" in text
    assert stored.version.file_name in text
    assert finding.fingerprint[:10] in text and finding.message in text
    whole = client.get(f"{url(PINGTAN, 2020)}/cells/{cid}")  # the same address opened directly: a page
    assert whole.status_code == 200 and "<html" in whole.text and value.raw in whole.text
    assert client.get(f"{url(PINGTAN, 2020)}/cells/t9.nothing").status_code == 404
    assert client.get(f"{url(PINGTAN, 2020)}/cells/t1.nope.x").status_code == 404


def test_unknown_reports_and_versions_are_404_pages_in_chinese(site: Site) -> None:
    client = site.client("访客丙")
    missing = client.get(url("没有这个机关", 2020))
    assert missing.status_code == 404 and "库中没有机关" in missing.text
    assert client.get(url(PINGTAN, 2018)).status_code == 404
    assert client.get(url(PINGTAN, 2020) + "?version=9").status_code == 404
    assert "页面或资源不存在" in client.get("/no/such/page").text


def test_original_file_is_a_download_never_a_page(site: Site) -> None:
    client = site.client("访客丙")
    got = client.get(f"{url(PINGTAN, 2020)}/versions/1/file")
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/octet-stream"
    assert got.headers["content-disposition"].startswith("attachment;")
    assert "sandbox" in got.headers["content-security-policy"]
    with gongkai.open(site.db) as lib:
        stored = lib.get(PINGTAN, 2020)
        assert got.content == lib.original(stored.version.sha256)


def _findings_refs(html: str) -> list[str]:
    return [a.get("data-ref") for a in lxml.html.fromstring(html).xpath("//div[@class='findings']/article")]


def test_findings_page_keeps_document_and_reading_apart(site: Site) -> None:
    client = site.client("访客丙", app=site.app(page_size=500))
    with gongkai.open(site.db) as lib:
        document = lib.findings(origin="document")
        reading = lib.findings(origin="reading")
    default = client.get("/findings")  # 原文问题 first
    assert sorted(_findings_refs(default.text)) == sorted(f.fingerprint[:10] for f in document)
    assert f"原文问题（{len(document)}）" in default.text and f"读取存疑（{len(reading)}）" in default.text
    doubts = client.get("/findings?origin=reading")
    assert sorted(_findings_refs(doubts.text)) == sorted(f.fingerprint[:10] for f in reading)
    both = client.get("/findings?origin=all")
    assert len(_findings_refs(both.text)) == len(document) + len(reading)
    # errors come first
    kinds = [
        a.get("class").split()[1] for a in lxml.html.fromstring(both.text).xpath("//div[@class='findings']/article")
    ]
    assert kinds == sorted(kinds, key=["sev-error", "sev-warning", "sev-info"].index)


def test_findings_filters(site: Site) -> None:
    client = site.client("访客丙", app=site.app(page_size=500))
    with gongkai.open(site.db) as lib:
        errors = lib.findings(severity="error")
        pingtan_2019 = lib.findings(agency=PINGTAN, year=2019)
        one = lib.findings()[0]
        by_rule = lib.findings(rule=one.rule)
    got = client.get("/findings", params={"origin": "all", "severity": "error"})
    assert sorted(_findings_refs(got.text)) == sorted(f.fingerprint[:10] for f in errors)
    got = client.get("/findings", params={"origin": "all", "agency": "平潭", "year": "2019"})
    assert sorted(_findings_refs(got.text)) == sorted(f.fingerprint[:10] for f in pingtan_2019)
    got = client.get("/findings", params={"origin": "all", "rule": one.rule})
    assert sorted(_findings_refs(got.text)) == sorted(f.fingerprint[:10] for f in by_rule)
    got = client.get("/findings", params={"origin": "all", "ref": one.fingerprint[:10]})
    assert _findings_refs(got.text) == [one.fingerprint[:10]]
    assert client.get("/findings", params={"rule": "no_such_rule"}).status_code == 400
    bad = client.get("/findings", params={"severity": "严重"})
    assert bad.status_code == 400 and "级别应为" in bad.text
    assert client.get("/findings", params={"ref": "xyz<"}).status_code == 422


def test_findings_download_as_xlsx_follows_the_filter(site: Site) -> None:
    from openpyxl import load_workbook

    client = site.client("访客丙")
    with gongkai.open(site.db) as lib:
        document = lib.findings(origin="document")
    got = client.get("/findings.xlsx?origin=document")
    assert got.status_code == 200
    assert "spreadsheetml" in got.headers["content-type"]
    sheet = load_workbook(io.BytesIO(got.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("引用号", "机关", "年度")
    assert sorted(r[0] for r in rows[1:]) == sorted(f.fingerprint[:10] for f in document)
    assert {r[5] for r in rows[1:]} == {"原文问题"}


def test_reviewer_reviews_by_htmx_and_the_decision_survives_a_recheck(tmp_path_factory: pytest.TempPathFactory) -> None:
    from tests.web_support import examples, make_site

    own = make_site(tmp_path_factory.mktemp("review"), examples())
    client = own.client("审核员乙")
    token = csrf_of(client)
    with gongkai.open(own.db) as lib:
        target = lib.findings(severity="error")[0]
    ref = target.fingerprint[:10]
    hx = {"HX-Request": "true", "X-CSRF-Token": token}
    refused = client.post(f"/findings/{ref}/review", data={"action": "dismiss", "comment": " "}, headers=hx)
    assert refused.status_code == 422 and "须说明理由" in refused.text and f'id="f-{ref}"' in refused.text
    done = client.post(f"/findings/{ref}/review", data={"action": "confirm", "comment": "已与原文核对"}, headers=hx)
    assert done.status_code == 200
    card = lxml.html.fromstring(done.text)
    assert "rv-confirmed" in card.get("class") and "已确认：审核员乙" in card.text_content()
    noted = client.post(f"/findings/{ref}/review", data={"action": "note", "comment": "已函告该机关"}, headers=hx)
    assert "已确认：审核员乙" in lxml.html.fromstring(noted.text).text_content()  # a note keeps the state
    assert "已函告该机关" in noted.text
    history = client.get(f"/findings/{ref}/history")
    assert "已与原文核对" in history.text and "已函告该机关" in history.text
    recheck = client.post(f"{url(target.agency, target.year)}/recheck", headers={"X-CSRF-Token": token})
    assert recheck.status_code == 303
    after = client.get("/findings", params={"origin": "all", "ref": ref})
    assert "已确认：审核员乙" in after.text
    with gongkai.open(own.db) as lib:
        assert [e.reviewer for e in lib.review_log(ref)] == ["审核员乙", "审核员乙"]
        assert next(f for f in lib.findings() if f.fingerprint == target.fingerprint).review == "confirmed"
    # without HTMX the same form posts and comes back to the page it was on
    plain = client.post(
        f"/findings/{ref}/review",
        data={"action": "reopen", "csrf_token": token},
        headers={"referer": "http://testserver/findings"},
    )
    assert plain.status_code == 303 and plain.headers["location"] == "http://testserver/findings"
    unknown = client.post("/findings/0000000000/review", data={"action": "confirm"}, headers=hx)
    assert unknown.status_code == 404


def test_admin_pages_audit_and_users(tmp_path_factory: pytest.TempPathFactory) -> None:
    from tests.web_support import examples, make_site

    own = make_site(tmp_path_factory.mktemp("admin"), examples())
    admin = own.client("管理员甲")
    token = csrf_of(admin)
    with gongkai.open(own.db) as lib:
        target = lib.findings()[0]
    admin.post(
        f"/findings/{target.fingerprint[:10]}/review",
        data={"action": "dismiss", "comment": "原文如此"},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )
    added = admin.post(
        "/admin/users",
        data={"name": "新审核员", "role": "reviewer", "password": "new-pass-2026"},
        headers={"X-CSRF-Token": token},
    )
    assert added.status_code == 303
    duplicate = admin.post(
        "/admin/users",
        data={"name": "新审核员", "role": "viewer", "password": "new-pass-2026"},
        headers={"X-CSRF-Token": token},
    )
    assert duplicate.status_code == 400 and "已存在" in duplicate.text
    short = admin.post(
        "/admin/users", data={"name": "短", "role": "viewer", "password": "123"}, headers={"X-CSRF-Token": token}
    )
    assert short.status_code == 400 and "密码过短" in short.text
    admin.post(f"/admin/users/{quote('新审核员')}/role", data={"role": "viewer"}, headers={"X-CSRF-Token": token})
    last = admin.post(
        f"/admin/users/{quote('管理员甲')}/role", data={"role": "viewer"}, headers={"X-CSRF-Token": token}
    )
    assert last.status_code == 400 and "唯一的管理员" in last.text
    users = admin.get("/admin/users")
    rows = {
        r.xpath("td[1]")[0].text_content(): r.xpath("td[2]")[0].text_content()
        for r in lxml.html.fromstring(users.text).xpath("//table[@id='users']/tbody/tr")
    }
    assert rows["新审核员"] == "访客" and rows["管理员甲"] == "管理员"
    stored = own.client("审核员乙")
    assert stored.get("/reports").status_code == 200
    deleted = admin.post(
        f"{url(PINGTAN, 2019)}/versions/1/delete", data={"comment": "重复上传"}, headers={"X-CSRF-Token": token}
    )
    assert deleted.status_code == 303
    no_reason = admin.post(
        f"{url(PINGTAN, 2020)}/versions/1/delete", data={"comment": ""}, headers={"X-CSRF-Token": token}
    )
    assert no_reason.status_code == 400
    audit = lxml.html.fromstring(admin.get("/admin/audit").text)
    reviews = audit.xpath("//table[@id='review-log']/tbody/tr")[0].text_content()
    assert "管理员甲" in reviews and "原文如此" in reviews and target.fingerprint[:10] in reviews
    versions = audit.xpath("//table[@id='version-log']/tbody/tr")[0].text_content()
    assert "删除" in versions and "重复上传" in versions and PINGTAN in versions
    people = " ".join(r.text_content() for r in audit.xpath("//table[@id='user-log']/tbody/tr"))
    assert "新审核员" in people and "更改角色" in people and "审核员 → 访客" in people
    with gongkai.open(own.db) as lib:
        assert [r.year for r in lib.reports(agency=PINGTAN)] == [2020]


def test_admin_sets_and_unsets_the_current_version(tmp_path_factory: pytest.TempPathFactory) -> None:
    from gongkai.examples import example_path
    from tests.web_support import make_site

    folder = tmp_path_factory.mktemp("versions")
    original = example_path().read_text(encoding="utf-8")
    (folder / "v2").mkdir()
    revised = folder / "v2" / "shizhong-revised.txt"
    revised.write_text(original.replace("2025年1月", "2025年2月", 1) + "\n（更正）\n", encoding="utf-8")
    own = make_site(folder, [example_path(), revised])
    with gongkai.open(own.db) as lib:
        stored = lib.reports()[0]
    assert stored.versions == 2
    admin = own.client("管理员甲")
    token = csrf_of(admin)
    other = 1 if stored.version == 2 else 2
    got = admin.post(f"{url(stored.agency, stored.year)}/versions/{other}/current", headers={"X-CSRF-Token": token})
    assert got.status_code == 303
    with gongkai.open(own.db) as lib:
        assert lib.get(stored.agency, stored.year).version.number == other
    page = admin.get(url(stored.agency, stored.year))
    assert "（管理员指定）" in page.text and "恢复按规则确定现行版本" in page.text
    # a finding reviewed on the page of the version that is not current comes back for that version
    with gongkai.open(own.db) as lib:
        old = lib.get(stored.agency, stored.year, stored.version)
        entry = lib.finding_page(version_id=old.version.id, limit=1).items[0]
    ref = entry.finding.fingerprint[:10]
    old_page = admin.get(url(stored.agency, stored.year) + f"?version={stored.version}")
    assert f'name="version_id" value="{old.version.id}"' in old_page.text
    done = admin.post(
        f"/findings/{ref}/review",
        data={"action": "confirm", "version_id": str(old.version.id)},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )
    assert done.status_code == 200 and f'name="version_id" value="{old.version.id}"' in done.text
    admin.post(f"{url(stored.agency, stored.year)}/versions/auto", headers={"X-CSRF-Token": token})
    with gongkai.open(own.db) as lib:
        assert lib.get(stored.agency, stored.year).version.number == stored.version
        assert [e["action"] for e in lib.version_log()] == ["set_current", "unpin"]


def test_pages_work_with_anonymous_reading_on(site: Site) -> None:
    client = site.client(app=site.app(anonymous_read=True))
    for path in ("/reports", url(PINGTAN, 2020), "/findings", "/findings.xlsx", "/api/reports"):
        assert client.get(path).status_code == 200, path
    page = client.get("/reports")
    assert "上传核查" not in page.text and "登录" in page.text
    assert client.get("/upload").headers["location"] == "/login?next=/upload"
    assert client.get("/admin/audit").headers["location"] == "/login?next=/admin/audit"
    assert site.client("访客丙").get("/admin/audit").status_code == 403


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongkai.errors import ConfigError
    from gongkai.web.settings import WebSettings

    monkeypatch.setenv("GONGKAI_ANONYMOUS_READ", "1")
    monkeypatch.setenv("GONGKAI_MAX_UPLOAD_MB", "10")
    got = WebSettings.load()
    assert got.anonymous_read and got.max_upload_bytes == 10 * 1024 * 1024
    assert not WebSettings.load(anonymous_read=False).anonymous_read  # an argument wins
    monkeypatch.setenv("GONGKAI_ANONYMOUS_READ", "perhaps")
    with pytest.raises(ConfigError, match="true/false"):
        WebSettings.load()
    monkeypatch.delenv("GONGKAI_ANONYMOUS_READ")
    monkeypatch.setenv("GONGKAI_SECRET", "short")
    with pytest.raises(ConfigError, match="32"):
        WebSettings.load()
    assert replace(WebSettings(), page_size=3).page_size == 3


def test_every_page_on_sqlite_and_postgresql(db_url: str) -> None:
    """The same pages, filters, sorting and review on both backends (the library's own tests run on both)."""
    from gongkai.web.settings import WebSettings
    from tests.web_support import PASSWORDS, ROLES, SECRET, Site, examples

    with gongkai.open(db_url) as lib:
        lib.ingest(examples(), workers=1)
        for name, role in ROLES.items():
            lib.add_user(name, PASSWORDS[name], role, who="测试")
        target = lib.findings(severity="error")[0]
    own = Site(db_url, WebSettings(secret=SECRET, page_size=2))
    app = own.app()
    try:
        _every_page(own.client("管理员甲", app=app), target)
    finally:
        app.state.library.close()  # the server's connections, before the test database is dropped


def _every_page(client: Any, target: Any) -> None:
    for path in (
        "/reports",
        "/reports?page=2",
        "/reports?sort=errors&desc=1",
        "/reports?sort=warnings",
        "/reports?sort=published&desc=1",
        "/reports?agency=平潭&year=2020",
        url(PINGTAN, 2020),
        f"{url(PINGTAN, 2020)}/cells/{target.cells[0]}",
        "/findings",
        "/findings?origin=all&severity=error&review=open&agency=平潭&year=2020",
        f"/findings?origin=all&ref={target.fingerprint[:10]}&rule={target.rule}",
        "/findings.xlsx?origin=all",
        "/upload",
        "/admin/audit",
        "/admin/users",
        "/api/reports?sort=errors&desc=true",
        "/api/findings?origin=document",
    ):
        assert client.get(path).status_code == 200, path
    token = csrf_of(client)
    ref = target.fingerprint[:10]
    done = client.post(
        f"/findings/{ref}/review",
        data={"action": "confirm", "comment": "核对无误"},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )
    assert "已确认：管理员甲" in done.text
    api = client.post(
        f"/api/findings/{ref}/review",
        json={"state": "dismissed", "comment": "原文如此"},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 200 and api.json()["state"] == "dismissed" and api.json()["reviewer"] == "管理员甲"
    assert [e["state"] for e in client.get(f"/api/findings/{ref}/reviews").json()] == ["confirmed", "dismissed"]
    audit = client.get("/admin/audit?page=1").text
    assert "原文如此" in audit and "核对无误" in audit


def test_api_reports_findings_and_its_docs(site: Site) -> None:
    client = site.client("访客丙")
    with gongkai.open(site.db) as lib:
        stored = lib.reports()
        findings = lib.findings(origin="document")
    listed = client.get("/api/reports?limit=2").json()
    assert listed["total"] == len(stored) and len(listed["items"]) == 2
    rest = client.get("/api/reports?limit=2&offset=2").json()["items"]
    assert {(r["agency"], r["year"]) for r in listed["items"] + rest} == {(r.agency, r.year) for r in stored}
    one = client.get(f"/api/reports/{quote(agency_key(PINGTAN), safe='')}/2020").json()
    assert one["agency"] == PINGTAN and one["year"] == 2020 and "t2.o_total.natural" in one["report"]["values"]
    got = client.get("/api/findings?origin=document&limit=500").json()
    assert got["total"] == len(findings)
    assert sorted(f["ref"] for f in got["items"]) == sorted(f.fingerprint[:10] for f in findings)
    assert sum(c["n"] for c in got["counts"] if c["origin"] == "document") == len(findings)
    me = client.get("/api/me").json()
    assert me["user"] == {"name": "访客丙", "role": "viewer", "role_label": "访客"}
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/api/findings/{ref}/review" in docs.text
    schema = client.get("/api/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/me",
        "/api/reports",
        "/api/reports/{agency}/{year}",
        "/api/findings",
        "/api/findings/{ref}/reviews",
        "/api/findings/{ref}/review",
        "/api/agencies/{key}",
        "/api/compare",
        "/api/coverage/{year}",
        "/api/export",
        "/api/ingest",
        "/api/ingest/{job_id}",
    }


def test_exports_download_as_a_workbook_or_a_zip(site: Site) -> None:
    import zipfile

    from openpyxl import load_workbook

    client = site.client("访客丙")
    page = client.get("/export")
    assert page.status_code == 200 and "3 份报告" in page.text
    book = client.get("/export/download?format=xlsx&shape=wide")
    assert book.status_code == 200 and "spreadsheetml" in book.headers["content-type"]
    sheets = load_workbook(io.BytesIO(book.content), read_only=True).sheetnames
    assert sheets == ["数据（宽表）", "核查发现", "数据字典"]
    csvs = client.get("/export/download?format=csv&shape=tidy")
    assert csvs.status_code == 200 and csvs.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(csvs.content)) as archive:
        assert sorted(archive.namelist()) == ["cells_tidy.csv", "dictionary.csv", "findings.csv"]
        with gongkai.open(site.db) as lib:
            n = len(lib.findings())
        assert archive.read("findings.csv").decode("utf-8-sig").count("\n") >= n + 1
    assert client.get("/export/download?format=exe").status_code == 400
    assert site.client().get("/export/download?format=csv").status_code == 303  # signed-in readers only
