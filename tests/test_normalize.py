"""Normalisation of printed text: full-width digits, U+3000 padding, split labels, ordinals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.normalize import Kind, cn_ordinal_value, label_key, read_value, strip_ordinal

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SPACES = st.sampled_from([" ", "\u3000", "\t", "\u00a0", ""])


@given(st.integers(min_value=0, max_value=10**9), SPACES, SPACES, st.booleans())
def test_a_number_reads_the_same_however_it_is_padded(n: int, left: str, right: str, full: bool) -> None:
    text = str(n).translate(FULLWIDTH) if full else str(n)
    rv = read_value(f"{left}{text}{right}")
    assert rv.kind is Kind.NUMBER and rv.number == n


def test_blank_dash_and_text_are_never_coerced() -> None:
    assert read_value("").kind is Kind.BLANK and read_value("\u3000\u3000").kind is Kind.BLANK
    for dash in ("/", "-", "—", "／", "——"):
        rv = read_value(dash)
        assert rv.kind is Kind.DASH and rv.number is None
    assert read_value("无").kind is Kind.TEXT and read_value("无").number is None
    assert read_value("见附件").kind is Kind.TEXT and read_value("12户左右").kind is Kind.TEXT


@pytest.mark.parametrize(
    ("printed", "number"),
    [("12元", 12), ("73802895.90元", 73802895.9), ("1,200", 1200), ("１２００", 1200), ("1.5万元", 1.5),
     ("+20", 20), ("−3", -3), ("－3", -3), ("395件", 395), ("12 个", 12), ("3项", 3)],
)  # fmt: skip
def test_every_numeric_spelling_reads_as_its_number(printed: str, number: float) -> None:
    """Issue 14.3: one value normaliser for every form — units, separators, full width, signs."""
    rv = read_value(printed)
    assert rv.kind is Kind.NUMBER and rv.number == number


def test_decimals_and_thousands() -> None:
    assert read_value("7730.28").number == 7730.28
    assert read_value("1,234").number == 1234
    assert read_value("-15").number == -15


LABEL = "5.要求行政机关确认或重新出具已获取信息"


@given(st.lists(st.integers(min_value=1, max_value=len(LABEL) - 1), max_size=4), SPACES)
def test_a_label_split_anywhere_by_whitespace_keeps_its_key(cuts: list[int], space: str) -> None:
    text = LABEL
    for cut in sorted(set(cuts), reverse=True):
        text = text[:cut] + (space or "\n") + text[cut:]
    assert label_key(text) == label_key(LABEL)


def test_punctuation_width_and_quotes_do_not_matter() -> None:
    assert label_key("3.危及“三安全一稳定”") == label_key('3.危及"三安全一稳定"') == label_key("3.危及三安全一稳定")
    assert label_key("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == label_key(
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"
    )


def test_ordinals_are_stripped_in_every_style() -> None:
    for printed in ("一、总体情况", "1、总体情况", "1.总体情况", "（一）总体情况", "(一)总体情况", "1．总体情况"):
        assert strip_ordinal(label_key(printed)) == "总体情况", printed


def test_chinese_ordinal_values() -> None:
    assert [cn_ordinal_value(x) for x in ("一", "三", "十", "十二", "二十", "3")] == [1, 3, 10, 12, 20, 3]
    assert cn_ordinal_value("甲") is None
