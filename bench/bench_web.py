"""Web pages on a library of 10,000 generated reports: milliseconds per page (target < 300 ms) — 报告库, 报告页,
核查结果, 机关页, 对比, 报送情况 (with a list of the agencies of the year most published, less one in ten, and
300 that published nothing), 填报 (the new form with last year carried, and 核查 posted), an upload job of
200 files, 导出 and the API.

    python3 bench/bench_web.py                         # generate + ingest 10,000 reports (once), time every page
    python3 bench/bench_web.py --n 2000 --repeat 5
    python3 bench/bench_web.py --keep /tmp/gongkai-bench-web   # reuse the generated reports and library
    GONGKAI_TEST_PG_URL=$(.ci/postgres) python3 bench/bench_web.py --backend postgresql

Reports come from ``bench/synth.py`` (as for bench_ingest.py: many agencies, consecutive years, some with
deliberate errors).  Each page is requested in-process through FastAPI's TestClient by a signed-in
administrator — the whole server side: routing, session, library queries, template — after one warm-up
request; the figure is the median (and the worst) of ``--repeat`` requests.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import generate

import gongkai
from gongkai.check import agency_key

TARGET_MS = 300.0
PASSWORD = "bench-password-1"


def _library(base: Path, n: int, backend: str) -> str:
    folder = base / f"n{n}"
    if not folder.is_dir():
        t = time.perf_counter()
        generate(n, folder, seed=1)
        print(f"(generated {n} reports in {time.perf_counter() - t:.1f} s)")
    if backend == "sqlite":
        db = str(base / f"web-{n}.db")
    else:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        admin = os.environ["GONGKAI_TEST_PG_URL"]
        name = f"gongkai_bench_web_{n}"
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        db = make_url(admin).set(database=name).render_as_string(hide_password=False)
    with gongkai.open(db) as lib:
        if lib.counts()["reports"] < n * 0.9:
            t = time.perf_counter()
            lib.ingest([folder])
            print(f"(ingested into {lib.url} in {time.perf_counter() - t:.1f} s)")
        if lib.user("bench") is None:
            lib.add_user("bench", PASSWORD, "admin", who="bench")
        counts = lib.counts()
    print(f"library: {counts['reports']} reports, {counts['findings']} findings, {counts['cells']} cells")
    return db


def _longest_agency(lib: Any) -> Any:
    """The agency page with the most years (of the first few hundred agencies by name)."""
    keys = {r.agency_key for r in lib.report_page(limit=500).items}
    return max((lib.agency(k) for k in sorted(keys)), key=lambda v: (len(v.years), v.key))


def _expected_list(lib: Any, year: int) -> int:
    """报送情况 needs the list of agencies expected to publish: every agency of ``year`` but one in ten, and
    300 that published nothing (replaced when it is not that)."""
    from gongkai.store.coverage import expected_agency

    names: list[str] = []
    offset = 0
    while True:
        page = lib.report_page(year=year, limit=500, offset=offset)
        names += [r.agency for r in page.items]
        offset += 500
        if offset >= page.total:
            break
    entries = [expected_agency(name, "县级部门", "某市人民政府", "", "", "") for i, name in enumerate(names) if i % 10]
    entries += [expected_agency(f"未发布机关{i:03d}局", "乡镇街道", "某区人民政府", "", "", "") for i in range(300)]
    if len(lib.expected()) != len(entries):
        lib.save_expected(entries, who="bench", replace=True)
    return len(entries)


def _finished_job(app: Any, owner: int, agency: str, year: int) -> str:
    """An upload job of 200 files, done (stored, unchanged, failed), as the status page shows it."""
    from gongkai.web.jobs import FileState, UploadJob

    files = []
    for i in range(200):
        f = FileState(f"第{i:03d}份报告.docx", f"f{i}.docx", state=("stored", "unchanged", "failed")[i % 3])
        if f.state == "stored":
            f.stored = [
                {"name": f.name, "agency": agency, "year": year, "version": 1, "active": True, "errors": 2,
                 "warnings": 1, "agency_from": "document", "year_from": "document", "same_publication": False}
            ]  # fmt: skip
        elif f.state == "unchanged":
            f.unchanged = [f.name]
        else:
            f.failures = [{"name": f.name, "error": "ReadError", "message": f"{f.name}: 无法读取（文件已损坏）"}]
        files.append(f)
    job = UploadJob("bench-job", owner, files)
    job.finished.set()
    app.state.jobs._jobs[job.id] = job
    return job.id


def _all_rates() -> str:
    from gongkai.store.compare import RATES

    return "&".join(f"rate={r.id}" for r in RATES)


def _typed_form(client: Any, path: str) -> dict[str, str]:
    """The fill form as the page gives it (last year carried over), with this year's numbers typed in."""
    import lxml.html

    form = lxml.html.fromstring(client.get(path).text).xpath("//form[@id='fill-form']")[0]
    out = {
        el.get("name"): el.get("value") or "" for el in form.xpath(".//input[@name]") if el.get("type") != "checkbox"
    }
    for name in out:
        if name.startswith("c:") and not out[name]:
            out[name] = "0"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--keep", type=Path, default=None, help="generate into / reuse this folder")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="gongkai-bench-web-"))
    base.mkdir(parents=True, exist_ok=True)
    db = _library(base, args.n, args.backend)

    from fastapi.testclient import TestClient

    from gongkai.web.app import create_app
    from gongkai.web.settings import WebSettings

    app = create_app(db, WebSettings(secret=uuid.uuid4().hex * 2))
    client = TestClient(app, follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token})
    csrf = client.get("/api/me").json()["csrf_token"]
    with gongkai.open(db) as lib:
        listed = lib.report_page(sort="errors", descending=True, limit=1)
        busiest = listed.items[0]
        last_page = listed.total // 50 + 1
        stored = lib.get(busiest.agency_key, busiest.year)
        cell = next((c for f in stored.findings for c in f.cells), "t2.r_new.total")
        some = busiest.agency_key[:4]
        findings_pages = lib.finding_page(limit=50).total // 50 + 1
        busy_year = max(lib.years(), key=lambda y: lib.report_page(year=y, limit=1).total)  # the year most published
        region = next((r for r in lib.regions() if r.count("/") == 1), "")
        longest = _longest_agency(lib)
        listed_n = _expected_list(lib, busy_year)
        bench_user = lib.user("bench")
        assert bench_user is not None
    print(f"报送名单: {listed_n} agencies; 机关页: {longest.name} ({len(longest.years)} years); 地区: {region}")
    job_id = _finished_job(app, bench_user.id, busiest.agency, busiest.year)
    report = f"/reports/{quote(agency_key(busiest.agency), safe='')}/{busiest.year}"
    agency_page = f"/agencies/{quote(longest.key, safe='')}"
    fill_new = f"/fill?agency={quote(longest.name)}&year={max(longest.years) + 1}"
    typed = _typed_form(client, fill_new)
    pages = [
        ("报告库 第1页", "/reports"),
        ("报告库 中间页", f"/reports?page={last_page // 2}"),
        ("报告库 末页", f"/reports?page={last_page}"),
        ("报告库 按错误数排序", "/reports?sort=errors&desc=1"),
        ("报告库 按警告数排序 末页", f"/reports?sort=warnings&desc=1&page={last_page}"),
        ("报告库 搜索机关", f"/reports?agency={quote(some)}"),
        ("报告库 筛选年度", f"/reports?year={busiest.year}"),
        ("报告页（最多错误的一份）", report),
        ("单元格出处（htmx）", f"{report}/cells/{cell}"),
        ("核查结果 原文问题", "/findings"),
        ("核查结果 全部", "/findings?origin=all"),
        ("核查结果 全部 中间页", f"/findings?origin=all&page={findings_pages // 2}"),
        ("核查结果 全部 末页", f"/findings?origin=all&page={findings_pages}"),
        ("核查结果 错误 待复核", "/findings?origin=all&severity=error&review=open"),
        ("核查结果 按机关", f"/findings?origin=all&agency={quote(some)}"),
        ("核查结果 按规则", "/findings?origin=all&rule=t2_balance"),
        ("上传核查（表单）", "/upload"),
        ("操作记录", "/admin/audit"),
        ("用户", "/admin/users"),
        ("API 报告库", "/api/reports?limit=50"),
        ("API 核查结果", "/api/findings?limit=50"),
        ("API 一份报告", f"/api/reports/{quote(agency_key(busiest.agency), safe='')}/{busiest.year}"),
        ("报告库 筛选地区", f"/reports?region={quote(region)}"),
        ("机关页（年度最多的机关）", agency_page),
        ("对比 最新年度 全部机关", "/compare"),
        ("对比 报告最多的年度", f"/compare?year={busy_year}"),
        ("对比 全部比率 按地区", f"/compare?chosen=1&region={quote(region)}&{_all_rates()}"),
        ("对比 显示前 1000 名", "/compare?show=1000"),
        ("报送情况 报告最多的年度", f"/coverage?year={busy_year}"),
        ("报送情况 未发布", f"/coverage?year={busy_year}&status=missing"),
        ("报送名单", "/coverage/list"),
        ("填报 新表（带入上年）", fill_new),
        ("填报 核查（POST）", "POST /fill"),
        ("上传任务进度（200 个文件）", f"/upload/jobs/{job_id}"),
        ("导出（表单）", "/export"),
        ("API 机关", f"/api/agencies/{quote(longest.key, safe='')}"),
        ("API 对比", "/api/compare"),
        ("API 报送情况", f"/api/coverage/{busy_year}"),
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} cores, load {load:.1f} (other work on the machine slows every figure)")
    print(f"\n{'page':<28}{'median ms':>11}{'worst ms':>10}  status")
    worst_median = 0.0
    for label, path in pages:
        headers = {"HX-Request": "true"} if "/cells/" in path or "/upload/jobs/" in path else {}

        def ask(path: str = path, headers: dict[str, str] = headers) -> Any:
            if path == "POST /fill":
                return client.post("/fill", data={**typed, "action": "check"}, headers={"X-CSRF-Token": csrf})
            return client.get(path, headers=headers)

        got = ask()
        status = got.status_code
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            got = ask()
            times.append((time.perf_counter() - t) * 1000)
        median = statistics.median(times)
        worst_median = max(worst_median, median)
        mark = "" if median < TARGET_MS else "  ← over target"
        print(f"{label:<28}{median:>11.1f}{max(times):>10.1f}  {status}{mark}", flush=True)
    t = time.perf_counter()
    xlsx = client.get("/findings.xlsx?origin=all&severity=error")
    print(
        f"\nXLSX of every error finding: {len(xlsx.content) / 1024:.0f} KiB in {(time.perf_counter() - t) * 1000:.0f} ms"
    )
    print(
        f"slowest page (median): {worst_median:.1f} ms — target < {TARGET_MS:.0f} ms: {'met' if worst_median < TARGET_MS else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
