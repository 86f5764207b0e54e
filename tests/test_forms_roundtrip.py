"""Every seed and corpus report, generated in every form, gives exactly its gold cells.

The forms are made at test time (tests/formgen.py): a CMS web page in UTF-8 and GBK with rowspan/colspan,
a python-docx .docx with real vMerge/gridSpan merges, and — with LibreOffice, in one batch call per
form — a .doc and a PDF made from that .docx.
"""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import gongkai
from tests import formgen
from tests.conftest import GOLD

GOLDS = (
    {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))} if GOLD.is_dir() else {}
)
NAMES = sorted(GOLDS)
FORMS = ["html-utf8", "html-gbk", "docx", "doc", "pdf"]


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    root = tmp_path_factory.mktemp("forms")
    out: dict[tuple[str, str], Path] = {}
    docx_files = []
    for name, gold in GOLDS.items():
        report = formgen.build(name, gold)
        for form, charset in (("html-utf8", "utf-8"), ("html-gbk", "gbk")):
            path = root / form / f"{name}.html"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(formgen.to_html(report, charset))
            out[(name, form)] = path
        path = root / "docx" / f"{name}.docx"
        path.parent.mkdir(exist_ok=True)
        formgen.to_docx(report, path)
        out[(name, "docx")] = path
        docx_files.append(path)
    if formgen.soffice() is not None and docx_files:
        for fmt in ("doc", "pdf"):
            formgen.convert(docx_files, fmt, root / fmt, root / "profile")
            for name in GOLDS:
                target = root / fmt / f"{name}.{fmt}"
                if target.exists():
                    out[(name, fmt)] = target
    return out


@functools.cache
def _read(path: Path) -> gongkai.Report:
    return gongkai.read(path)


def _diff(report: gongkai.Report, gold: dict[str, Any]) -> dict[str, Any]:
    return {cid: (want, report.cells.get(cid)) for cid, want in gold["cells"].items() if report.cells.get(cid) != want}


def test_every_gold_report_is_generated() -> None:
    assert len(NAMES) >= 9


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", NAMES)
def test_generated_form_equals_gold(generated: dict[tuple[str, str], Path], name: str, form: str) -> None:
    if form in ("doc", "pdf") and formgen.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path = generated[(name, form)]
    gold = GOLDS[name]
    report = _read(path)
    assert not _diff(report, gold)
    assert (report.agency, report.year, report.format) == (
        gold["meta"]["agency"],
        gold["meta"]["year"],
        gold["meta"]["format"],
    )


@pytest.mark.parametrize("name", NAMES)
def test_all_forms_give_identical_cells(generated: dict[tuple[str, str], Path], name: str) -> None:
    cells = {form: _read(path).cells for (n, form), path in generated.items() if n == name}
    first = cells.pop("docx")
    for form, other in cells.items():
        assert other == first, form


@pytest.mark.parametrize("form", FORMS)
def test_wrong_extension_parses_the_same(generated: dict[tuple[str, str], Path], tmp_path: Path, form: str) -> None:
    key = (NAMES[0], form)
    if key not in generated:
        pytest.skip("form not generated (no LibreOffice)")
    path = generated[key]
    wrong = tmp_path / f"{NAMES[0]}.txt"
    shutil.copyfile(path, wrong)
    assert gongkai.read(wrong).cells == _read(path).cells
