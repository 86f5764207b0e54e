"""`gongkai parse`: the JSON contract, the table view, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS, SEEDS


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "160"}
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_json_contract() -> None:
    out = run("parse", str(SEEDS / "002_08508a3c99ea3aa7.txt"), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"format", "agency", "year", "meta", "sections", "cells", "values", "notes"} <= data.keys()
    assert data["format"] == "2021" and data["agency"] == "市中区人民政府办公室" and data["year"] == 2024
    assert len(data["cells"]) == 200 and data["cells"]["t2.r_new.total"] == 17
    value = data["values"]["t2.r_new.total"]
    assert value["kind"] == "number" and value["raw"].strip() == "17" and value["source"]["line"] > 0
    assert [s["id"] for s in data["sections"]] == ["s1", "s2", "s3", "s4", "s5", "s6"]


def test_blank_is_null_in_json_not_zero() -> None:
    data = json.loads(run("parse", str(CORPUS / "stcsm-2024.md"), "--json").stdout)
    assert data["cells"]["t2.r_next.total"] is None
    assert data["values"]["t2.r_next.total"]["kind"] == "blank"


def test_table_view_shows_the_official_rows() -> None:
    out = run("parse", str(SEEDS / "001_405f20c665fb23e7.txt"))
    assert out.returncode == 0
    for text in ("山东张店经济开发区管理委员会", "4.保护第三方合法权益", "（七）总计", "复议后诉"):
        assert text in out.stdout


def test_example_runs() -> None:
    out = run("parse", "--example")
    assert out.returncode == 0 and "市中区人民政府办公室" in out.stdout


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        (b"", "空"),
        (b"\x00\x01\x02garbage\xff" * 100, "二进制"),
        ("这是一份普通的通知，没有任何表格。\n".encode() * 20, "没有找到"),
        (b"%PDF-1.4 broken", "PDF"),
    ],
    ids=["empty", "binary", "no-tables", "pdf-garbage"],
)
def test_bad_input_is_one_line_exit_2_no_traceback(tmp_path: Path, content: bytes, expect: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    out = run("parse", str(f))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and str(f) in out.stderr and expect in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_missing_file_is_exit_2(tmp_path: Path) -> None:
    out = run("parse", str(tmp_path / "nope.txt"))
    assert out.returncode == 2 and "不存在" in out.stderr and "Traceback" not in out.stderr
