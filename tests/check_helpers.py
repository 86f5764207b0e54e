"""Helpers for the check tests: read seeds once, and build modified reports from real ones."""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path
from typing import Any

import gongkai
from gongkai.check import CheckResult, Finding
from gongkai.model import Report, SectionText
from gongkai.normalize import Kind, read_value
from tests.conftest import CORPUS, SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@cache
def seed(prefix: str) -> Report:
    """A seed by its number prefix (``"000"``)."""
    path = next(p for p in SEED_FILES if p.name.startswith(prefix))
    return gongkai.read(path)


@cache
def corpus(name: str) -> Report:
    return gongkai.read(CORPUS / name)


def with_cells(report: Report, changes: dict[str, Any]) -> Report:
    """A copy of ``report`` whose cells print ``changes`` (raw text or a number) instead; sources are kept."""
    values = dict(report.values)
    for cid, printed in changes.items():
        old = report.value(cid)
        raw = str(printed)
        rv = read_value(raw)
        values[cid] = dataclasses.replace(old, raw=raw, kind=rv.kind, number=rv.number)
    return dataclasses.replace(report, values=values)


def with_kind(report: Report, cid: str, kind: Kind) -> Report:
    values = dict(report.values)
    values[cid] = dataclasses.replace(report.value(cid), raw="", kind=kind, number=None)
    return dataclasses.replace(report, values=values)


def with_section_text(report: Report, section_id: str, old: str, new: str) -> Report:
    sections = []
    for s in report.sections:
        if s.id == section_id:
            assert old in s.text, f"{old!r} not in {section_id}"
            s = SectionText(s.id, s.heading, s.ordinal, s.text.replace(old, new), s.source)
        sections.append(s)
    return dataclasses.replace(report, sections=tuple(sections))


def with_meta(report: Report, **meta: Any) -> Report:
    return dataclasses.replace(report, meta={**report.meta, **meta})


def of(result: CheckResult, rule: str, severity: str | None = None) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule and (severity is None or f.severity.value == severity)]


def errors(result: CheckResult) -> list[Finding]:
    return [f for f in result.findings if f.severity.value == "error"]


__all__ = ["SEED_FILES", "Path", "corpus", "errors", "of", "seed", "with_cells", "with_kind", "with_meta"]
