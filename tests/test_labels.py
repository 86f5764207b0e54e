"""Row labels: a piece printed as ordinal + label names the row with that ordinal, not another row whose
label ends the same way ("（六）其他" — the start of （六）其他处理 cut by a line end — is not "3.其他")."""

from __future__ import annotations

import pytest

from gongkai.extract.tables import _matcher


@pytest.mark.parametrize(
    ("printed", "last", "row"),
    [
        ("（六）其他", "o_other_overdue", None),  # a parent label cut at a line end names no data row
        ("3.其他", "o_other_fee", "o_other"),
        ("3、其他", "o_other_fee", "o_other"),  # 3、 = 3.
        ("（3）其他", "o_other_fee", "o_other"),
        ("（六）其他处理", "o_reject_confirm", "g_other"),
        ("其他", "o_other_fee", "o_other"),  # bare, after its sibling
    ],
)
def test_a_label_with_its_own_ordinal_names_its_own_row(printed: str, last: str, row: str | None) -> None:
    found = _matcher("2021", False, "t2").match(printed, last)
    assert (found.row if found else None) == row
