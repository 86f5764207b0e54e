"""The officer's loop in Chinese (issue 14): usage errors, filters in 中文, review rules, small refusals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import gongkai
from gongkai.check import Origin
from tests.conftest import CORPUS, SEEDS
from tests.test_cli_library import gongkai as run


def test_7_usage_errors_and_version_are_chinese_and_exit_2(tmp_path: Path) -> None:
    cases = {
        ("show",): "缺少参数 AGENCY",
        ("findings", "--bogus"): "没有选项 --bogus",
        ("list", "--year", "abc"): "--year 的取值无效，应为整数",
        ("nosuch",): "没有这个命令：nosuch",
        ("parse", "a", "b"): "多余的参数：b",
    }
    for args, said in cases.items():
        done = run(*args, cwd=tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        assert said in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
        assert "用法见：gongkai" in done.stderr
    version = run("--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.strip() == f"gongkai {gongkai.__version__}"
    rules = run("rules", cwd=tmp_path).stdout
    assert "错误" in rules and "警告" in rules and "提示" in rules and "| error" not in rules


def test_7_filters_take_chinese_words(tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "lib.db")]
    shutil.copy(CORPUS / "pingtan-2020.txt", tmp_path / "p.txt")
    assert run("ingest", str(tmp_path / "p.txt"), *db, cwd=tmp_path).returncode == 0
    english = json.loads(
        run("findings", "--severity", "error", "--origin", "document", *db, "--json", cwd=tmp_path).stdout
    )
    chinese = json.loads(
        run("findings", "--severity", "错误", "--origin", "原文问题", *db, "--json", cwd=tmp_path).stdout
    )
    assert english and english == chinese
    assert json.loads(run("findings", "--review", "待复核", *db, "--json", cwd=tmp_path).stdout)
    wrong = run("findings", "--severity", "严重", *db, cwd=tmp_path)
    assert wrong.returncode == 2 and "级别应为" in wrong.stderr and "错误" in wrong.stderr


def test_8_dismissing_needs_a_reason_and_a_reviewer_is_never_unknown(tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "lib.db")]
    shutil.copy(CORPUS / "pingtan-2020.txt", tmp_path / "p.txt")
    run("ingest", str(tmp_path / "p.txt"), *db, cwd=tmp_path)
    printed = run("findings", "--severity", "error", *db, cwd=tmp_path).stdout
    ref = next(line.split()[0] for line in printed.splitlines() if "[t2_outcome_total]" in line)
    bare = run("review", ref, "--dismiss", *db, cwd=tmp_path)
    assert bare.returncode == 2 and "须说明理由" in bare.stderr
    (tmp_path / "gongkai.toml").write_text('reviewer = "赵六"\n', encoding="utf-8")
    done = run("review", ref, "--dismiss", "-m", "原文如此", *db, cwd=tmp_path, env={"GONGKAI_REVIEWER": ""})
    assert done.returncode == 0 and "赵六" in done.stdout and "unknown" not in done.stdout


def test_10_small_refusals(tmp_path: Path) -> None:
    for bad in ("0", "-3"):
        done = run("ingest", "-j", bad, str(SEEDS), "--db", str(tmp_path / "x.db"), cwd=tmp_path)
        assert done.returncode == 2 and "正整数" in done.stderr
    assert not (tmp_path / "x.db").exists()
    rule = run("findings", "--rule", "nosuch", "--db", str(tmp_path / "x.db"), cwd=tmp_path)
    assert rule.returncode == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    listed = run("list", cwd=empty)
    assert listed.returncode == 2 and "不存在" in listed.stderr and not any(empty.iterdir())


def test_10_a_wrong_previous_file_is_a_usage_problem_not_the_documents() -> None:
    this = gongkai.read(CORPUS / "pingtan-2020.txt")
    other = gongkai.read(next(SEEDS.glob("003_*.txt")))  # another agency, another year
    result = gongkai.check(this, previous=other)
    pair = [f for f in result.findings if f.rule.startswith("x_")]
    assert any(f.rule == "x_pair" for f in pair)
    assert all(f.origin is Origin.READING for f in pair if f.rule != "x_pair")
    assert not [f for f in result.errors if f.rule.startswith("x_")]
