"""One input file → everything the library stores about it, computed away from the database.

``analyse`` runs in worker processes: read, extract, check (rules of one report), fingerprint the
findings and lay out the rows.  It never raises on bad input: a file that cannot be read comes back as a
``Failure`` naming the file and the problem, so a batch goes on past it.
"""

from __future__ import annotations

import hashlib
import json
import re
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai import __version__
from gongkai.check import Finding, agency_key, check
from gongkai.check.model import Severity
from gongkai.document import Source
from gongkai.errors import GongkaiError
from gongkai.extract import extract
from gongkai.inputs import Item
from gongkai.model import Report
from gongkai.readers import read_bytes
from gongkai.readers.sniff import sniff
from gongkai.store import schema as s
from gongkai.store.bulk import encode


@dataclass(slots=True)
class Failure:
    name: str
    error: str  # class of the error (CorruptInput, NotAReport, …)
    message: str  # one line, names the file
    sha256: str | None = None


@dataclass(slots=True)
class Analysed:
    """A report ready to be written: plain rows plus the ``Report`` for checks against other years."""

    name: str
    sha256: str
    content: bytes
    form: str
    report: Report
    agency: str
    agency_key: str
    year: int
    agency_from: str  # document | filename
    year_from: str
    cells: list[tuple[Any, ...]] = field(default_factory=list)  # CELL_COLUMNS order, JSON encoded
    sections: list[tuple[Any, ...]] = field(default_factory=list)  # SECTION_COLUMNS
    findings: list[tuple[Any, ...]] = field(default_factory=list)  # FINDING_COLUMNS
    severities: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Unchanged:
    """These exact bytes are already stored."""

    name: str
    sha256: str


Outcome = Analysed | Failure | Unchanged

CELL_COLUMNS = ("cell", "kind", "value", "raw", "note", "alternatives", "source")
SECTION_COLUMNS = ("section", "heading", "ordinal", "text", "source", "lines")
FINDING_COLUMNS = (
    "scope",
    "fingerprint",
    "rule",
    "severity",
    "origin",
    "message",
    "cells",
    "expected",
    "actual",
    "evidence",
    "detail",
)

_YEAR = re.compile(r"(?<!\d)(20[1-4]\d)(?!\d)")
_TITLE_WORDS = re.compile(
    r"(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报)|年度|年|工作报告|[（(]?(?:第?\d+版|更正版?|修订版?)[)）]?"
)
_SEPARATORS = re.compile(r"[\s_\-—–.·,，、()（）\[\]【】《》]+")


def from_file_name(name: str) -> tuple[str | None, int | None]:
    """Agency and year guessed from a file name such as ``某某区教育局2023年政府信息公开工作年度报告.docx``.

    ``name`` is the file's own name (a zip member's name inside its archive): taken as written, so a ``!``
    in it is part of the name.
    """
    stem = Path(name).stem
    years = _YEAR.findall(stem)
    year = int(years[0]) if years else None
    rest = _YEAR.sub(" ", stem)
    rest = _TITLE_WORDS.sub(" ", rest)
    rest = _SEPARATORS.sub("", rest)
    agency = rest if sum(1 for ch in rest if "\u4e00" <= ch <= "\u9fff") >= 2 else None
    return agency, year


