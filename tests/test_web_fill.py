"""填报 (issue 11c): the form in the official layout, last year's 结转下年度 and 现行有效 carried into this year,
核查 first, a report with errors refused unless forced (and then recorded), what is generated reads back as
typed, a bad value loses nothing, drafts, and only reviewers with the session's CSRF token may use it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import lxml.html
import pytest

import gongkai
from gongkai import synth
from gongkai.generate import SUFFIX
from gongkai.normalize import Kind
from gongkai.spec import load
from gongkai.synth.values import fmt_number
from tests.web_support import Site, csrf_of, example_site

YEAR = 2023  # the generated report's year: no report of the year before in the library


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return example_site(tmp_path_factory)


def _fields(html: str) -> dict[str, str]:
    """Every named field of the fill form, as the browser would send it (textareas too)."""
    form = lxml.html.fromstring(html).xpath("//form[@id='fill-form']")[0]
    out: dict[str, str] = {}
    for el in form.xpath(".//input[@name] | .//textarea[@name]"):
        if el.get("type") in ("checkbox", "submit", "file"):
            continue
        out[el.get("name")] = el.text_content() if el.tag == "textarea" else (el.get("value") or "")
    for sel in form.xpath(".//select[@name]"):
        chosen = sel.xpath("option[@selected]")
        out[sel.get("name")] = chosen[0].get("value") if chosen else ""
    return out


def _typed(seed: int = 3, **changes: str) -> dict[str, str]:
    """A consistent generated report as typed into the form, with ``changes`` (cell id → text) on top."""
    case = synth.make_case(seed, version="2021")
    cells = {cid: "" if v is None else fmt_number(v) for cid, v in case.cells.items()}
    cells.update({name.removeprefix("c:"): text for name, text in changes.items()})
    form = {
        "agency": case.agency,
        "year": str(YEAR),
        "format": "2021",
        "period_start": f"{YEAR}-01-01",
        "period_end": f"{YEAR}-12-31",
        "published": f"{YEAR + 1}-01-20",
        "phone": "0571-12345678",
        **{f"c:{cid}": text for cid, text in cells.items()},
    }
    for section in load("2021").sections:
        form[f"s:{section.id}"] = f"{section.label}的正文。\n第二段。"
    return form


def _post(client: Any, form: dict[str, str], action: str, **extra: str) -> Any:
    return client.post("/fill", data={**form, "action": action, **extra}, headers={"X-CSRF-Token": csrf_of(client)})


def test_the_form_starts_from_last_years_carry_over_and_valid_counts(site: Site) -> None:
    with gongkai.open(site.db) as lib:
        summary = next(r for r in lib.reports() if r.year == 2024)  # 市中区, in the 2021 format
        previous = lib.get(summary.agency_key, 2024).report
    client = site.client("审核员乙")
    got = client.get("/fill?" + urlencode({"agency": summary.agency, "year": "2025"}))
    assert got.status_code == 200
    fields = _fields(got.text)
    spec = load("2021")
    carried = 0
    for column in spec.tables["t2"].columns:
        last = previous.cells.get(f"t2.r_next.{column.id}")
        if last is not None:
            assert fields[f"c:t2.r_carried.{column.id}"] == fmt_number(last)
            carried += 1
    for cid in (c for c in spec.cell_ids if c.startswith("t1.") and c.endswith(".valid")):
        if previous.cells.get(cid) is not None:
            assert fields[f"c:{cid}"] == fmt_number(previous.cells[cid])
            carried += 1
    assert carried >= 5
    assert fields["c:t2.r_new.natural"] == ""  # nothing else is carried
    doc = lxml.html.fromstring(got.text)
    assert doc.xpath("//td[@data-cell='t2.r_carried.total' and contains(@class, 'carried')]")
    assert "上年结转已按 2024 年度报告" in got.text and "现行有效件数已按 2024 年度的数字预填" in got.text
    assert fields["period_start"] == "2025-01-01" and fields["period_end"] == "2025-12-31"
    # the official layout: the merged header of table three as the national template has it
    assert doc.xpath("//section[@id='fill-s3']//th[@colspan='5' and normalize-space()='法人或其他组织']")
    # 带入上年数据 on a form being typed fills only what is still blank
    typed = {**fields, "c:t2.r_carried.natural": "999"}
    again = _post(client, {k: v for k, v in typed.items() if k != "csrf_token"}, "carry")
    assert _fields(again.text)["c:t2.r_carried.natural"] == "999"
    # an agency with nothing the year before starts blank, and says so when asked to carry
    fresh = client.get("/fill?" + urlencode({"agency": "新设局", "year": "2025"}))
    assert _fields(fresh.text)["c:t2.r_carried.total"] == ""
    nothing = _post(client, {"agency": "新设局", "year": "2025"}, "carry")
    assert "库中没有“新设局”2024 年度的报告" in nothing.text


def test_checks_run_first_and_an_error_refuses_the_report_unless_forced(site: Site) -> None:
    client = site.client("审核员乙")
    good = _typed()
    wrong = _typed(**{"c:t2.r_new.natural": str(int(good["c:t2.r_new.natural"]) + 3)})
    checked = _post(client, wrong, "check")
    assert checked.status_code == 200
    doc = lxml.html.fromstring(checked.text)
    errors = doc.xpath("//section[@id='check-result']//li[contains(@class, 'sev-error')]")
    assert errors, checked.text[:2000]
    rule = errors[0].xpath("code")[0].text_content()
    assert doc.xpath("//td[@data-cell='t2.r_new.natural' and contains(@class, 'lit-error')]")  # lit in the form
    with gongkai.open(site.db) as lib:
        before = len(lib.generations())
    refused = _post(client, wrong, "docx")
    assert refused.status_code == 422 and "text/html" in refused.headers["content-type"]
    page = lxml.html.fromstring(refused.text)
    assert "未生成：核查发现" in page.xpath("//*[@id='refused']")[0].text_content()
    assert rule in page.xpath("//section[@id='check-result']")[0].text_content()  # the finding is named
    assert _fields(refused.text)["c:t2.r_new.natural"] == wrong["c:t2.r_new.natural"]  # and nothing is lost
    with gongkai.open(site.db) as lib:
        assert len(lib.generations()) == before  # nothing generated, nothing logged
    forced = _post(client, wrong, "docx", force="1")
    assert forced.status_code == 200 and forced.content[:2] == b"PK"
    assert forced.headers["content-disposition"].startswith("attachment;")
    with gongkai.open(site.db) as lib:
        logged = lib.generations()[0]
    assert logged["forced"] and logged["who"] == "审核员乙" and logged["form"] == "docx"
    assert logged["agency"] == wrong["agency"] and logged["year"] == YEAR and logged["errors"] >= 1
    assert rule in {f["rule"] for f in logged["findings"] if f["severity"] == "error"}
    audit = site.client("管理员甲").get("/admin/audit")
    row = lxml.html.fromstring(audit.text).xpath("//table[@id='generation-log']/tbody/tr")[0].text_content()
    assert "审核员乙" in row and "有错误仍然生成" in row and rule in row and wrong["agency"] in row
    # a report without errors is generated without forcing, and logged as not forced
    plain = _post(client, good, "html")
    assert plain.status_code == 200
    with gongkai.open(site.db) as lib:
        latest = lib.generations()[0]
    assert not latest["forced"] and latest["errors"] == 0 and latest["form"] == "html"


@pytest.mark.parametrize("form", ["docx", "html", "md"])
def test_what_is_generated_reads_back_as_typed(site: Site, form: str) -> None:
    client = site.client("审核员乙")
    # blanks and zeros where the report allows them: an empty cell stays empty, a typed 0 stays 0
    typed = _typed(
        7,
        **{"c:t1.rules.issued": "", "c:t1.rules.abolished": "0", "c:t4.reconsideration.other": "0"},
    )
    got = _post(client, typed, form)
    assert got.status_code == 200, got.text[:1000]
    report = gongkai.read(got.content, name=f"年报{SUFFIX[form]}")
    assert report.agency == typed["agency"] and report.year == YEAR
    for cid in load("2021").cell_ids:
        text = typed[f"c:{cid}"]
        value = report.value(cid)
        if text == "":
            assert value.kind is Kind.BLANK, (cid, value)
        else:
            assert value.kind is Kind.NUMBER and fmt_number(value.number) == text, (cid, text, value)
    assert report.value("t1.rules.abolished").number == 0 and report.value("t1.rules.issued").kind is Kind.BLANK
    for section in load("2021").sections:
        assert "第二段。" in (report.section(section.id).text if report.section(section.id) else ""), section.id


def test_a_bad_value_keeps_every_typed_field_and_says_what_is_wrong(site: Site) -> None:
    client = site.client("审核员乙")
    typed = {**_typed(), "year": "2O23", "published": "2024-02-30"}
    for action in ("check", "docx"):
        got = _post(client, typed, action)
        assert got.status_code == (200 if action == "check" else 422)
        assert "年度“2O23”应为四位数字" in got.text
        assert "发布日期“2024-02-30”不是日期" in got.text
        back = _fields(got.text)
        for name, value in typed.items():
            assert back.get(name) == value.replace("\r\n", "\n"), (action, name)
    with gongkai.open(site.db) as lib:
        assert not [g for g in lib.generations() if g["agency"] == typed["agency"] and g["year"] is None]
    unsaved = _post(client, {**typed, "agency": ""}, "save")  # a draft needs an agency and a year
    assert unsaved.status_code == 422 and "保存草稿须填写机关名称" in unsaved.text
    assert _fields(unsaved.text)["c:t2.r_new.natural"] == typed["c:t2.r_new.natural"]


def test_drafts_are_saved_and_reloaded(site: Site) -> None:
    client = site.client("审核员乙")
    typed = _typed(9, **{"c:t1.rules.issued": "", "c:t1.rules.abolished": "0"})
    saved = _post(client, typed, "save")
    assert saved.status_code == 200 and "已保存草稿" in saved.text
    with gongkai.open(site.db) as lib:
        (draft,) = [d for d in lib.drafts() if d.agency == typed["agency"]]
    assert draft.year == YEAR and draft.updated_by == "审核员乙"
    listed = client.get("/fill")
    assert f'href="/fill?draft={draft.id}"' in listed.text
    back = _fields(client.get(f"/fill?draft={draft.id}").text)
    for name, value in typed.items():
        assert back.get(name) == value, name
    _post(client, {**typed, "c:t1.rules.issued": "4"}, "save")  # saving again updates the same draft
    with gongkai.open(site.db) as lib:
        assert [d.id for d in lib.drafts() if d.agency == typed["agency"]] == [draft.id]
    assert _fields(client.get(f"/fill?draft={draft.id}").text)["c:t1.rules.issued"] == "4"
    token = csrf_of(client)
    gone = client.post(f"/fill/drafts/{draft.id}/delete", headers={"X-CSRF-Token": token})
    assert gone.status_code == 303
    assert client.get(f"/fill?draft={draft.id}").status_code == 404
    assert client.post(f"/fill/drafts/{draft.id}/delete", headers={"X-CSRF-Token": token}).status_code == 404


def test_only_reviewers_fill_and_the_csrf_token_is_needed(site: Site) -> None:
    typed = _typed()
    anonymous = site.client()
    assert anonymous.get("/fill").status_code == 303  # to the sign-in page
    assert (
        anonymous.post(
            "/fill", data={**typed, "action": "docx"}, headers={"X-CSRF-Token": csrf_of(anonymous)}
        ).status_code
        == 401
    )
    viewer = site.client("访客丙")
    assert viewer.get("/fill").status_code == 403
    for action in ("check", "save", "docx"):
        assert _post(viewer, typed, action).status_code == 403
    reviewer = site.client("审核员乙")
    with gongkai.open(site.db) as lib:
        before = (lib.generations(), [d.id for d in lib.drafts()])
    for action in ("save", "docx"):
        got = reviewer.post("/fill", data={**typed, "action": action})
        assert got.status_code == 403 and "CSRF" in got.text
        wrong = reviewer.post("/fill", data={**typed, "action": action}, headers={"X-CSRF-Token": "0" * 43})
        assert wrong.status_code == 403
    with gongkai.open(site.db) as lib:
        assert (lib.generations(), [d.id for d in lib.drafts()]) == before
