"""Reports as data: the JSON of ``gongkai parse --json`` (or the library's ``show --json``) back to a ``Report``.

Edit last year's JSON and render it: the cells (``values`` with raw text and kind, or just ``cells``
numbers), sections, metadata and agency/year are read; sources are kept when present.
"""

from __future__ import annotations

from typing import Any

from gongkai.document import Source
from gongkai.errors import ConfigError
from gongkai.model import ReadingNote, Report, SectionText, Value
from gongkai.normalize import Kind, read_value
from gongkai.spec import load
from gongkai.synth.values import fmt_number


def _source(data: Any) -> Source | None:
    if not isinstance(data, dict):
        return None
    fields = {k: data[k] for k in ("file", "line", "char", "page", "table", "row", "col") if k in data}
    if data.get("bbox"):
        fields["bbox"] = tuple(data["bbox"])
    return Source(**fields)


def _value(raw_value: Any) -> Value:
    if isinstance(raw_value, dict):
        kind = Kind(raw_value.get("kind", "number"))
        number = raw_value.get("value")
        raw = str(raw_value.get("raw", "" if number is None else fmt_number(number)))
        return Value(raw, kind, number, _source(raw_value.get("source")), raw_value.get("note"))
    if raw_value is None:
        return Value("", Kind.BLANK)
    if isinstance(raw_value, bool) or not isinstance(raw_value, (int, float, str)):
        raise ConfigError(f"单元格的值应为数字、文字或空，而不是“{raw_value!r}”")
    raw = fmt_number(raw_value) if not isinstance(raw_value, str) else raw_value
    rv = read_value(raw)
    return Value(raw, rv.kind, rv.number)


def report_from_json(data: dict[str, Any]) -> Report:
    """A ``Report`` from the JSON contract of ``gongkai parse --json`` (``values`` or just ``cells``)."""
    if "report" in data and isinstance(data["report"], dict):  # `gongkai show --json`
        data = data["report"]
    version = str(data.get("format") or "2021")
    if version not in ("2021", "2019"):
        raise ConfigError(f"format 应为 2021 或 2019，而不是“{version}”")
    merged = bool(data.get("other_merged", False))
    spec = load(version, merged)
    given = data.get("values") or data.get("cells") or {}
    unknown = sorted(set(given) - set(spec.cell_ids))
    if unknown:
        raise ConfigError(f"不是 {version} 年格式的单元格编号：{'、'.join(unknown[:5])}")
    values = {cid: _value(v) for cid, v in given.items()}
    sections = tuple(
        SectionText(
            s["id"],
            s.get("heading") or spec.section(s["id"]).label,
            s.get("ordinal"),
            s.get("text", ""),
            _source(s.get("source")),
            tuple(_source(x) for x in s.get("lines") or ()),
        )
        for s in data.get("sections") or ()
    )
    notes = tuple(
        ReadingNote(n["code"], n["message"], tuple(n.get("cells") or ()), _source(n.get("source")))
        for n in data.get("notes") or ()
    )
    year = data.get("year")
    return Report(
        format=version,  # type: ignore[arg-type]
        merged_other=merged,
        agency=data.get("agency"),
        year=int(year) if year is not None else None,
        meta=dict(data.get("meta") or {}),
        sections=sections,
        values=values,
        notes=notes,
        path=data.get("file"),
        layout=str(data.get("layout") or "data"),
    )


__all__ = ["report_from_json"]
