"""bench/synth.py: generated reports read back to what was intended and are consistent within and across years."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bench import synth

import gongkai
from gongkai.check import rules
from tests.conftest import ROOT, require_shared

N = 60
IDENTITY_RULES = {r.id for r in rules() if r.group == "identities"}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]], dict[str, gongkai.Report]]:
    require_shared()
    out = tmp_path_factory.mktemp("synth")
    paths = synth.generate(N, out, seed=11)
    assert len(paths) == N
    records = synth.read_manifest(out)
    reports = {r["file"]: gongkai.read(out / r["file"]) for r in records}
    return out, records, reports


def test_templates_are_the_reliable_real_reports() -> None:
    require_shared()
    usable, skipped = synth.templates()
    names = {t.name for t in usable}
    assert {t.version for t in usable} == {"2019", "2021"}, names
    assert len(usable) + len(skipped) == len(synth.text_reports())
    for tpl in usable:  # each template reads to exactly its gold cells before it is used
        gold = synth._gold_cells(tpl.name)
        assert gold is not None
        assert all(tpl.original.get(c) == v for c, v in gold.items()), tpl.name


def test_manifest_has_one_line_per_file(batch: Any) -> None:
    out, records, _ = batch
    assert [r["file"] for r in records] == sorted(p.name for p in out.iterdir() if p.name != synth.MANIFEST)
    for r in records:
        assert set(r) >= {"file", "agency", "year", "template", "format", "previous", "cells", "error"}


def test_every_report_reads_to_its_intended_cells(batch: Any) -> None:
    _, records, reports = batch
    for r in records:
        report = reports[r["file"]]
        assert (report.agency, report.year, report.format) == (r["agency"], r["year"], r["format"]), r["file"]
        cells = report.cells
        assert set(cells) == set(r["cells"]), r["file"]
        wrong = {c: (want, cells[c]) for c, want in r["cells"].items() if cells[c] != want}
        assert not wrong, f"{r['file']} ({r['template']}): {wrong}"


def test_numbers_really_vary(batch: Any) -> None:
    _, records, _ = batch
    totals = {r["cells"]["t2.r_new.total"] for r in records}
    assert len(totals) >= 5
    assert len({r["agency"] for r in records}) >= N // 5


def test_consistent_reports_pass_every_table_identity(batch: Any) -> None:
    _, records, reports = batch
    assert {"t2_balance", "t2_outcome_total", "t2_row_total", "t3_review_total"} <= IDENTITY_RULES
    for r in records:
        if r["error"] is None:
            found = [f.message for f in gongkai.check(reports[r["file"]]).findings if f.rule in IDENTITY_RULES]
            assert not found, f"{r['file']} ({r['template']}): {found}"


def test_consecutive_years_show_no_carry_over_finding(batch: Any) -> None:
    _, records, reports = batch
    pairs = 0
    by_file = {r["file"]: r for r in records}
    for r in records:
        if r["previous"] is None:
            continue
        last = by_file[r["previous"]]
        assert (last["agency"], last["year"] + 1) == (r["agency"], r["year"])
        result = gongkai.check(reports[r["file"]], previous=reports[r["previous"]])
        assert not [f.message for f in result.findings if f.rule in ("x_carry", "x_pair")], r["file"]
        pairs += 1
    assert pairs >= N // 2


def test_agencies_have_runs_of_consecutive_years(batch: Any) -> None:
    _, records, _ = batch
    years: dict[str, list[int]] = {}
    for r in records:
        years.setdefault(r["agency"], []).append(r["year"])
        if r["year"] <= 2020:
            assert r["format"] == "2019", r  # the 2019-format templates are usable here
        else:
            assert r["format"] == "2021", r
    for agency, run in years.items():
        assert run == list(range(run[0], run[0] + len(run))), agency
        assert synth.YEARS[0] <= run[0] and run[-1] <= synth.YEARS[1]
    assert max(len(run) for run in years.values()) >= 3


def test_deliberate_errors_are_found_by_the_identities(tmp_path: Path) -> None:
    require_shared()
    synth.generate(20, tmp_path, seed=5, error_rate=1.0)
    records = synth.read_manifest(tmp_path)
    with_error = [r for r in records if r["error"]]
    assert len(with_error) >= 10
    for r in with_error:
        err = r["error"]
        assert r["cells"][err["cell"]] == err["printed"] != err["consistent"]
        report = gongkai.read(tmp_path / r["file"])
        assert report.cells[err["cell"]] == err["printed"]
        findings = [f for f in gongkai.check(report).findings if f.rule in IDENTITY_RULES]
        assert any(err["cell"] in f.cells for f in findings), (r["file"], err)


def test_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    require_shared()
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synth.generate(25, a, seed=3)
    # another process with another string-hash seed (set iteration order) must write the same bytes
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    script = ROOT / "bench" / "synth.py"
    subprocess.run([sys.executable, str(script), "25", str(b), "--seed", "3"], check=True, env=env, capture_output=True)
    synth.generate(25, c, seed=4)
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    assert all((a / n).read_bytes() == (b / n).read_bytes() for n in names)
    assert (a / synth.MANIFEST).read_bytes() != (c / synth.MANIFEST).read_bytes()


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require_shared()
    synth.main(["4", str(tmp_path / "out"), "--seed", "2"])
    assert "wrote 4 reports" in capsys.readouterr().out
    assert len(synth.read_manifest(tmp_path / "out")) == 4
