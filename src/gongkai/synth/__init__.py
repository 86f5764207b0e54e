"""Generated reports: one consistent report rendered into every form gongkai reads, with its truth.

The metamorphic corpus behind the trust tests and the benchmark::

    from gongkai import synth
    case = synth.make_case(7)                 # consistent cells, narrative, agency, year, dates
    data, suffix = synth.render(case, "html_cms_nested")
    report = gongkai.read(data, f"case7{suffix}")
    assert report.cells == case.cells         # every form reads back to exactly the generated cells

``FORMS`` lists every form; ``mutate(case, rng)`` injects one deliberate error (a table cell or a
narrative number) that the checks must catch.  Nothing here needs files outside the package; PDF forms
need ``reportlab`` (a development dependency).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from gongkai.synth.case import Case, Statement, document, make_case
from gongkai.synth.doc import GenDoc, Grid, Para, Slot

# form name -> (module, function name, file suffix); writers take a GenDoc and return bytes
_WRITERS: dict[str, tuple[str, str, str]] = {
    "word_tab": ("text", "word_tab", ".txt"),
    "web_pipe": ("text", "web_pipe", ".txt"),
    "markdown": ("text", "markdown", ".md"),
    "pdf_text": ("text", "pdf_text", ".txt"),
    "crawler": ("text", "crawler", ".txt"),
}


def register(form: str, module: str, function: str, suffix: str) -> None:
    """Add a writer (used by the writer modules that live beside this one)."""
    _WRITERS[form] = (module, function, suffix)


def forms() -> list[str]:
    _load_all()
    return list(_WRITERS)


def _load_all() -> None:
    """Register every writer once, always in the same order (forms() order is stable)."""
    if _LOADED:
        return
    for module in ("html", "docx", "pdf"):
        import_module(f"gongkai.synth.{module}")
    from gongkai.synth.text import register_variants

    register_variants()
    _LOADED.append(True)


_LOADED: list[bool] = []


def writer(form: str) -> tuple[Callable[[GenDoc], bytes], str]:
    _load_all()
    module, function, suffix = _WRITERS[form]
    fn: Callable[[GenDoc], bytes] = getattr(import_module(f"gongkai.synth.{module}"), function)
    return fn, suffix


def render(case: Case, form: str) -> tuple[bytes, str]:
    """The case printed in ``form``: (file bytes, file suffix)."""
    fn, suffix = writer(form)
    return fn(document(case)), suffix


__all__ = [
    "Case",
    "GenDoc",
    "Grid",
    "Para",
    "Slot",
    "Statement",
    "document",
    "forms",
    "make_case",
    "register",
    "render",
]
