"""The library commands as a user types them: ingest, list, show, findings, review, export, check --stored."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import CORPUS, SEEDS


def gongkai(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        timeout=300,
    )


def test_ingest_example_into_the_default_sqlite_file(tmp_path: Path) -> None:
    done = gongkai("ingest", "--example", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "gongkai.db").is_file()
    assert "新入库 3" in done.stdout and "平潭综合实验区" in done.stdout
    again = gongkai("ingest", "--example", "--json", cwd=tmp_path)
    summary = json.loads(again.stdout)
    assert summary["stored"] == [] and len(summary["unchanged"]) == 3 and summary["failed"] == []


def test_a_session_from_ingest_to_export(tmp_path: Path, db_url: str) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ("pingtan-2019.txt", "pingtan-2020.txt"):
        shutil.copy(CORPUS / name, batch / name)
    shutil.copy(SEEDS / "003_88a8dc7d33e7281e.txt", batch)
    (batch / "broken.pdf").write_bytes(b"%PDF-1.4\n%%EOF")
    db = ["--db", db_url]

    done = gongkai("ingest", str(batch), *db, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr  # one file could not be read
    assert "新入库 3" in done.stdout and "broken.pdf" in done.stdout

    listing = json.loads(gongkai("list", *db, "--json", cwd=tmp_path).stdout)
    assert sorted((r["agency"], r["year"]) for r in listing) == [
        ("平潭综合实验区", 2019),
        ("平潭综合实验区", 2020),
        ("淄博高新技术产业开发区发展改革局", 2024),
    ]

    shown = json.loads(gongkai("show", "平潭", "2020", *db, "--json", cwd=tmp_path).stdout)
    assert shown["report"]["cells"]["t2.o_total.natural"] == 20
    assert shown["version"]["number"] == 1

    errors = json.loads(gongkai("findings", "--severity", "error", *db, "--json", cwd=tmp_path).stdout)
    assert errors and all(f["severity"] == "error" for f in errors)
    target = errors[0]["id"]
    reviewed = gongkai(
        "review", str(target), "--dismiss", "-m", "原文如此，已电话核实", "--reviewer", "王五", *db, cwd=tmp_path
    )
    assert reviewed.returncode == 0, reviewed.stderr
    assert "已排除" in reviewed.stdout
    dismissed = json.loads(gongkai("findings", "--review", "dismissed", *db, "--json", cwd=tmp_path).stdout)
    assert [(f["id"], f["reviewer"]) for f in dismissed] == [(target, "王五")]

    # the reference `findings` prints is what an officer writes down: it must survive a re-check
    printed = gongkai("findings", "--severity", "error", *db, cwd=tmp_path).stdout
    ref = next(line.split()[0] for line in printed.splitlines() if "[t2_outcome_total]" in line)
    assert len(ref) == 10 and all(c in "0123456789abcdef" for c in ref)

    rechecked = gongkai("check", "--stored", *db, cwd=tmp_path)
    assert rechecked.returncode == 1  # 平潭 2020 prints totals that do not add up
    assert "已重新核查库中 3 份报告" in rechecked.stdout
    dismissed = json.loads(gongkai("findings", "--review", "dismissed", *db, "--json", cwd=tmp_path).stdout)
    assert [f["reviewer"] for f in dismissed] == ["王五"]
    assert ref in gongkai("findings", "--severity", "error", *db, cwd=tmp_path).stdout
    confirmed = gongkai("review", ref, "--confirm", "--reviewer", "王五", *db, cwd=tmp_path)
    assert confirmed.returncode == 0 and f"已记录：{ref} → 已确认" in confirmed.stdout, confirmed.stderr

    out = tmp_path / "导出"
    exported = gongkai("export", "--format", "csv", "--wide", "-o", str(out), *db, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    with (out / "cells_wide.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 3


def test_library_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "lib.db")]
    nolib = gongkai("show", "平潭", "2020", *db, cwd=tmp_path)
    assert nolib.returncode == 2 and "不存在" in nolib.stderr and not (tmp_path / "lib.db").exists()
    assert gongkai("ingest", "--example", *db, cwd=tmp_path).returncode == 0
    missing = gongkai("show", "没有这个机关", "2020", *db, cwd=tmp_path)
    assert missing.returncode == 2 and "没有机关“没有这个机关”" in missing.stderr and "Traceback" not in missing.stderr
    nofile = gongkai("ingest", str(tmp_path / "nope"), *db, cwd=tmp_path)
    assert nofile.returncode == 2 and "不存在" in nofile.stdout + nofile.stderr
    choice = gongkai("review", "1", *db, cwd=tmp_path)
    assert choice.returncode == 2 and "--confirm" in choice.stderr
    bad = gongkai("list", "--db", "nosuchdialect://x", cwd=tmp_path)
    assert bad.returncode == 2 and "数据库地址" in bad.stderr
