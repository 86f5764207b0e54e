"""Review state that survives re-checks and re-ingests; exports that keep blank ≠ 0; the schema migrations."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from gongkai import spec
from gongkai.errors import ConfigError
from gongkai.store import Library
from tests.conftest import CORPUS, SEEDS


def _error_of(lib: Library, rule: str) -> int:
    return next(f.id for f in lib.findings(rule=rule))


def test_review_survives_recheck_and_reingest(library: Library, tmp_path: Path) -> None:
    source = CORPUS / "pingtan-2020.txt"
    library.ingest([source])
    target = library.findings(severity="error")[0]
    entry = library.review(target.id, "confirmed", comment="已与原文核对，确为原文错误", reviewer="张三")
    assert entry.fingerprint == target.fingerprint

    assert library.recheck() == 1
    again = next(f for f in library.findings(severity="error") if f.fingerprint == target.fingerprint)
    assert (again.review, again.reviewer, again.review_comment) == ("confirmed", "张三", "已与原文核对，确为原文错误")

    # a re-publication with the same numbers and a corrected sentence: a new version, the same finding,
    # the same decision
    republished = tmp_path / "pingtan-2020-v2.txt"
    text = source.read_text(encoding="utf-8")
    republished.write_text(text.replace("全年我区政府信息公开单位", "全年，我区政府信息公开单位", 1), encoding="utf-8")
    library.ingest([republished])
    current = library.get("平潭综合实验区", 2020)
    assert current.version.number == 2
    kept = next(f for f in current.findings if f.fingerprint == target.fingerprint)
    assert kept.review == "confirmed" and kept.id != target.id

    library.review(target.fingerprint[:10], "dismissed", comment="误报", reviewer="李四")
    log = library.review_log(target.fingerprint)
    assert [(e.state, e.reviewer) for e in log] == [("confirmed", "张三"), ("dismissed", "李四")]
    assert all(e.at is not None for e in log)
    assert library.findings(review="dismissed")[0].fingerprint == target.fingerprint
    assert target.fingerprint not in {f.fingerprint for f in library.findings(review="open")}


def test_review_rejects_unknown_findings_and_states(library: Library) -> None:
    library.ingest([CORPUS / "pingtan-2020.txt"])
    with pytest.raises(ConfigError, match="没有引用号为 999999"):
        library.review(999999, "confirmed")
    with pytest.raises(ConfigError, match="复核状态"):
        library.review(_error_of(library, "t2_outcome_total"), "maybe")


def _blank_cell(lib: Library) -> tuple[str, int, str]:
    """(agency, year, cell) of a cell the document printed blank."""
    for row in lib.reports():
        stored = lib.get(row.agency, row.year)
        for cid, value in stored.report.values.items():
            if value.kind.value == "blank":
                return row.agency, row.year, cid
    raise AssertionError("no blank cell in the ingested reports")


def test_wide_csv_one_row_per_report_one_column_per_cell_blank_stays_blank(library: Library, tmp_path: Path) -> None:
    library.ingest([SEEDS, CORPUS / "stcsm-2024.md", CORPUS / "pingtan-2019.txt"])
    (path, findings_path, dictionary_path) = library.export(tmp_path, fmt="csv", shape="wide")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(library.reports()) == 7
    header = list(rows[0])
    cell_columns = [c for c in header if c[:3] in ("t1.", "t2.", "t3.")]
    assert cell_columns == list(spec.all_cell_ids())
    agency, year, blank = _blank_cell(library)
    row = next(r for r in rows if r["agency"] == agency and r["year"] == str(year))
    assert row[blank] == ""
    stored = library.get(agency, year)
    for cid, number in stored.report.cells.items():
        assert row[cid] == ("" if number is None else str(number)), cid
    with dictionary_path.open(encoding="utf-8-sig", newline="") as fh:
        documented = {r["name"] for r in csv.DictReader(fh)}
    assert set(header) <= documented
    with findings_path.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == len(library.findings())


def test_every_format_opens_in_pandas_with_blanks_as_missing(library: Library, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    library.ingest([SEEDS, CORPUS / "stcsm-2024.md"])
    agency, year, blank = _blank_cell(library)
    n = len(library.reports())
    for fmt in ("csv", "parquet", "json", "xlsx"):
        out = tmp_path / fmt
        paths = library.export(out, fmt=fmt, shape="wide")
        if fmt == "xlsx":
            sheets = pd.read_excel(paths[0], sheet_name=None, header=1)  # row 1: Chinese labels, row 2: ids
            wide = sheets["数据（宽表）"]
            assert set(sheets) == {"数据（宽表）", "核查发现", "数据字典"}
        elif fmt == "csv":
            wide = pd.read_csv(paths[0])
        elif fmt == "parquet":
            wide = pd.read_parquet(paths[0])
        else:
            wide = pd.DataFrame(json.loads(paths[0].read_text(encoding="utf-8")))
        assert len(wide) == n, fmt
        row = wide[(wide["agency"] == agency) & (wide["year"] == year)].iloc[0]
        assert pd.isna(row[blank]), fmt
        assert row["t2.r_new.total"] == library.get(agency, year).report.cells["t2.r_new.total"], fmt
    tidy_paths = library.export(tmp_path / "tidy", fmt="parquet", shape="tidy")
    tidy = pd.read_parquet(tidy_paths[0])
    one = tidy[(tidy["agency"] == agency) & (tidy["year"] == year) & (tidy["cell"] == blank)].iloc[0]
    assert one["kind"] == "blank" and pd.isna(one["value"]) and one["label"]
    assert set(tidy.groupby(["agency", "year"]).size()) <= {198, 200}


def test_export_refuses_unknown_format(library: Library, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="导出格式"):
        library.export(tmp_path, fmt="dbf")


def test_migrations_build_exactly_the_declared_schema(library: Library) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from gongkai.store.db import MIGRATIONS, current_revision
    from gongkai.store.schema import metadata

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None and current_revision(library.engine) == head
    with library.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_opening_twice_keeps_what_is_stored(db_url: str) -> None:
    import gongkai

    with gongkai.open(db_url) as lib:
        lib.ingest([SEEDS / "002_08508a3c99ea3aa7.txt"])
    with gongkai.open(db_url) as lib:
        assert [r.year for r in lib.reports()] == [2024]


def test_bad_locations_are_config_errors(tmp_path: Path) -> None:
    import gongkai

    with pytest.raises(ConfigError, match="文件夹不存在"):
        gongkai.open(tmp_path / "no" / "such" / "dir" / "x.db")
    with pytest.raises(ConfigError, match="是一个文件夹"):
        gongkai.open(tmp_path)
    with pytest.raises(ConfigError):
        gongkai.open("nosuchdialect://x")
    assert create_engine  # the module is importable without a server


def test_data_dictionary_document_is_current() -> None:
    from gongkai.export import dictionary_markdown

    committed = (Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == dictionary_markdown(), "regenerate docs/data-dictionary.md (command at its top)"


def test_libreoffice_opens_the_xlsx_export(tmp_path: Path) -> None:
    import shutil
    import subprocess

    import gongkai

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed (.ci/run installs it)")
    with gongkai.open(tmp_path / "lib.db") as lib:
        lib.ingest([SEEDS, CORPUS / "stcsm-2024.md"], workers=1)
        agency, year, blank = _blank_cell(lib)
        (book,) = lib.export(tmp_path / "out", fmt="xlsx", shape="wide")
        n = len(lib.reports())
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",  # comma, quote, UTF-8
            "--outdir",
            str(tmp_path),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = tmp_path / "gongkai_wide.csv"
    assert converted.is_file(), "LibreOffice could not open the XLSX (is Calc installed? libreoffice-calc-nogui)"
    with converted.open(encoding="utf-8", newline="") as fh:
        labels = next(csv.reader(fh))  # the row of Chinese labels above the ids
        rows = list(csv.DictReader(fh))
    assert labels[:2] == ["机关名称", "机关标识"] and "一、本年新收政府信息公开申请数量 / 自然人" in labels
    assert len(rows) == n  # the first sheet, as LibreOffice reads it: one row per report
    row = next(r for r in rows if r["agency"] == agency and r["year"] == str(year))
    assert row[blank] == ""


def test_a_library_made_by_the_first_schema_is_upgraded_keeping_its_reports(tmp_path: Path) -> None:
    """A 0001 library (before section line positions) opens, upgrades and still rebuilds its reports."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    import gongkai
    from gongkai.store.db import alembic_config, current_revision

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    engine.dispose()
    with gongkai.open(path) as lib:
        with lib.engine.connect() as connection:
            head = ScriptDirectory.from_config(alembic_config(connection)).get_current_head()
        assert current_revision(lib.engine) == head
        lib.ingest([CORPUS / "pingtan-2020.txt"], workers=1)
        stored = lib.get("平潭综合实验区", 2020)
        assert stored.report.sections and all(s.lines for s in stored.report.sections)
