"""Security of the web app: every write refuses anonymous and under-privileged callers, CSRF is required,
report text never becomes markup, sessions end when they should, headers and limits hold."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import lxml.html
import pytest
from sqlalchemy import update

import gongkai
from gongkai import synth
from gongkai.check import agency_key
from gongkai.store import schema as s
from gongkai.store.coverage import expected_agency
from tests.web_support import PASSWORDS, Site, csrf_of, example_site, login, make_site

PINGTAN = "平潭综合实验区"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return example_site(tmp_path_factory)


KEY = quote(agency_key(PINGTAN), safe="")

# every write route of the app: (method, path template, the role it needs, a concrete path, form data)
WRITES: list[tuple[str, str, str, str, dict[str, Any]]] = [
    ("POST", "/upload", "reviewer", "/upload", {}),
    ("POST", "/reports/{key}/{year}/recheck", "reviewer", f"/reports/{KEY}/2020/recheck", {}),
    ("POST", "/findings/{ref}/review", "reviewer", "/findings/{ref}/review", {"action": "confirm"}),
    ("POST", "/api/findings/{ref}/review", "reviewer", "/api/findings/{ref}/review", {}),
    ("POST", "/reports/{key}/{year}/versions/{number}/current", "admin", f"/reports/{KEY}/2020/versions/1/current", {}),
    ("POST", "/reports/{key}/{year}/versions/auto", "admin", f"/reports/{KEY}/2020/versions/auto", {}),
    (
        "POST",
        "/reports/{key}/{year}/versions/{number}/delete",
        "admin",
        f"/reports/{KEY}/2020/versions/1/delete",
        {"comment": "x"},
    ),
    ("POST", "/admin/users", "admin", "/admin/users", {"name": "闯入者", "role": "admin", "password": "intruder-2026"}),
    ("POST", "/admin/users/{name}/role", "admin", f"/admin/users/{quote('访客丙')}/role", {"role": "admin"}),
    (
        "POST",
        "/admin/users/{name}/password",
        "admin",
        f"/admin/users/{quote('管理员甲')}/password",
        {"password": "x" * 12},
    ),
    ("POST", "/admin/users/{name}/active", "admin", f"/admin/users/{quote('管理员甲')}/active", {"active": "0"}),
    ("POST", "/api/ingest", "reviewer", "/api/ingest", {}),
    ("POST", "/agencies/{key}", "admin", f"/agencies/{KEY}", {"region": "闯入/者", "level": "省级"}),
    ("POST", "/coverage/list", "reviewer", "/coverage/list", {}),
    ("POST", "/coverage/list/add", "reviewer", "/coverage/list/add", {"name": "闯入者局"}),
    ("POST", "/coverage/list/{entry_id}", "reviewer", "/coverage/list/1", {"name": "闯入者局"}),
    ("POST", "/coverage/list/{entry_id}/delete", "admin", "/coverage/list/1/delete", {}),
    (
        "POST",
        "/fill",
        "reviewer",
        "/fill",
        {"action": "save", "agency": "闯入者局", "year": "2024"},
    ),
    ("POST", "/fill/load", "reviewer", "/fill/load", {}),
    ("POST", "/fill/drafts/{draft_id}/delete", "reviewer", "/fill/drafts/1/delete", {}),
]
# routes that take files: the form field and what is sent in it
FILE_FIELDS = {
    "/upload": ("files", "a.txt", b"x"),
    "/api/ingest": ("files", "a.txt", b"x"),
    "/coverage/list": ("file", "名单.csv", "名称,层级\n闯入者局,县级部门\n".encode()),
    "/fill/load": ("file", "模板.xlsx", b"PK"),
}
# writes anyone may make (they change only the caller's own session)
OPEN_WRITES = {("POST", "/login"), ("POST", "/logout")}


def _routes(app: Any) -> set[tuple[str, str]]:
    """(method, path) of every route, also inside included routers."""
    out: set[tuple[str, str]] = set()

    def walk(routes: Any) -> None:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                walk(inner.routes)
                continue
            for method in getattr(route, "methods", None) or ():
                out.add((method, route.path))

    walk(app.routes)
    return out


def _state(db: str) -> tuple[Any, ...]:
    """Everything a write could change."""
    with gongkai.open(db) as lib:
        return (
            [(r.agency, r.year, r.version, r.versions) for r in lib.reports()],
            [(u.name, u.role, u.active, u.stamp) for u in lib.users()],
            [(e.fingerprint, e.state) for e in lib.review_log()],
            lib.version_log(),
            lib.counts(),
            [(e.name, e.level, e.parent) for e in lib.expected()],
            [(d.id, d.agency, d.year) for d in lib.drafts()],
            lib.generations(),
            lib.agency_log(),
            [(r.agency, r.region, r.level) for r in lib.reports()],
        )


def _send(client: Any, method: str, path: str, data: dict[str, Any], token: str | None, ref: str) -> Any:
    path = path.replace("{ref}", ref)
    headers = {"X-CSRF-Token": token} if token else {}
    if path in FILE_FIELDS:
        field, name, content = FILE_FIELDS[path]
        return client.post(path, files=[(field, (name, content))], data=data, headers=headers)
    if path.startswith("/api/"):
        return client.request(method, path, json={"state": "confirmed"}, headers=headers)
    return client.request(method, path, data=data, headers=headers)


@pytest.fixture(scope="module")
def ref(site: Site) -> str:
    with gongkai.open(site.db) as lib:
        return lib.findings()[0].fingerprint[:10]


def test_the_list_of_write_routes_is_complete(site: Site) -> None:
    """A new write route must be added to WRITES (and so to every test below)."""
    app = site.app()
    writes = {(m, p) for m, p in _routes(app) if m not in ("GET", "HEAD", "OPTIONS")}
    assert writes == {(m, p) for m, p, *_ in WRITES} | OPEN_WRITES


def _every_write(app: Any, ref: str) -> list[tuple[str, str]]:
    """Every write route of the app as it is now (not a list kept by hand), with its path parameters filled
    in: (method, concrete path)."""
    values = {"key": KEY, "year": "2020", "number": "1", "ref": ref, "name": quote("管理员甲")}
    out = []
    for method, path in sorted(_routes(app)):
        if method in ("GET", "HEAD", "OPTIONS") or (method, path) in OPEN_WRITES:
            continue
        out.append((method, re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "1"), path)))
    return out


def _send_any(client: Any, method: str, path: str, token: str | None) -> Any:
    """A write with a body of each kind a route may take (files, a form, JSON)."""
    headers = {"X-CSRF-Token": token} if token else {}
    if path.startswith("/api/") and not path.endswith("/ingest"):
        return client.request(method, path, json={"state": "confirmed"}, headers=headers)
    return client.request(method, path, files=[("file", ("a.txt", b"x")), ("files", ("a.txt", b"x"))], headers=headers)


def test_every_write_route_of_the_app_refuses_anonymous_viewer_and_no_csrf(site: Site, ref: str) -> None:
    """Enumerated from the app itself: a route added tomorrow is covered without anyone listing it."""
    app = site.app()
    writes = _every_write(app, ref)
    assert len(writes) >= 20
    before = _state(site.db)
    anonymous = site.client(app=app)
    viewer = site.client("访客丙", app=app)
    admin = site.client("管理员甲", app=app)
    tokens = {id(c): csrf_of(c) for c in (anonymous, viewer)}
    for method, path in writes:
        got = _send_any(anonymous, method, path, tokens[id(anonymous)])
        assert got.status_code == 401, (path, got.status_code)
        got = _send_any(viewer, method, path, tokens[id(viewer)])
        assert got.status_code == 403 and "权限不足" in got.text, (path, got.status_code)
        got = _send_any(admin, method, path, None)
        assert got.status_code == 403 and "CSRF" in got.text, (path, got.status_code)
    assert _state(site.db) == before


def test_anonymous_writes_are_401_and_change_nothing(site: Site, ref: str) -> None:
    for anonymous_read in (False, True):
        client = site.client(app=site.app(anonymous_read=anonymous_read))
        token = csrf_of(client)  # even with a valid CSRF token of its own session
        before = _state(site.db)
        for method, template, _role, path, data in WRITES:
            got = _send(client, method, path, data, token, ref)
            assert got.status_code == 401, (template, got.status_code, got.text[:200])
        assert _state(site.db) == before


def test_under_privileged_writes_are_403_and_change_nothing(site: Site, ref: str) -> None:
    before = _state(site.db)
    for who, allowed in (("访客丙", set()), ("审核员乙", {"reviewer"})):
        client = site.client(who)
        token = csrf_of(client)
        for method, template, role, path, data in WRITES:
            if role in allowed:
                continue
            got = _send(client, method, path, data, token, ref)
            assert got.status_code == 403, (who, template, got.status_code)
            assert "权限不足" in got.text
    assert _state(site.db) == before


def test_writes_without_the_csrf_token_are_refused(site: Site, ref: str) -> None:
    admin = site.client("管理员甲")
    before = _state(site.db)
    for method, template, _role, path, data in WRITES:
        got = _send(admin, method, path, data, None, ref)
        assert got.status_code == 403, (template, got.status_code)
        assert "CSRF" in got.text
        wrong = _send(admin, method, path, data, "0" * 43, ref)
        assert wrong.status_code == 403, template
    # a token of another session does not do either
    other = csrf_of(site.client("审核员乙"))
    got = _send(admin, "POST", f"/reports/{KEY}/2020/recheck", {}, other, ref)
    assert got.status_code == 403
    assert _state(site.db) == before
    # signing in and out need the token too (no login CSRF)
    anonymous = site.client()
    assert anonymous.post("/login", data={"name": "管理员甲", "password": PASSWORDS["管理员甲"]}).status_code == 403
    assert admin.post("/logout").status_code == 403


def test_api_errors_have_one_json_shape(site: Site, ref: str) -> None:
    anonymous = site.client()
    for path in ("/api/reports", "/api/findings", f"/api/reports/{KEY}/2020"):
        got = anonymous.get(path)
        assert got.status_code == 401 and got.json() == {
            "error": {"status": 401, "code": "unauthorized", "message": "请先登录"}
        }
    viewer = site.client("访客丙")
    missing = viewer.get(f"/api/reports/{quote('没有')}/2020")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    bad = viewer.get("/api/findings?limit=100000")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid"
    reviewer = site.client("审核员乙")
    refused = reviewer.post(
        f"/api/findings/{ref}/review", json={"state": "dismissed"}, headers={"X-CSRF-Token": csrf_of(reviewer)}
    )
    assert refused.status_code == 400 and "须说明理由" in refused.json()["error"]["message"]


def test_security_headers_on_every_answer(site: Site) -> None:
    client = site.client("访客丙")
    for path in ("/reports", "/login", "/no/such/page", "/static/app.css", "/api/reports"):
        got = client.get(path)
        csp = got.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp
        assert got.headers["x-content-type-options"] == "nosniff"
        assert got.headers["x-frame-options"] == "DENY"
    page = client.get("/reports")
    assert page.headers["cache-control"] == "no-store"
    signed_in = login(site.client(), "访客丙", PASSWORDS["访客丙"])
    cookie = signed_in.headers["set-cookie"].lower()
    assert "gongkai_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.text)  # no inline script anywhere
    assert "http://" not in page.text.replace("http://testserver", "") and "https://" not in page.text


def test_sessions_are_signed_and_end_when_they_should(tmp_path: Path) -> None:
    own = make_site(tmp_path, [])
    client = own.client("审核员乙")
    assert client.get("/upload").status_code == 200
    forged = own.client()
    forged.cookies.set("gongkai_session", client.cookies.get("gongkai_session")[:-4] + "AAAA")
    assert forged.get("/upload").headers.get("location") == "/login?next=/upload"
    other_secret = own.client(app=own.app(secret="another-secret-" + "y" * 40))
    other_secret.cookies.set("gongkai_session", client.cookies.get("gongkai_session"))
    assert other_secret.get("/upload").headers.get("location") == "/login?next=/upload"
    with gongkai.open(own.db) as lib:
        lib.set_password("审核员乙", "a-new-password-1", who="测试")
    assert client.get("/upload").headers.get("location") == "/login?next=/upload"  # a new password ends the session
    login(client, "审核员乙", "a-new-password-1")
    assert client.get("/upload").status_code == 200
    with gongkai.open(own.db) as lib:
        lib.set_active("审核员乙", False, who="测试")
    assert client.get("/upload").headers.get("location") == "/login?next=/upload"  # so does disabling the user
    refused = login(client, "审核员乙", "a-new-password-1")
    assert refused.status_code == 401 and "用户名或密码不正确" in refused.text
    short = own.client("访客丙", app=own.app(session_hours=0))
    assert short.get("/reports").status_code == 303  # a session older than its lifetime is over
    token = csrf_of(own.client())
    assert len(token) >= 32


def test_sign_in_is_throttled_and_never_redirects_elsewhere(tmp_path: Path) -> None:
    own = make_site(tmp_path, [])
    client = own.client()
    for _ in range(5):
        assert login(client, "管理员甲", "wrong-password").status_code == 401
    blocked = login(client, "管理员甲", PASSWORDS["管理员甲"])
    assert blocked.status_code == 429 and "15 分钟" in blocked.text
    other = own.client()  # the same app, another name: not locked
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        page = other.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        got = other.post(
            "/login", data={"name": "访客丙", "password": PASSWORDS["访客丙"], "csrf_token": token, "next": target}
        )
        assert got.status_code == 303 and got.headers["location"] == "/reports", target
        other.post("/logout", data={"csrf_token": csrf_of(other)})


def _hostile_site(folder: Path) -> tuple[Site, str, str]:
    """A library holding a report whose agency name, file name, one cell and one section carry markup."""
    agency = "<script>alert(1)</script>东城区教育局"
    case = dataclasses.replace(synth.make_case(1), agency=agency)
    data, suffix = synth.render(case, "word_tab")
    inputs = folder / "in"
    inputs.mkdir()
    # the reader does not take a name with markup from the title; the file name gives it (and is shown too)
    name = f"<img src=x onerror=alert(1)>东城区教育局{case.year}年政府信息公开工作年度报告{suffix}"
    (inputs / name).write_bytes(data)
    hostile = make_site(folder, [inputs])
    with gongkai.open(hostile.db) as lib:
        (stored,) = lib.reports()
        # what a reader could one day let through: a cell and a section printed with markup in them
        with lib.writer.begin() as conn:
            conn.execute(
                update(s.cells)
                .where(s.cells.c.version_id == stored.version_id, s.cells.c.cell == "t2.r_new.natural")
                .values(raw="<script>alert(2)</script>", kind="text", value=None)
            )
            conn.execute(
                update(s.sections)
                .where(s.sections.c.version_id == stored.version_id, s.sections.c.section == "s1")
                .values(text='<img src=x onerror="alert(3)">总体情况', heading="一、总体情况<b>粗</b>")
            )
            conn.execute(update(s.agencies).values(name=agency))
    return hostile, agency, name


def test_report_text_is_shown_as_text_never_as_markup(tmp_path: Path) -> None:
    hostile, agency, file_name = _hostile_site(tmp_path)
    client = hostile.client("审核员乙")
    pages = [client.get("/reports"), client.get("/findings?origin=all"), client.get("/admin/audit")]
    listing = pages[0].text
    link = re.search(r'href="(/reports/[^"]+/\d{4})"', listing).group(1)  # type: ignore[union-attr]
    pages.append(client.get(link))
    pages.append(client.get(f"{link}/cells/t2.r_new.natural", headers={"HX-Request": "true"}))
    pages.append(client.get(f"{link}/cells/t2.r_new.natural"))
    for got in pages:
        assert got.status_code in (200, 403), got.status_code
        for payload in ("<script>alert", "<img src=x onerror", "<b>粗</b>"):
            assert payload not in got.text, (got.url, payload)
    report = pages[3].text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;东城区教育局" in report  # the agency, as text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in report  # the cell, as text
    assert "&lt;img src=x onerror=&#34;alert(3)&#34;&gt;总体情况" in report  # the section, as text
    assert "&lt;img src=x onerror=alert(1)&gt;" in report  # the file name, as text
    doc = lxml.html.fromstring(report)
    assert not doc.xpath("//script[not(@src)]") and not doc.xpath("//img") and not doc.xpath("//b")
    cell = doc.xpath("//td[@data-cell='t2.r_new.natural']")[0]
    assert cell.text_content() == "<script>alert(2)</script>"
    assert agency in doc.xpath("//h1")[0].text_content()
    evidence = lxml.html.fromstring(pages[4].text)
    assert evidence.xpath("//span[@class='raw']")[0].text_content() == "<script>alert(2)</script>"
    assert agency in lxml.html.fromstring(listing).xpath("//table[@id='report-list']")[0].text_content()
    api = client.get("/api/reports").json()
    assert api["items"][0]["agency"] == agency  # JSON carries the text as it is; browsers never run JSON
    assert (
        file_name
        in client.get(f"/api/reports/{link.split('/')[2]}/{link.split('/')[3]}").json()["version"]["file_name"]
    )


def test_agency_names_are_text_on_agency_compare_coverage_and_fill(tmp_path: Path) -> None:
    hostile, agency, _file_name = _hostile_site(tmp_path)
    with gongkai.open(hostile.db) as lib:
        (stored,) = lib.reports()
        lib.save_expected(
            [
                expected_agency(agency, "县级部门", "<img src=x onerror=alert(4)>上级", "", "", ""),
                expected_agency("<script>alert(5)</script>未发布局", "县级部门", "", "", "", ""),
            ],
            who="测试",
        )
    client = hostile.client("审核员乙")
    key = quote(stored.agency_key, safe="")
    pages = {
        "机关页": client.get(f"/agencies/{key}"),
        "对比": client.get(f"/compare?year={stored.year}"),
        "报送情况": client.get(f"/coverage?year={stored.year}"),
        "名单": client.get("/coverage/list"),
        "填报": client.get("/fill?" + urlencode({"base_agency": stored.agency_key, "base_year": stored.year})),
    }
    for name, got in pages.items():
        assert got.status_code == 200, (name, got.status_code)
        for payload in ("<script>alert", "<img src=x onerror"):
            assert payload not in got.text, (name, payload)
        doc = lxml.html.fromstring(got.text)
        assert not doc.xpath("//script[not(@src)]") and not doc.xpath("//img[not(@class='crop')]"), name
        shown = doc.text_content() + "".join(el.get("value") or "" for el in doc.xpath("//input"))
        assert agency in shown, name  # as text, or as the value of a field (editable lists, the form)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;东城区教育局" in pages["机关页"].text
    assert "&lt;script&gt;alert(5)&lt;/script&gt;未发布局" in pages["报送情况"].text
    assert "&lt;img src=x onerror=alert(4)&gt;上级" in pages["报送情况"].text
    fill = lxml.html.fromstring(pages["填报"].text)
    assert fill.xpath("//form[@id='fill-form']//input[@name='agency']")[0].get("value") == agency
    # the charts' data travel as JSON in an attribute, drawn on a canvas: the name is data, never markup
    for got in (pages["机关页"], pages["对比"]):
        for el in lxml.html.fromstring(got.text).xpath("//*[@data-chart]"):
            spec = json.loads(el.get("data-chart"))
            assert spec["kind"] != "ranges" or spec["categories"][0].endswith(agency)  # data for a canvas
    api = client.get(f"/api/agencies/{key}").json()
    assert api["agency"] == agency
