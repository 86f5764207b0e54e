"""Ingest into the library, on SQLite and PostgreSQL: idempotent, versioned, bad files recorded, cross-year."""

from __future__ import annotations

import io
import json
import random
import shutil
import zipfile
from pathlib import Path

from sqlalchemy import func, select

from gongkai.store import Library
from gongkai.store import schema as s
from gongkai.store.analyse import from_file_name
from tests.builders import build, consistent_values
from tests.conftest import CORPUS, SEEDS

REPORT_FILES = sorted(SEEDS.glob("*.txt")) + [
    CORPUS / name
    for name in (
        "pingtan-2019.txt",
        "pingtan-2020.txt",
        "pingtan-2019.html",
        "pingtan-2020.html",
        "stcsm-2024.md",
        "hongze-2023.pdf",
    )
]


def _count(lib: Library, table: s.Table) -> int:
    with lib.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_seeds_and_corpus_twice_store_each_file_once(library: Library) -> None:
    first = library.ingest([SEEDS, CORPUS], workers=2)
    stored_names = {Path(v.name).name for v in first.stored}
    assert stored_names == {p.name for p in REPORT_FILES}
    # the corpus folder also holds gold JSON and a README: recorded as failures, named, never fatal
    assert all("gold" in f.name or f.name.endswith("README.md") for f in first.failures)
    assert all(f.name in f.message for f in first.failures)
    counts = library.counts()

    second = library.ingest([SEEDS, CORPUS], workers=2)
    assert second.stored == []
    assert len(second.unchanged) == len(REPORT_FILES)
    assert library.counts() == counts
    # one report per agency and year: the .txt and .html of 平潭 are one publication each — one version
    # with two files (issue 14.4), whatever order they came in
    assert counts["reports"] == counts["versions"] == len(REPORT_FILES) - 2
    assert counts["files"] == len(REPORT_FILES)
    pingtan = [r for r in library.reports() if r.agency == "平潭综合实验区"]
    assert [(r.year, r.versions) for r in pingtan] == [(2019, 1), (2020, 1)]


def test_stored_cells_are_the_parsed_cells_with_provenance(library: Library) -> None:
    import gongkai

    path = CORPUS / "pingtan-2020.txt"
    library.ingest([path])
    stored = library.get("平潭综合实验区", 2020)
    parsed = gongkai.read(path)
    assert stored.report.cells == parsed.cells
    for cid, value in parsed.values.items():
        again = stored.report.value(cid)
        assert (again.raw, again.kind, again.source) == (value.raw, value.kind, value.source), cid
    assert library.original(stored.version.sha256) == path.read_bytes()
    assert [f.rule for f in stored.findings if f.severity == "error"].count("t2_outcome_total") == 2


def test_changed_file_becomes_a_new_active_version(library: Library, tmp_path: Path) -> None:
    original = SEEDS / "000_1be5259def1e9e11.txt"
    library.ingest([original])
    corrected = tmp_path / "corrected.txt"
    text = original.read_text(encoding="utf-8")
    corrected.write_text(text + "\n（更正：本报告于次月重新发布。）\n", encoding="utf-8")
    result = library.ingest([corrected])
    assert [(v.version, v.active) for v in result.stored] == [(2, True)]
    listing = library.reports()
    assert len(listing) == 1 and listing[0].versions == 2 and listing[0].version == 2
    agency, year = listing[0].agency, listing[0].year
    first = library.get(agency, year, version=1)
    assert not first.version.active and first.version.file_name.endswith("000_1be5259def1e9e11.txt")
    assert library.get(agency, year).version.file_name.endswith("corrected.txt")


def test_bad_files_are_recorded_and_the_batch_goes_on(library: Library, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(SEEDS / "001_405f20c665fb23e7.txt", batch / "good.txt")
    (batch / "empty.txt").write_bytes(b"")
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" * 50)
    (batch / "truncated.docx").write_bytes(docx.getvalue()[:60])
    (batch / "notes.html").write_text("<html><body><p>通知公告</p></body></html>", encoding="utf-8")
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(SEEDS / "004_d718a75fa27fc17b.txt", "年报/004.txt")
        z.writestr("年报/broken.pdf", b"%PDF-1.7\n garbage")
    result = library.ingest([batch, archive], workers=2)
    assert sorted(Path(v.name.split("!")[-1]).name for v in result.stored) == ["004.txt", "good.txt"]
    failed = {Path(f.name.split("!")[-1]).name: f for f in result.failures}
    assert set(failed) == {"empty.txt", "truncated.docx", "notes.html", "broken.pdf"}
    for name, f in failed.items():
        assert name in f.message and f.error in {"ReadError", "CorruptInput", "NotAReport", "UnsupportedFormat"}
    recorded = library.failures(result.run_id)
    assert {Path(r["file_name"].split("!")[-1]).name for r in recorded} == set(failed)
    assert library.counts()["reports"] == 2


def test_agency_and_year_from_the_file_name_when_the_text_has_none(library: Library, tmp_path: Path) -> None:
    text = (SEEDS / "000_1be5259def1e9e11.txt").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if "张店区服务业发展中心" not in line and "2024" not in line)
    target = tmp_path / "某某县教育局2023年政府信息公开工作年度报告.txt"
    target.write_text(body, encoding="utf-8")
    result = library.ingest([target])
    assert len(result.stored) == 1, result.failures
    v = result.stored[0]
    assert (v.agency, v.year, v.agency_from, v.year_from) == ("某某县教育局", 2023, "filename", "filename")


