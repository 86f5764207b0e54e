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


def test_6_batch_check_takes_folders_and_zips_filters_by_severity_and_ends_with_a_summary(tmp_path: Path) -> None:
    import zipfile

    folder = tmp_path / "年报"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(seed, folder / seed.name)
    (folder / "损坏.pdf").write_bytes(b"%PDF-1.4\n garbage")
    archive = tmp_path / "补报.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(CORPUS / "pingtan-2019.txt", "平潭/2019.txt")
        z.write(CORPUS / "pingtan-2020.txt", "平潭/2020.txt")
    done = run("check", str(folder), str(archive), "--severity", "错误", cwd=tmp_path)
    assert done.returncode == 2, done.stderr  # one file could not be read; the others were checked
    assert "损坏.pdf" in done.stderr
    out = done.stdout
    assert "汇总：6 个文件" in out and "共 6 个文件：1 份有错误，1 个无法读取" in out
    assert "警告（" not in out and "提示（" not in out and "错误（" in out  # only errors listed
    # the two years in the zip were compared with each other (carry-over rule ran)
    as_json = json.loads(run("check", str(archive), "--json", cwd=tmp_path).stdout)
    assert [r["summary"]["previous"] for r in as_json] == [None, f"{archive}!平潭/2019.txt"]


def test_a_document_with_none_of_the_six_headings_is_not_accused_of_missing_them() -> None:
    from gongkai.check import Severity

    report = gongkai.read(CORPUS / "pingtan-2020.txt")
    import dataclasses

    bare = dataclasses.replace(report, sections=())
    found = [f for f in gongkai.check(bare).findings if f.rule == "s_sections"]
    assert len(found) == 6 and all(f.origin is Origin.READING and f.severity is Severity.WARNING for f in found)
