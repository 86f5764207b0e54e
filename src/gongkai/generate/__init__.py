"""The standard report generated from data, checked before it is published.

::

    report = gongkai.generate.read_input("模板.xlsx")     # a filled template, a parse/show JSON, or any report
    data = gongkai.render(report, "docx")                 # docx | pdf | html | md; refused on errors unless force

``render`` runs ``gongkai.check`` first: a report with an error finding is refused (``RenderRefused``
names the findings) unless ``force=True``, which renders it unchanged — nothing is stamped into the
document.  The document is laid out by ``document.report_to_doc`` (official headings and table layout,
cells as the data holds them: blank stays blank, 0 is printed as 0) and written by one writer per form.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gongkai.check import CheckResult, Finding, check
from gongkai.errors import ConfigError, GongkaiError
from gongkai.generate.document import report_to_doc
from gongkai.generate.docx import to_docx
from gongkai.generate.html import to_html
from gongkai.generate.load import report_from_json
from gongkai.generate.template import read_template, write_template
from gongkai.model import Report
from gongkai.synth.text import markdown

FORMS = ("docx", "pdf", "html", "md")
SUFFIX = {"docx": ".docx", "pdf": ".pdf", "html": ".html", "md": ".md"}


class RenderRefused(GongkaiError):
    """The data has error findings: rendering it would publish them (``force=True`` renders anyway)."""

    def __init__(self, result: CheckResult) -> None:
        self.result = result
        errors = result.errors
        shown = "；".join(f"[{f.rule}] {f.message}" for f in errors[:3])
        more = f"等 {len(errors)} 条" if len(errors) > 3 else ""
        super().__init__(f"核查发现 {len(errors)} 个错误，未生成（确需生成请加 --force）：{shown}{more}")

    @property
    def errors(self) -> tuple[Finding, ...]:
        return self.result.errors


def checked(report: Report, force: bool = False) -> CheckResult:
    """Check the data; refuse (``RenderRefused``) when it has errors, unless ``force``."""
    result = check(report)
    if result.errors and not force:
        raise RenderRefused(result)
    return result


def render(report: Report, form: str, *, force: bool = False) -> bytes:
    """The standard report of ``report`` in ``form`` (checked first; see the module docstring)."""
    return render_many([report], form, force=force)[0]


def render_many(reports: Sequence[Report], form: str, *, force: bool = False) -> list[bytes]:
    """Several reports in one form (PDFs in one LibreOffice run)."""
    if form not in FORMS:
        raise ConfigError(f"生成格式应为 {'、'.join(FORMS)} 之一，而不是“{form}”")
    for report in reports:
        checked(report, force)
    docs = [report_to_doc(r) for r in reports]
    if form == "html":
        return [to_html(d) for d in docs]
    if form == "md":
        return [markdown(d) for d in docs]
    documents = [to_docx(d) for d in docs]
    if form == "docx":
        return documents
    from gongkai.generate.pdf import docx_to_pdf

    return docx_to_pdf(documents)


def read_input(path: str | Path) -> Report:
    """The data to render: a filled XLSX template, the JSON of ``parse --json``/``show --json``, or any
    report gongkai reads (to re-render it in the standard layout)."""
    p = Path(path)
    data = p.read_bytes() if p.is_file() else b""
    if not data:
        raise ConfigError(f"{p}: 文件不存在或是空的")
    if data[:2] == b"PK" and b"xl/" in data[:65536]:
        return read_template(data, str(p))
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] == b"{":
        try:
            doc: Any = json.loads(stripped)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{p}: JSON 无法解析（{exc}）") from exc
        if isinstance(doc, dict) and ("values" in doc or "cells" in doc or "report" in doc):
            return report_from_json(doc)
    from gongkai import read

    return read(p)


__all__ = [
    "FORMS",
    "SUFFIX",
    "RenderRefused",
    "checked",
    "read_input",
    "read_template",
    "render",
    "render_many",
    "report_from_json",
    "write_template",
]
