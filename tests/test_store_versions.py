"""Versions as an officer needs them (issue 14.4): one publication in several forms is one version, the
current version is chosen by rule whatever the order of the files, and an administrator's changes are logged."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

import gongkai
from gongkai import synth
from gongkai.errors import ConfigError
from gongkai.store import Library
from tests.conftest import CORPUS


@pytest.mark.parametrize("order", ["txt_first", "html_first"])
def test_the_forms_of_one_publication_are_one_version_in_any_order(library: Library, order: str) -> None:
    files = [CORPUS / "pingtan-2020.txt", CORPUS / "pingtan-2020.html"]
    for path in files if order == "txt_first" else files[::-1]:
        library.ingest([path], workers=1)
    [summary] = [r for r in library.reports() if r.year == 2020]
    assert summary.versions == 1
    stored = library.get("平潭综合实验区", 2020)
    # the version shows the better reading (the web page reads every cell; the crawler text has doubts)
    assert stored.version.file_name.endswith(".html")
    assert [Path(f).suffix for f in stored.version.other_files] == [".txt"]
    # and its counts are the web page's, in either order
    html = gongkai.check(gongkai.read(CORPUS / "pingtan-2020.html")).summary
    assert (summary.errors, summary.warnings) == (html["error"], html["warning"]) and summary.errors == 2


def _case_file(tmp_path: Path, case: synth.Case, name: str) -> Path:
    data, suffix = synth.render(case, "web_pipe")  # a web page copied as text: it prints 发文日期
    path = tmp_path / f"{name}{suffix}"
    path.write_bytes(data)
    return path


def test_a_republication_is_a_new_version_and_the_latest_is_current_whatever_the_order(
    library: Library, tmp_path: Path
) -> None:
    first = synth.make_case(5, version="2021")
    cells = dict(first.cells)
    cells["t1.licensing.decisions"] = int(cells["t1.licensing.decisions"] or 0) + 7  # a corrected table value
    later = dataclasses.replace(first, cells=cells, published=first.published + datetime.timedelta(days=30))
    older_file, newer_file = _case_file(tmp_path, first, "first"), _case_file(tmp_path, later, "corrected")
    library.ingest([newer_file], workers=1)
    result = library.ingest([older_file], workers=1)
    assert [(v.version, v.active, v.same_publication) for v in result.stored] == [(2, False, False)]
    current = library.get(first.agency, first.year)
    assert current.version.number == 1 and current.version.file_name.endswith("corrected.txt")
    assert current.report.cells["t1.licensing.decisions"] == cells["t1.licensing.decisions"]


def test_an_administrator_pins_and_deletes_versions_and_it_is_logged(library: Library, tmp_path: Path) -> None:
    first = synth.make_case(6, version="2021")
    cells = dict(first.cells)
    cells["t1.punishment.decisions"] = int(cells["t1.punishment.decisions"] or 0) + 3
    later = dataclasses.replace(first, cells=cells, published=first.published + datetime.timedelta(days=10))
    library.ingest([_case_file(tmp_path, first, "a"), _case_file(tmp_path, later, "b")], workers=1)
    agency, year = first.agency, first.year
    assert library.get(agency, year).version.file_name.endswith("b.txt")

    pinned = library.set_current(agency, year, 1, who="管理员甲", comment="以首次发布为准")
    assert pinned.number == 1 and pinned.pinned
    library.ingest([_case_file(tmp_path, dataclasses.replace(later, seed=99), "c")], workers=1)  # another copy of b
    assert library.get(agency, year).version.number == 1  # a pinned version stays current
    back = library.set_current(agency, year, None, who="管理员甲")
    assert back.file_name.endswith("b.txt") and not back.pinned

    with pytest.raises(ConfigError, match="理由"):
        library.delete_version(agency, year, 2, who="管理员乙", comment="")
    library.delete_version(agency, year, 2, who="管理员乙", comment="重复上传")
    stored = library.get(agency, year)
    assert [v.number for v in stored.versions] == [1] and stored.version.number == 1
    log = library.version_log(agency=agency)
    assert [(e["action"], e["number"], e["who"]) for e in log] == [
        ("set_current", 1, "管理员甲"),
        ("unpin", 2, "管理员甲"),
        ("delete", 2, "管理员乙"),
    ]
    assert log[-1]["comment"] == "重复上传"
