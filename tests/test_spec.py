"""The format held as data: ids, counts and identities every other part relies on."""

from __future__ import annotations

import json

from gongkai import spec
from tests.conftest import SHARED_BESIDE


def test_2021_format_has_the_200_canonical_cells() -> None:
    fmt = spec.load("2021")
    ids = fmt.cell_ids
    assert len(ids) == 200 and len(set(ids)) == 200
    assert ids[:2] == ("t1.rules.issued", "t1.rules.abolished")
    assert "t1.fees.amount_wan_yuan" in ids and "t3.review_total" in ids and "t2.r_new.natural" in ids
    assert sum(c.startswith("t2.") for c in ids) == 175


def test_the_42_hard_identities_come_from_the_schema() -> None:
    fmt = spec.load("2021")
    assert len(fmt.identities) == 42
    balance = next(i for i in fmt.identities if i.id == "t2_balance.total")
    assert balance.lhs == ("t2.r_new.total", "t2.r_carried.total")
    assert balance.rhs == ("t2.o_total.total", "t2.r_next.total")


def test_merged_other_row_replaces_the_three_leaves_in_cells_and_identities() -> None:
    for fmt in (spec.load("2019"), spec.load("2021", merged_other=True)):
        assert "t2.o_other_all.total" in fmt.cell_ids
        assert not any(c.startswith(("t2.o_other_overdue", "t2.o_other_fee", "t2.o_other.")) for c in fmt.cell_ids)
        outcome = next(i for i in fmt.identities if i.id == "t2_outcome_total.natural")
        assert "t2.o_other_all.natural" in outcome.rhs
        assert not any("o_other_fee" in c for i in fmt.identities for c in i.cells)
        assert len(fmt.identities) == 40  # 7 balance + 7 outcome + 23 row totals + 3 t3


def test_2019_table_one_has_its_own_ids_and_shares_the_comparable_ones() -> None:
    ids = spec.load("2019").cell_ids
    assert "t1.normative.made_new" in ids and "t1.procurement.amount" in ids and "t1.fees.change" in ids
    assert "t1.licensing.decisions" in ids  # comparable with 2021
    assert "t1.rules.issued" not in ids and "t1.fees.amount_wan_yuan" not in ids


def test_official_label_paths() -> None:
    fmt = spec.load("2021")
    assert (
        fmt.label("t2.o_deny_law.natural")
        == "三、本年度办理结果 / （三）不予公开 / 2.其他法律行政法规禁止公开 / 自然人"
    )
    assert fmt.label("t3.suit_after_total") == "行政诉讼 / 复议后起诉 / 总计"
    assert fmt.label("t1.fees.amount_wan_yuan") == "行政事业性收费 / 本年收费金额（单位：万元）"


def test_all_cell_ids_is_the_union_for_exports() -> None:
    every = spec.all_cell_ids()
    assert set(spec.load("2021").cell_ids) <= set(every)
    assert set(spec.load("2019").cell_ids) <= set(every)


def test_packaged_schema_is_the_shared_contract() -> None:
    shared = SHARED_BESIDE / "format" / "schema.json"
    if not shared.exists():
        import pytest

        pytest.skip("../shared/format/schema.json is not beside the checkout")
    assert spec.raw_schema() == json.loads(shared.read_text(encoding="utf-8"))
