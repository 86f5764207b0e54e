"""One bad report never breaks the library (issue 15): reports whose agency or file name carries terminal
escapes, Rich markup or spreadsheet formulas are stored as printed, and every library command still works,
printing them literally; exports stay readable and never run a formula."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pytest

from gongkai import synth
from tests.test_cli_library import gongkai as run

HOSTILE_AGENCIES = {
    "escape": "\x1b[2J东城区教育局",
    "markup_close": "[i]西城区民政局[b]",
    "markup_open": "[bold]海淀区司法局",
    "plus": "+朝阳区财政局",
    "-minus": "丰台区审计局",  # the file name starts with "-": findings' `where` starts with it
    "at": "@通州区统计局",
}


@pytest.fixture
def hostile_batch(tmp_path: Path) -> Path:
    batch = tmp_path / "batch"
    batch.mkdir()
    for k, (name, agency) in enumerate(HOSTILE_AGENCIES.items()):
        case = dataclasses.replace(synth.make_case(300 + k, version="2021"), agency=agency)
        data, suffix = synth.render(case, "word_tab")
        (batch / f"{name}{suffix}").write_bytes(data)
    # agency only in the file name, which is a formula and markup
    case = synth.make_case(320, version="2021")
    data, _ = synth.render(case, "word_tab")
    text = data.decode("utf-8").replace(case.title, "政府信息公开工作年度报告")
    (batch / "=HYPERLINK(1)[red]顺义区水务局2023年政府信息公开工作年度报告.txt").write_text(text, encoding="utf-8")
    # one bad byte in an otherwise UTF-8 report, and a report page wrapped in 100,000 nested <div>s
    damaged, _ = synth.render(synth.make_case(321, version="2021"), "word_tab")
    at = damaged.index("一、".encode()) + 12
    (batch / "damaged.txt").write_bytes(damaged[:at] + b"\xff" + damaged[at + 1 :])
    page, _ = synth.render(synth.make_case(322, version="2021"), "html")
    body = page.index(b"<body>") + len(b"<body>")
    end = page.rindex(b"</body>")
    (batch / "nested.html").write_bytes(
        page[:body] + b"<div>" * 100_000 + page[body:end] + b"</div>" * 100_000 + page[end:]
    )
    return batch


def test_a_library_of_hostile_reports_survives_every_command(hostile_batch: Path, tmp_path: Path, db_url: str) -> None:
    db = ["--db", db_url]
    done = run("ingest", str(hostile_batch), *db, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr  # the damaged and the deeply nested reports too
    assert "新入库 9" in done.stdout
    listing = json.loads(run("list", *db, "--json", cwd=tmp_path).stdout)
    agencies = {r["agency"] for r in listing}
    assert set(HOSTILE_AGENCIES.values()) <= agencies  # stored as printed

    shown = run("list", *db, cwd=tmp_path)
    assert shown.returncode == 0 and "Traceback" not in shown.stderr
    assert "[i]西城区民政局[b]" in shown.stdout and "[bold]海淀区司法局" in shown.stdout  # literally
    assert "\x1b" not in shown.stdout  # no terminal control from a document
    for agency in ("西城区民政局", "海淀区司法局", "东城区教育局"):
        for args in (("list", "--agency", agency), ("findings", "--agency", agency)):
            out = run(*args, *db, cwd=tmp_path)
            assert out.returncode == 0 and "Traceback" not in out.stderr and "\x1b" not in out.stdout, args
    for record in listing:
        out = run("show", record["agency"], str(record["year"]), *db, cwd=tmp_path)
        assert out.returncode == 0 and "Traceback" not in out.stderr and "\x1b" not in out.stdout

    findings = run("findings", *db, cwd=tmp_path)
    assert findings.returncode == 0 and "Traceback" not in findings.stderr
    ref = next(line.split()[0] for line in findings.stdout.splitlines() if line.startswith("  ") and "[" in line)
    reviewed = run("review", ref, "--dismiss", "-m", "[/] 原文如此", "--reviewer", "[bold]测试", *db, cwd=tmp_path)
    assert reviewed.returncode == 0 and "[/] 原文如此" in reviewed.stdout, reviewed.stderr
    dismissed = run("findings", "--review", "已排除", *db, cwd=tmp_path)
    assert dismissed.returncode == 0 and "[bold]测试，[/] 原文如此" in dismissed.stdout
    rechecked = run("check", "--stored", *db, cwd=tmp_path)
    assert rechecked.returncode in (0, 1) and "Traceback" not in rechecked.stderr

    for fmt in ("csv", "xlsx", "parquet", "json"):
        for shape in ("--wide", "--tidy"):
            out_dir = tmp_path / f"out-{fmt}{shape}"
            done = run("export", "-f", fmt, shape, "-o", str(out_dir), *db, cwd=tmp_path)
            assert done.returncode == 0 and "Traceback" not in done.stderr, (fmt, shape, done.stderr)

    # CSV: every text a spreadsheet would run starts with ' (numbers stay numbers)
    with (tmp_path / "out-csv--wide" / "cells_wide.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    shown_agencies = {r["agency"] for r in rows}
    assert {"'+朝阳区财政局", "'@通州区统计局"} <= shown_agencies
    risky = [v for r in rows for v in r.values() if v and v[0] in "=+-@" and not _number(v)]
    assert not risky, risky[:5]
    with (tmp_path / "out-csv--wide" / "findings.csv").open(encoding="utf-8-sig", newline="") as fh:
        cells = [v for r in csv.DictReader(fh) for v in r.values()]
    assert any(v.startswith("'-minus.txt") for v in cells)
    risky = [v for v in cells if v and v[0] in "=+-@" and not _number(v)]
    assert not risky, risky[:5]
    # XLSX: opens; the escape character is replaced, the rest as printed
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "out-xlsx--wide" / "gongkai_wide.xlsx", read_only=True)
    values = {str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c}
    assert "\ufffd[2J东城区教育局" in values and "[i]西城区民政局[b]" in values


def _number(text: str | None) -> bool:
    try:
        float(text or "")
    except ValueError:
        return False
    return True
