"""The walk in real Chromium (Debian's ``chromium``, driven by Playwright; no browser is downloaded):
sign in, upload reports (progress per file), see a lit cell and its evidence, confirm a finding, re-check,
still confirmed; then the PDF crop of a cell, 机关页, 对比, 报送情况 and 填报.

Screenshots go to the test's tmp folder and to /tmp/gongkai-web-shots/ for people to look at.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from gongkai import synth
from tests.conftest import SEEDS
from tests.web_support import PASSWORDS, Site, examples, make_site

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path("/tmp/gongkai-web-shots")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Chromium not installed: apt-get install chromium (Debian package; .ci/run installs it)",
    ),
]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with _serving(make_site(tmp_path, [])) as url:
        yield url


@contextlib.contextmanager
def _serving(site: Site) -> Iterator[str]:
    import uvicorn

    app = site.app()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the web server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the dev extra has it)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _generated_report_with_an_error(folder: Path) -> tuple[Path, str]:
    """A generated report whose table three prints one cell 3 too many (so identities break: red cells)."""
    case = synth.make_case(3)
    cells = dict(case.cells)
    cells["t2.r_new.natural"] = (cells["t2.r_new.natural"] or 0) + 3
    case = dataclasses.replace(case, cells=cells)
    data, suffix = synth.render(case, "word_tab")
    path = folder / f"{case.agency}{case.year}年度报告{suffix}"
    path.write_bytes(data)
    return path, case.agency


def _shot(page: Any, tmp_path: Path, name: str, *, full: bool = False) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def test_sign_in_upload_see_evidence_confirm_recheck(server: str, browser: Any, tmp_path: Path) -> None:
    generated, agency = _generated_report_with_an_error(tmp_path)
    seed = sorted(SEEDS.glob("*.txt"))[0]
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)

    # sign in
    page.goto(server + "/upload")
    assert "/login" in page.url
    page.fill("input[name=name]", "审核员乙")
    page.fill("input[name=password]", PASSWORDS["审核员乙"])
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/upload")

    # upload a real seed and a generated report with an error
    page.set_input_files("input[type=file]", [str(seed), str(generated)])
    assert page.locator("#chosen li").count() == 2
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#upload-job", timeout=60_000)  # the job answers at once, then polls
    page.wait_for_selector("#upload-job[data-done='1']", timeout=120_000)
    result = page.inner_text("#upload-result")
    assert "新入库 2 份" in result and agency in result
    assert page.locator("#job-files tbody tr[data-state='stored']").count() == 2
    _shot(page, tmp_path, "1-upload")

    # the report: the official tables, a red cell, its evidence
    page.click(f"#job-files .stored-version a:text('{agency}')")
    page.wait_for_selector("table.official")
    assert page.locator("section#table-t2 table.official th[colspan='5']").inner_text() == "法人或其他组织"
    lit = page.locator("table.official td.lit-error")
    assert lit.count() >= 1
    first = lit.first
    printed = first.inner_text()
    first.click()
    page.wait_for_selector("#evidence .evidence-card")
    evidence = page.inner_text("#evidence")
    assert printed in evidence and "行" in evidence and "涉及此单元格的核查发现" in evidence
    assert "selected" in (first.get_attribute("class") or "")
    first.scroll_into_view_if_needed()
    _shot(page, tmp_path, "2-report-lit-cell-evidence")

    # confirm the first error finding
    article = page.locator("#findings article.sev-error").first
    ref = article.get_attribute("data-ref")
    article.locator("textarea[name=comment]").fill("已与原文核对：第三部分表格数字不平衡")
    article.locator("button[value=confirm]").click()
    confirmed = page.locator(f"#f-{ref} .state-confirmed")
    confirmed.wait_for()
    assert "审核员乙" in confirmed.inner_text()

    # re-check: the decision stays (it hangs on the finding's fingerprint)
    page.click("#recheck")
    page.wait_for_selector("#flash .flash")
    assert "已重新核查" in page.inner_text("#flash")
    assert "已确认：审核员乙" in page.inner_text(f"#f-{ref}")
    _shot(page, tmp_path, "3-report-full", full=True)

    # and on the findings page, by its reference
    page.goto(f"{server}/findings?origin=all&ref={ref}")
    assert "已确认：审核员乙" in page.inner_text(f"#f-{ref}")
    page.goto(f"{server}/findings?origin=all")
    _shot(page, tmp_path, "4-findings")

    assert not problems, problems
    assert not outside, outside  # nothing loaded from anywhere else


def _sign_in(page: Any, server: str, who: str) -> None:
    page.goto(server + "/login")
    page.fill("input[name=name]", who)
    page.fill("input[name=password]", PASSWORDS[who])
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/reports")


def _chart_drawn(page: Any, selector: str) -> None:
    """ECharts drew into the element: a canvas of a real size, with coloured pixels."""
    page.wait_for_selector(f"{selector}[data-drawn='1'] canvas")
    box = page.locator(f"{selector} canvas").first.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150, box


@pytest.fixture
def library_site(tmp_path: Path) -> Site:
    """The bundled examples (平潭 2019 and 2020, 市中区 2024), one generated agency over three years and six
    more agencies in 2023."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    base = synth.make_case(11, version="2021")
    for year in (2021, 2022, 2023):
        case = dataclasses.replace(synth.make_case(11 + year, version="2021"), agency=base.agency, year=year)
        data, suffix = synth.render(case, "word_tab")
        (inputs / f"{case.agency}{year}年政府信息公开工作年度报告{suffix}").write_bytes(data)
    for seed in range(40, 46):  # other agencies of 2023, to compare with
        case = dataclasses.replace(synth.make_case(seed, version="2021"), year=2023)
        data, suffix = synth.render(case, "word_tab")
        (inputs / f"{case.agency}2023年政府信息公开工作年度报告{suffix}").write_bytes(data)
    return make_site(tmp_path, [inputs, *examples()])


