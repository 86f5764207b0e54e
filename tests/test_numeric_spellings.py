"""Issue 14.3: every numeric spelling a report prints reads the same in every form — units after the
number, thousands separators, full-width digits, signs, 元 in the 万元 column — from one normaliser."""

from __future__ import annotations

import dataclasses

import pytest

import gongkai
from gongkai import synth
from gongkai.synth.values import fmt_number

# forms whose table cells keep their boundaries (a unit or a separator stays inside its cell)
FORMS = [f for f in synth.forms() if not f.startswith(("crawler", "pdf_text"))]


def _fullwidth(text: str) -> str:
    return text.translate(str.maketrans("0123456789,.", "０１２３４５６７８９，．"))


SPELLINGS = {
    "thousands": lambda n: f"{n:,}",
    "fullwidth": lambda n: _fullwidth(str(n)),
    "unit": lambda n: f"{n}件",
    "unit_spaced": lambda n: f"{n} 件",
    "plus": lambda n: f"+{n}" if n else "0",
}


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
@pytest.mark.parametrize("form", FORMS)
def test_every_spelling_reads_as_its_number_in_every_form(form: str, spelling: str) -> None:
    case = synth.make_case(4200 + sorted(SPELLINGS).index(spelling), version="2021", blank="zero")
    cells = dict(case.cells)
    cells["t1.punishment.decisions"] = 12345
    cells["t1.licensing.decisions"] = 1200
    spell = SPELLINGS[spelling]
    printed = {cid: spell(int(v)) for cid, v in cells.items() if cid.startswith("t1.") and isinstance(v, int)}
    printed.update({cid: spell(int(v)) for cid, v in cells.items() if cid.startswith("t2.o_open.") and v is not None})
    amount = cells["t1.fees.amount_wan_yuan"]
    printed["t1.fees.amount_wan_yuan"] = f"{fmt_number(amount)}万元" if spelling == "unit" else fmt_number(amount)
    case = dataclasses.replace(case, cells=cells, printed=printed)
    data, suffix = synth.render(case, form)
    report = gongkai.read(data, f"spelling{suffix}")
    wrong = {c: (want, report.cells.get(c)) for c, want in cells.items() if report.cells.get(c) != want}
    assert not wrong, wrong
    assert not gongkai.check(report).errors, "a consistent report spelled differently is accused"


@pytest.mark.parametrize("form", FORMS)
def test_a_word_in_a_value_cell_holds_its_cell_and_shifts_nothing(form: str) -> None:
    """A row printed 规章 | 见附件 | 1 | 4 reads 见附件 (text) in 本年制发, 1 and 4 where they stand."""
    case = dataclasses.replace(
        synth.make_case(4300, version="2021", blank="zero"),
        printed={"t1.rules.issued": "见附件", "t2.o_open.commercial": "不详", "t3.review_other": "另附"},
    )
    data, suffix = synth.render(case, form)
    report = gongkai.read(data, f"words{suffix}")
    for cid, word in case.printed.items():
        assert (report.value(cid).kind.value, report.value(cid).raw) == ("text", word), cid
    others = {c: v for c, v in case.cells.items() if c not in case.printed and report.cells.get(c) != v}
    assert not others, others
    text_cells = [f for f in gongkai.check(report).findings if f.rule == "v_text_cell"]
    assert {c for f in text_cells for c in f.cells} == set(case.printed)


# forms that print every cell where it stands: a row without a number has nothing else to place it by
# (text with blank cells dropped, and a PDF without rules, are left out)
GRID_FORMS = [f for f in FORMS if f not in ("web_pipe_bare", "pdf_borderless", "pdf_partial_rules")]


@pytest.mark.parametrize("form", GRID_FORMS)
def test_a_row_of_words_and_blanks_keeps_its_cells_in_their_columns(form: str) -> None:
    """A row with no number at all — 不详 | 另附 | blank … (a scan's seal over a row reads like this) —
    reads its words where they stand and its blanks as blanks; nothing is taken for the row's label."""
    case = synth.make_case(4301, version="2021", blank="all_blank")
    row = next(
        r
        for r in ("o_deny_process", "o_deny_enforce", "o_deny_internal", "o_reject_mass")
        if all(v is None for c, v in case.cells.items() if c.startswith(f"t2.{r}."))
    )
    printed = {f"t2.{row}.natural": "不详", f"t2.{row}.commercial": "另附"}
    case = dataclasses.replace(case, printed=printed)
    data, suffix = synth.render(case, form)
    report = gongkai.read(data, f"words{suffix}")
    for cid, word in printed.items():
        assert (report.value(cid).kind.value, report.value(cid).raw) == ("text", word), cid
    others = {c: v for c, v in case.cells.items() if c not in printed and report.cells.get(c) != v}
    assert not others, others