def fingerprint(agency: str, year: int, finding: Finding) -> str:
    """Stable identity of a finding: same report (agency+year), rule, cells, figures and quoted text.

    Positions are left out on purpose, so a re-ingested or re-published file with the same problem keeps
    its review state.
    """
    quoted = [e.raw for e in finding.evidence]
    key = [agency, year, finding.rule, list(finding.cells), finding.expected, finding.actual, quoted]
    return hashlib.sha1(json.dumps(key, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def finding_row(finding: Finding, agency: str, year: int, scope: str) -> dict[str, Any]:
    data = finding.to_dict()
    return {
        "scope": scope,
        "fingerprint": fingerprint(agency, year, finding),
        "rule": finding.rule,
        "severity": finding.severity.value,
        "origin": finding.origin.value,
        "message": finding.message,
        "cells": data["cells"],
        "expected": finding.expected,
        "actual": finding.actual,
        "evidence": data["evidence"],
        "detail": data["detail"],
    }


_SOURCE_INTS = ("line", "char", "page", "table", "row", "col")


def _lines_json(lines: tuple[Source | None, ...]) -> str | None:
    """Where each section line starts, as stored (the file name left to the version, as for cells)."""
    if not lines:
        return None
    return "[" + ",".join(_source_json(source) or "null" for source in lines) + "]"


def _source_json(source: Source | None) -> str | None:
    """A value's source as stored: JSON without the file name (the version row holds it once).

    Written out by hand — every field left is an int or the bbox floats — because this runs for every
    cell of every report and ``json.dumps`` was the largest cost of preparing a report for the database.
    """
    if source is None:
        return None
    parts = [f'"{name}":{int(v)}' for name in _SOURCE_INTS if (v := getattr(source, name)) is not None]
    if source.bbox is not None:
        parts.append('"bbox":[' + ",".join(repr(float(x)) for x in source.bbox) + "]")
    return "{" + ",".join(parts) + "}"


def report_rows(report: Report) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Cell rows (CELL_COLUMNS: every canonical id of the report's format, blank ≠ 0) and section rows
    (SECTION_COLUMNS), JSON columns already encoded."""
    cells = []
    for cid in report.spec.cell_ids:
        v = report.value(cid)
        alternatives = json.dumps(list(v.alternatives), ensure_ascii=False) if v.alternatives else None
        cells.append((cid, v.kind.value, v.number, v.raw, v.note, alternatives, _source_json(v.source)))
    sections = [
        (s.id, s.heading, s.ordinal, s.text, _source_json(s.source), _lines_json(s.lines)) for s in report.sections
    ]
    return cells, sections


_known: frozenset[str] = frozenset()


def init_worker(known: frozenset[str]) -> None:
    """Process-pool initialiser: the hashes already stored, so unchanged files are not parsed again."""
    global _known
    _known = known


def analyse(item: Item) -> Outcome:
    """Read, extract and check one input.  Never raises."""
    try:
        data = item.read()
    except GongkaiError as exc:
        return Failure(item.name, type(exc).__name__, str(exc))
    except (OSError, zipfile.BadZipFile, KeyError) as exc:
        return Failure(item.name, "OSError", f"{item.name}: 无法读取文件（{exc}）")
    sha = hashlib.sha256(data).hexdigest()
    if sha in _known:
        return Unchanged(item.name, sha)
    return analyse_bytes(item.name, data, sha, own_name=item.own_name)


def analyse_bytes(name: str, data: bytes, sha: str | None = None, own_name: str | None = None) -> Outcome:
    """Read, extract and check one input's bytes; ``own_name`` is the file's own name (for a zip member,
    its name inside the archive) when it differs from ``name``."""
    sha = sha or hashlib.sha256(data).hexdigest()
    try:
        document = read_bytes(data, name)
        report = extract(document)
        form = sniff(data).value
    except GongkaiError as exc:
        return Failure(name, type(exc).__name__, str(exc), sha)
    except (MemoryError, RecursionError) as exc:
        return Failure(name, type(exc).__name__, f"{name}: 读取时资源耗尽（{type(exc).__name__}）", sha)
    except Exception as exc:  # a bug in gongkai must not stop a batch of hundreds of files
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Failure(
            name,
            "InternalError",
            f"{name}: gongkai 内部错误（{type(exc).__name__}: {exc}，{Path(where.filename).name}:{where.lineno}），请报告此问题",
            sha,
        )
    guessed_agency, guessed_year = from_file_name(own_name or name)
    agency, agency_from = (report.agency, "document") if report.agency else (guessed_agency, "filename")
    year, year_from = (report.year, "document") if report.year else (guessed_year, "filename")
    if not agency or year is None:
        missing = "、".join(label for label, v in (("机关名称", agency), ("年度", year)) if not v)
        return Failure(
            name, "NotIdentified", f"{name}: 正文和文件名中都读不出{missing}，无法归档（可改文件名后重试）", sha
        )
    result = check(report, document=document)
    cells, sections = report_rows(report)
    findings = [finding_row(f, agency_key(agency), year, "report") for f in result.findings]
    severities = [f["severity"] for f in findings]
    return Analysed(
        name=name,
        sha256=sha,
        content=data,
        form=form,
        report=report,
        agency=agency,
        agency_key=agency_key(agency),
        year=year,
        agency_from=agency_from,
        year_from=year_from,
        cells=cells,
        sections=sections,
        findings=[encode(s.findings, f, FINDING_COLUMNS) for f in findings],
        severities=severities,
    )


def version_row(a: Analysed) -> dict[str, Any]:
    r = a.report
    return {
        "file_name": a.name,
        "sha256": a.sha256,
        "form": a.form,
        "format": r.format,
        "merged_other": r.merged_other,
        "layout": r.layout,
        "agency_printed": r.agency,
        "agency_from": a.agency_from,
        "year_from": a.year_from,
        "published": r.meta.get("published"),
        "meta": r.meta,
        "notes": [n.to_dict() for n in r.notes],
        "parser": __version__,
    }


SEVERITIES = tuple(s.value for s in Severity)