def test_pdf_crop_agency_compare_coverage_and_fill(library_site: Site, browser: Any, tmp_path: Path) -> None:
    case = synth.make_case(5, version="2021")
    data, suffix = synth.render(case, "pdf_ruled")
    pdf = tmp_path / f"{case.agency}{case.year}年政府信息公开工作年度报告{suffix}"
    pdf.write_bytes(data)
    listing = tmp_path / "应报送名单.csv"
    listing.write_text(
        f"名称,层级,上级\n平潭综合实验区,市级政府,福建省\n{case.agency},县级部门,某市\n未发布局,县级部门,某市\n",
        encoding="utf-8",
    )
    with _serving(library_site) as server:
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
        _sign_in(page, server, "管理员甲")

        # a PDF uploaded: the job's progress, then the report and a cell's crop of the page
        page.goto(server + "/upload")
        page.set_input_files("input[type=file]", [str(pdf)])
        page.click("#upload-form button[type=submit]")
        page.wait_for_selector("#upload-job[data-done='1']", timeout=120_000)
        page.click(f"#job-files .stored-version a:text('{case.agency}')")
        page.wait_for_selector("table.official")
        cell = page.locator("section#table-t2 table.official td[data-cell='t2.r_new.natural']")
        cell.click()
        page.wait_for_selector("#evidence img.crop")
        crop = page.locator("#evidence img.crop")
        deadline = time.monotonic() + 60
        while crop.evaluate("img => img.complete ? img.naturalWidth : 0") < 100:  # the PNG drawn, not broken
            assert time.monotonic() < deadline, "the crop of the page did not load"
            time.sleep(0.1)
        assert "页" in page.inner_text("#evidence")
        # the crop is wider than the panel and scrolled so that the cell's red box is in view
        seen = crop.evaluate(
            "img => { const s = img.closest('.crop-scroll'); const k = img.clientWidth / img.naturalWidth;"
            " const x = Number(img.dataset.x) * Number(img.dataset.scale) * k;"
            " return [s.scrollLeft, s.clientWidth, x, img.clientWidth]; }"
        )
        left, width, x, full = seen
        assert full > width and left <= x <= left + width, seen
        page.locator("#evidence").scroll_into_view_if_needed()
        _shot(page, tmp_path, "5-pdf-evidence-crop")

        # 机关页: the years, the cells year over year, the chart
        page.goto(server + "/reports")
        page.click("a:text('平潭综合实验区')")
        page.wait_for_selector("table.official")
        page.click("#agency-link")
        page.wait_for_selector("#agency-years")
        assert page.locator("#agency-years tbody tr").count() == 2
        _chart_drawn(page, "#agency-chart")
        assert "2019" in page.inner_text("#yoy") and "2020" in page.inner_text("#yoy")
        _shot(page, tmp_path, "6-agency", full=True)

        # 对比: every agency of a year, ranked, its chart
        page.goto(server + "/compare?year=2023")
        page.wait_for_selector("#compare-table")
        _chart_drawn(page, "#compare-chart")
        assert page.locator("select[name=year] option[selected]").inner_text() == "2023"
        assert page.locator("#compare-table tbody tr").count() == 7
        _shot(page, tmp_path, "7-compare", full=True)

        # 报送情况: the list uploaded, then who published for the year
        page.goto(server + "/coverage/list")
        page.set_input_files("#list-upload input[type=file]", [str(listing)])
        page.click("#list-upload button[type=submit]")
        page.wait_for_selector("#flash .flash")
        assert "新增 3 个" in page.inner_text("#flash")
        page.goto(server + f"/coverage?year={case.year}")
        table = page.inner_text("#coverage-table")
        assert case.agency in table and "未发布局" in table
        _shot(page, tmp_path, "8-coverage", full=True)

        # 填报: last year's carried over, checked first, the form in the official layout
        page.goto(server + "/fill?" + urlencode({"agency": "平潭综合实验区", "year": "2021"}))
        page.wait_for_selector("#fill-form table.official")
        carried = page.locator("#fill-form td.carried input")
        assert carried.count() >= 5
        page.click("#fill-actions button[value=check]")
        page.wait_for_selector("#check-result")
        _shot(page, tmp_path, "9-fill", full=True)

        assert not problems, problems
        assert not outside, outside
