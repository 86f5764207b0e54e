"""What a report turns into: values with their provenance, sections, metadata and reading notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gongkai.document import Source
from gongkai.normalize import Kind
from gongkai.spec import FormatSpec, FormatVersion, load


@dataclass(slots=True)
class Value:
    """One table cell as printed: raw text, what kind of thing it is, the number (if any), and where.

    Treat as immutable; not frozen only because ~200 are built per report and frozen construction is slow.

    ``note`` says how the value was read when that was not a plain cell read (e.g. recovered from fused
    digits, assigned by row order); ``alternatives`` lists other admissible readings of fused digits.
    """

    raw: str
    kind: Kind
    number: int | float | None = None
    source: Source | None = None
    note: str | None = None
    alternatives: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"raw": self.raw, "kind": self.kind.value, "value": self.number}
        out["source"] = self.source.to_dict() if self.source else None
        if self.note:
            out["note"] = self.note
        if self.alternatives:
            out["alternatives"] = list(self.alternatives)
        return out


MISSING = Value(raw="", kind=Kind.MISSING)


@dataclass(frozen=True, slots=True)
class ReadingNote:
    """Something uncertain about *our reading* of the document (not an error of the document)."""

    code: str  # e.g. split_ambiguous, split_inferred, row_by_order, label_fuzzy, row_missing
    message: str  # Chinese, for a reviewer
    cells: tuple[str, ...] = ()
    source: Source | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "cells": list(self.cells),
            "source": self.source.to_dict() if self.source else None,
        }


@dataclass(frozen=True, slots=True)
class SectionText:
    """One of the six sections as printed: heading text, its printed ordinal, and its body text.

    ``lines`` gives, for each line of ``text``, where it was printed, so a quoted sentence can name its
    own line without the document at hand (a report rebuilt from the library, say).
    """

    id: str
    heading: str
    ordinal: str | None
    text: str
    source: Source | None = None
    lines: tuple[Source | None, ...] = ()  # where each line of ``text`` starts in the document (when known)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "heading": self.heading,
            "ordinal": self.ordinal,
            "text": self.text,
            "source": self.source.to_dict() if self.source else None,
            "lines": [line.to_dict() if line else None for line in self.lines],
        }


@dataclass(frozen=True, slots=True)
class Report:
    """A report read from one document."""

    format: FormatVersion
    merged_other: bool  # t2 prints （六）其他处理 as one row (t2.o_other_all)
    agency: str | None
    year: int | None
    meta: dict[str, Any]
    sections: tuple[SectionText, ...]
    values: dict[str, Value]
    notes: tuple[ReadingNote, ...] = ()
    path: str | None = None
    layout: str = "unknown"

    @property
    def spec(self) -> FormatSpec:
        return load(self.format, self.merged_other)

    @property
    def cells(self) -> dict[str, int | float | None]:
        """Flat map canonical id → number (None where the document has no number)."""
        return {cid: self.values[cid].number if cid in self.values else None for cid in self.spec.cell_ids}

    def value(self, cell_id: str) -> Value:
        return self.values.get(cell_id, MISSING)

    def section(self, section_id: str) -> SectionText | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``gongkai parse --json`` (documented in README)."""
        return {
            "file": self.path,
            "format": self.format,
            "other_merged": self.merged_other,
            "layout": self.layout,
            "agency": self.agency,
            "year": self.year,
            "meta": self.meta,
            "sections": [s.to_dict() for s in self.sections],
            "cells": self.cells,
            "values": {cid: self.value(cid).to_dict() for cid in self.spec.cell_ids},
            "notes": [n.to_dict() for n in self.notes],
        }
