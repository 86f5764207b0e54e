"""Kill an ingest midway (SIGKILL to its whole process group) and rerun it: every report exactly once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

import gongkai
from gongkai.store import schema as s
from tests.builders import build, consistent_values

N = 200


def _reports(folder: Path, n: int) -> None:
    folder.mkdir()
    rng = random.Random(5)
    for i in range(n):
        text = build("word_tab", consistent_values(rng)).replace("测试区示例局", f"第{i}号测试局")
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")


def _stored(url: str) -> int:
    with gongkai.open(url) as lib, lib.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(s.versions)).scalar_one())


def test_killed_ingest_resumes_without_duplicates(tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "reports"
    _reports(folder, N)
    gongkai.open(db_url).close()  # schema in place before the race starts
    proc = subprocess.Popen(
        [sys.executable, "-m", "gongkai.cli", "ingest", str(folder), "--db", db_url, "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so the kill takes the worker processes too
    )
    before = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        before = _stored(db_url)
        if before > 0:
            os.killpg(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    proc.wait(timeout=30)
    assert 0 < before < N, f"the ingest was not caught midway ({before} of {N} stored)"
    partial = _stored(db_url)
    assert partial < N

    with gongkai.open(db_url) as lib:
        rerun = lib.ingest([folder], workers=2)
        assert len(rerun.stored) == N - partial
        assert len(rerun.unchanged) == partial
        assert rerun.failures == []
        counts = lib.counts()
        assert counts["versions"] == counts["reports"] == counts["files"] == counts["agencies"] == N
        assert counts["cells"] == N * 200  # every cell of every report, none half-written
        with lib.engine.connect() as conn:
            shas = conn.execute(select(func.count(func.distinct(s.versions.c.sha256)))).scalar_one()
        assert shas == N
        again = lib.ingest([folder], workers=2)
        assert again.stored == [] and len(again.unchanged) == N