def test_file_name_guesses() -> None:
    assert from_file_name("2023年度某某区人民政府政府信息公开工作年度报告.pdf") == ("某某区人民政府", 2023)
    assert from_file_name("年报/某某镇_2021_政府信息公开年报.docx") == ("某某镇", 2021)
    assert from_file_name("收文!A0政务中心2022年政府信息公开工作年度报告.txt") == (
        "收文!A0政务中心",
        2022,
    )  # as written
    assert from_file_name("report-final.txt") == (None, None)


def test_pingtan_consecutive_years_are_compared_per_column(library: Library, tmp_path: Path) -> None:
    # ingest the later year first: the comparison must still happen when the earlier year arrives
    later = tmp_path / "pingtan-2020.txt"
    text = (CORPUS / "pingtan-2020.txt").read_text(encoding="utf-8")
    later.write_text(text, encoding="utf-8")
    library.ingest([later])
    library.ingest([CORPUS / "pingtan-2019.txt"])
    with library.engine.connect() as conn:
        compared = dict(conn.execute(select(s.versions.c.file_name, s.versions.c.compared_with)).all())
        ids = dict(conn.execute(select(s.versions.c.file_name, s.versions.c.id)).all())
    assert compared[str(later)] == ids[str(CORPUS / "pingtan-2019.txt")]
    # the published pair is consistent: no carry-over finding
    assert not library.findings(rule="x_carry")


def test_carry_over_mismatch_is_reported_for_the_column(library: Library, tmp_path: Path) -> None:
    values = consistent_values(random.Random(7))
    later = consistent_values(random.Random(8))
    for column in ("natural", "commercial", "research", "social", "legal", "other", "total"):
        later[f"t2.r_carried.{column}"] = values[f"t2.r_next.{column}"]
    later["t2.r_carried.natural"] = int(values["t2.r_next.natural"] or 0) + 5  # one column disagrees
    (tmp_path / "2023.txt").write_text(build("word_tab", values), encoding="utf-8")
    (tmp_path / "2024.txt").write_text(build("word_tab", later).replace("2023", "2024"), encoding="utf-8")
    result = library.ingest([tmp_path / "2024.txt", tmp_path / "2023.txt"])
    assert sorted(v.year for v in result.stored) == [2023, 2024]
    found = library.findings(rule="x_carry")
    assert [(f.year, f.cells, f.actual, f.expected, f.scope) for f in found] == [
        (
            2024,
            ["t2.r_carried.natural", "t2.r_next.natural"],
            values["t2.r_next.natural"] + 5,
            values["t2.r_next.natural"],
            "pair",
        )
    ]


def test_a_missing_path_is_recorded_and_the_batch_goes_on(library: Library, tmp_path: Path) -> None:
    """Issue 14.5: one path that does not exist (or is not a regular file) must not abort the ingest."""
    import os

    good = tmp_path / "good.txt"
    shutil.copy(SEEDS / "001_405f20c665fb23e7.txt", good)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    missing = tmp_path / "nonexist.txt"
    result = library.ingest([missing, good, fifo], workers=1)
    assert [Path(v.name).name for v in result.stored] == ["good.txt"]
    failed = {Path(f.name).name: f.message for f in result.failures}
    assert set(failed) == {"nonexist.txt", "pipe.txt"}
    assert "不存在" in failed["nonexist.txt"] and "不是普通文件" in failed["pipe.txt"]
    assert {Path(r["file_name"]).name for r in library.failures(result.run_id)} == set(failed)


def test_evidence_after_a_recheck_is_the_evidence_of_the_file(library: Library) -> None:
    """Issue 14.1: a re-check from the store quotes the same lines as a check of the file."""
    import gongkai

    files = [*sorted(SEEDS.glob("*.txt")), CORPUS / "pingtan-2020.txt", CORPUS / "hongze-2023.pdf"]
    library.ingest(files, workers=1)

    def narrative_evidence() -> dict[tuple[str, int, str, str], list[dict[str, object]]]:
        out = {}
        for f in library.findings():
            if f.rule.startswith("n_"):
                key = (f.agency, f.year, f.rule, f.message)
                out[key] = [{k: v for k, v in e["source"].items() if k != "file"} for e in f.evidence if e["source"]]
        return out

    before = narrative_evidence()
    assert before
    for path in files:  # the stored evidence is the file's own
        doc = gongkai.read_document(path)
        report = gongkai.extract(doc)
        for f in gongkai.check(report, document=doc).findings:
            key = (report.agency, report.year, f.rule, f.message)
            if key in before:
                want = [{k: v for k, v in e.source.to_dict().items() if k != "file"} for e in f.evidence if e.source]
                assert before[key] == json.loads(json.dumps(want)), key  # (bbox: a tuple here, a list stored)
    library.recheck()
    assert narrative_evidence() == before
