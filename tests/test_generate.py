"""生成年报 (issue 11): the standard report generated from data; parse(render(report)) gives the report back.

Round trip for every seed and corpus report and for generated ones, in every form: the same cells, agency
and year, the same prose, the same findings; a report with errors is refused unless forced; the XLSX
template filled in reads back to the data it was filled with.
"""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

import gongkai
from gongkai import generate, synth
from gongkai.generate import RenderRefused
from gongkai.model import Report
from tests.conftest import CORPUS, SEEDS

FORMS = ["docx", "html", "md"]
SOURCES = [
    *sorted(SEEDS.glob("*.txt")),
    *(CORPUS / n for n in ("pingtan-2019.txt", "pingtan-2020.html", "hongze-2023.pdf", "stcsm-2024.md")),
]


def _prose(report: Report, form: str) -> dict[str, str]:
    """The prose sections' text, whitespace normalised (a web page collapses U+2002 and friends)."""
    out = {}
    for s in report.sections:
        if report.spec.section(s.id).table:
            continue
        lines = [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", line)).strip() for line in s.text.split("\n")]
        if form == "md":  # a line with | in Markdown is a table row: page chrome such as "使用帮助 | 联系我们"
            lines = [line for line in lines if "|" not in line]
        text = "\n".join(line for line in lines if line)
        if text:  # a section the source lacks is printed with its heading and no text
            out[s.id] = text
    return out


def _findings(report: Report) -> set[tuple[str, str, str, tuple[str, ...]]]:
    return {(f.rule, f.severity.value, f.origin.value, f.cells) for f in gongkai.check(report).findings
            if f.rule not in ("d_deadline", "s_section_title", "s_section_numbering", "s_subsection_numbering")}  # fmt: skip


def _round_trip(report: Report, form: str) -> Report:
    data = generate.render(report, form, force=True)
    return gongkai.read(data, f"generated{generate.SUFFIX[form]}")


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_every_seed_and_corpus_report_comes_back(source: Path, form: str) -> None:
    report = gongkai.read(source)
    back = _round_trip(report, form)
    assert {c: v for c, v in back.cells.items() if v != report.cells[c]} == {}
    assert (back.agency, back.year, back.format, back.merged_other) == (
        report.agency, report.year, report.format, report.merged_other
    )  # fmt: skip
    assert _prose(back, form) == _prose(report, form)


@pytest.mark.parametrize("form", FORMS)
def test_generated_reports_come_back_with_the_same_findings(form: str) -> None:
    for seed in range(70 * FORMS.index(form), 70 * FORMS.index(form) + 70):
        case = synth.make_case(seed)
        data, suffix = synth.render(case, "word_tab")
        report = gongkai.read(data, f"case{seed}{suffix}")
        back = _round_trip(report, form)
        assert back.cells == case.cells, seed
        assert (back.agency, back.year) == (case.agency, case.year), seed
        assert _findings(back) == _findings(report), seed


def test_pdf_through_libreoffice_comes_back_and_its_pages_are_drawn(tmp_path: Path) -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    import pypdfium2 as pdfium

    reports = [gongkai.read(p) for p in SOURCES[:3]]
    pdfs = generate.render_many(reports, "pdf", force=True)
    for k, (report, pdf) in enumerate(zip(reports, pdfs, strict=True)):
        back = gongkai.read(pdf, "generated.pdf")
        assert back.cells == report.cells and (back.agency, back.year) == (report.agency, report.year)
        document = pdfium.PdfDocument(pdf)
        for n in range(min(2, len(document))):  # the title page and the first table, as artefacts to look at
            image = document[n].render(scale=1).to_pil()
            image.save(tmp_path / f"generated-{k}-page{n + 1}.png")
            assert image.getextrema() != ((255, 255), (255, 255), (255, 255))  # something is drawn
        document.close()


def test_a_report_with_a_table_error_is_refused_unless_forced() -> None:
    report = gongkai.read(CORPUS / "pingtan-2020.txt")  # its outcome rows do not add up to （七）总计
    with pytest.raises(RenderRefused, match="t2_outcome_total") as refused:
        generate.render(report, "html")
    assert refused.value.errors and all(f.severity.value == "error" for f in refused.value.errors)
    assert generate.render(report, "html", force=True).startswith(b'<div class="gongkai-report">')


def test_blank_stays_blank_and_zero_is_printed_as_zero() -> None:
    case = synth.make_case(3, blank="some_blank")
    data, suffix = synth.render(case, "word_tab")
    report = gongkai.read(data, f"x{suffix}")
    html = generate.render(report, "html", force=True).decode()
    assert "<td></td>" in html and "<td>0</td>" in html
    assert _round_trip(report, "docx").cells == case.cells


def _fill(template: bytes, report: Report) -> bytes:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(template))
    for label, value in (("机关名称", report.agency), ("报告年度", report.year), ("统计期限起（日期）", f"{report.year}-01-01"),
                         ("统计期限止（日期）", f"{report.year}-12-31"), ("发布日期", f"{report.year + 1}-01-20")):  # fmt: skip
        row = next(r for r in book["基本信息"].iter_rows() if r[0].value == label)
        row[1].value = value
    ids = {s.label: s.id for s in report.spec.sections}
    for row in book["正文"].iter_rows(min_row=2):
        section = report.section(ids[row[0].value])
        row[1].value = section.text if section else None
    for sheet, ref, cid in book["_cells"].iter_rows(min_row=2, max_col=3, values_only=True):
        book[sheet][ref].value = report.cells[cid]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("seed", range(8))
def test_the_template_filled_in_reads_back_and_renders(seed: int, tmp_path: Path) -> None:
    case = synth.make_case(seed, blank="some_blank")
    data, suffix = synth.render(case, "word_tab")
    report = gongkai.read(data, f"x{suffix}")
    filled = tmp_path / "模板.xlsx"
    filled.write_bytes(_fill(generate.write_template(report.format), report))
    from_template = generate.read_input(filled)
    assert from_template.cells == case.cells
    assert (from_template.agency, from_template.year, from_template.meta["published"]) == (
        case.agency, case.year, f"{case.year + 1}-01-20"
    )  # fmt: skip
    assert _prose(from_template, "docx") == _prose(report, "docx")
    back = _round_trip(from_template, "docx")
    assert back.cells == case.cells and back.meta["statistics_period"]["start"] == f"{case.year}-01-01"


def test_the_template_carries_last_years_cases_over() -> None:
    from openpyxl import load_workbook

    last = gongkai.read(CORPUS / "pingtan-2019.txt")
    book = load_workbook(io.BytesIO(generate.write_template("2021", previous=last)))
    ids = {cid: (sheet, ref) for sheet, ref, cid in book["_cells"].iter_rows(min_row=2, max_col=3, values_only=True)}
    sheet, ref = ids["t2.r_carried.total"]
    assert book[sheet][ref].value == last.cells["t2.r_next.total"]
    info = {r[0].value: r[1].value for r in book["基本信息"].iter_rows()}
    assert (info["机关名称"], info["报告年度"]) == (last.agency, 2020)


def test_a_json_of_parse_renders_the_same_report() -> None:
    import json

    report = gongkai.read(next(SEEDS.glob("003_*.txt")))
    again = generate.report_from_json(json.loads(json.dumps(report.to_dict(), ensure_ascii=False)))
    assert again.cells == report.cells and again.agency == report.agency
    assert generate.render(again, "md", force=True) == generate.render(report, "md", force=True)
