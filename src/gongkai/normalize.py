"""Text normalisation shared by readers and extraction.

- ``label_key`` turns a printed label into a comparison key: NFKC (full-width → ASCII), no whitespace
  (incl. U+3000 and line breaks), no quotes, unified punctuation.
- ``strip_ordinal`` removes a leading ordinal (``一、`` ``（一）`` ``1.`` ``1、`` ``(1)``) from a key.
- ``read_value`` classifies the raw text of a table cell: number, blank, dash/slash or other text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

_WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_QUOTES = re.compile(r"[\"'“”‘’「」『』]")
_ORDINAL = re.compile(
    r"^(?:"
    r"[(（][一二三四五六七八九十\d]{1,3}[)）][、.．,，]?"  # （一） (1)
    r"|[一二三四五六七八九十]{1,3}[、.．,，]"  # 一、
    r"|\d{1,2}(?:[、.．,，]|(?=[^\d.,]))"  # 1. 1、 or a bare digit before text
    r")"
)
_PUNCT_MAP = str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";", "、": "、", "－": "-", "／": "/"})

CN_DIGITS = "一二三四五六七八九十"


def is_cjk(ch: str) -> bool:
    """Whether a character is a Chinese character (the unified block and extension A)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """NFKC and no whitespace at all."""
    return _WS.sub("", nfkc(text))


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """Comparison key of a printed label."""
    key = _QUOTES.sub("", squash(text)).translate(_PUNCT_MAP)
    return key


def strip_ordinal(key: str) -> str:
    """Drop one leading ordinal from a key (``（一）予以公开`` → ``予以公开``)."""
    return _ORDINAL.sub("", key, count=1)


def leading_ordinal(text: str) -> str | None:
    m = _ORDINAL.match(squash(text))
    return m.group(0) if m else None


class Kind(StrEnum):
    """What a table cell holds, as printed."""

    NUMBER = "number"
    BLANK = "blank"  # nothing printed
    DASH = "dash"  # '/', '-', '—', '—' … printed instead of a number
    TEXT = "text"  # other text (e.g. '无', '12元')
    AMBIGUOUS = "ambiguous"  # fused digits that split in more than one admissible way
    MISSING = "missing"  # the cell was not found in the document


_DASHES = frozenset({"/", "／", "-", "－", "—", "——", "–", "\\", "一", "_"})
_INT = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+$|^[+-]?\d+$")
_DEC = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$|^[+-]?\.\d+$")


@dataclass(frozen=True, slots=True)
class ReadValue:
    kind: Kind
    number: int | float | None


# a unit some cells print after the number ("395件", "73802895.90元"); the number is read, the raw text
# keeps the unit (``v_fee_unit`` says when 元 stands in a 万元 column)
_UNIT = re.compile(r"(?:万元|元|人次|件|个|条|项|次|宗|起|份|篇)$")
_MINUS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-"})  # minus signs a sign


@lru_cache(maxsize=65536)
def read_value(raw: str) -> ReadValue:
    """Classify one cell's raw text.  Never coerces: a blank stays blank, a dash stays a dash.

    The one value normaliser of every form: full-width digits, thousands separators, decimals, a sign
    (+20, −3 with any minus sign) and a unit after the number all read as that number.
    """
    text = squash(raw)
    if not text:
        return ReadValue(Kind.BLANK, None)
    if text in _DASHES or re.fullmatch(r"[-—–/\\_]+", text):
        return ReadValue(Kind.DASH, None)
    if text[0] in "\u2212\u2012\u2013\ufe63" and len(text) > 1 and text[1].isdigit():
        text = text.translate(_MINUS)
    if _UNIT.search(text) and text[0] in "+-0123456789.":
        text = _UNIT.sub("", text)
    if _INT.match(text):
        return ReadValue(Kind.NUMBER, int(text.replace(",", "")))
    if _DEC.match(text):
        return ReadValue(Kind.NUMBER, float(text.replace(",", "")))
    return ReadValue(Kind.TEXT, None)


@lru_cache(maxsize=65536)
def is_value_text(raw: str) -> bool:
    """Whether a cell's text reads as a table value (number, dash, or a short '无')."""
    text = squash(raw)
    if not text:
        return False
    kind = read_value(text).kind
    return kind in (Kind.NUMBER, Kind.DASH) or text in ("无", "空")


_CN_NUM = {c: i + 1 for i, c in enumerate(CN_DIGITS)}


def cn_ordinal_value(text: str) -> int | None:
    """``三`` → 3, ``十二`` → 12, ``3`` → 3."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_NUM for c in text):
        return None
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_NUM[text[1]]
    if len(text) == 1:
        return _CN_NUM[text]
    if len(text) == 2 and text[1] == "十":
        return _CN_NUM[text[0]] * 10
    if len(text) == 3 and text[1] == "十":
        return _CN_NUM[text[0]] * 10 + _CN_NUM[text[2]]
    return None
