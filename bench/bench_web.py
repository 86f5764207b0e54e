"""Web pages on a library of 10,000 generated reports: milliseconds per page (target < 300 ms).

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

    client = TestClient(create_app(db, WebSettings(secret=uuid.uuid4().hex * 2)), follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token})
    with gongkai.open(db) as lib:
        listed = lib.report_page(sort="errors", descending=True, limit=1)
        busiest = listed.items[0]
        last_page = listed.total // 50 + 1
        stored = lib.get(busiest.agency_key, busiest.year)
        cell = next((c for f in stored.findings for c in f.cells), "t2.r_new.total")
        some = busiest.agency_key[:4]
        findings_pages = lib.finding_page(limit=50).total // 50 + 1
    report = f"/reports/{quote(agency_key(busiest.agency), safe='')}/{busiest.year}"
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
    ]
    print(f"\n{'page':<28}{'median ms':>11}{'worst ms':>10}  status")
    worst_median = 0.0
    for label, path in pages:
        headers = {"HX-Request": "true"} if "/cells/" in path else {}
        got = client.get(path, headers=headers)
        status = got.status_code
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            got = client.get(path, headers=headers)
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
