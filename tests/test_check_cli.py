"""`gongkai check` and `gongkai rules`: output, JSON shape, exit codes; the committed rule catalogue."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gongkai.check import rules, rules_markdown
from gongkai.cli import app
from tests.check_helpers import SEED_FILES
from tests.conftest import CORPUS, ROOT

runner = CliRunner()
KEYS = {"rule", "severity", "message", "cells", "expected", "actual", "evidence", "origin"}


def test_check_clean_seed_exits_0_with_readable_report() -> None:
    result = runner.invoke(app, ["check", str(SEED_FILES[3])])
    assert result.exit_code == 0, result.output
    assert "未发现错误" in result.output and "s_subsection_numbering" in result.output
    assert "(二)落实上年度政务公开工作要点情况" in result.output  # the evidence is shown


def test_check_json_shape() -> None:
    result = runner.invoke(app, ["check", "--json", str(SEED_FILES[0])])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) >= {"findings", "summary"}
    assert data["findings"] and all(set(f) >= KEYS for f in data["findings"])
    assert data["summary"]["error"] == 0 and data["summary"]["ok"] is True
    breakdown = next(f for f in data["findings"] if f["rule"] == "n_breakdown_sums")
    assert breakdown["origin"] == "document" and breakdown["expected"] == 27 and breakdown["actual"] == 28


def test_check_exits_1_on_a_document_error() -> None:
    result = runner.invoke(app, ["check", str(CORPUS / "pingtan-2020.txt")])
    assert result.exit_code == 1
    assert "t2_outcome_total" in result.output and "相差 6" in result.output


def test_batch_continues_past_an_unreadable_file_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("这不是年度报告。", encoding="utf-8")
    result = runner.invoke(app, ["check", "--json", str(bad), str(SEED_FILES[1])])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [("error" in d) for d in data] == [True, False]
    assert data[1]["summary"]["ok"] is True


def test_check_with_previous() -> None:
    args = ["check", "--json", "--previous", str(CORPUS / "pingtan-2019.txt"), str(CORPUS / "pingtan-2020.txt")]
    data = json.loads(runner.invoke(app, args).output)
    assert data["summary"]["previous"].endswith("pingtan-2019.txt")


def test_rules_lists_every_rule() -> None:
    result = runner.invoke(app, ["rules", "--json"])
    assert result.exit_code == 0
    listed = json.loads(result.output)
    assert [r["id"] for r in listed] == [r.id for r in rules()]
    assert all(r["title"] and r["description"] and r["severity"] in {"error", "warning", "info"} for r in listed)
    text = runner.invoke(app, ["rules"]).output
    assert "t2_balance" in text and "x_carry" in text


def test_rule_ids_are_unique_and_cover_the_issue() -> None:
    ids = [r.id for r in rules()]
    assert len(ids) == len(set(ids))
    for needed in ("t2_balance", "t2_outcome_total", "t2_row_total", "t3_review_total", "v_nonneg_int",
                   "v_fee_unit", "v_blank_cell", "s_sections", "s_section_numbering", "s_subsection_numbering",
                   "s_tables", "s_format_version", "d_period", "d_years_agree", "d_deadline", "n_t2_counts",
                   "n_t3_counts", "n_breakdown_sums", "n_percentages", "x_carry", "x_normative_stock",
                   "x_s5_similarity", "r_reading_note", "n_t3_upheld", "n_fee_statements", "n_fee_t1",
                   "n_fee_applications", "n_fee_reported"):  # fmt: skip
        assert needed in ids


def test_committed_rule_catalogue_is_generated() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "regenerate: gongkai rules --markdown > docs/rules.md"
    for r in rules():
        assert f"`{r.id}`" in committed
