"""The walk in real Chromium (Debian's ``chromium``, driven by Playwright; no browser is downloaded):
sign in, upload reports, see a lit cell and its evidence, confirm a finding, re-check, still confirmed.

Screenshots go to the test's tmp folder and to /tmp/gongkai-web-shots/ for people to look at.
"""

from __future__ import annotations

import dataclasses
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongkai import synth
from tests.conftest import SEEDS
from tests.web_support import PASSWORDS, make_site

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
    import uvicorn

    site = make_site(tmp_path, [])
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
