"""Pairing reports read in one batch with the same agency's report of the year before.

The year-over-year rules (``x_*``) need a report and its predecessor.  ``pair_previous`` finds, in a batch,
each report's predecessor: same agency (compared on ``agency_key``), year − 1.  ``agency_key`` is the one
identity of an agency across years for everything that pairs reports (the check command, the store).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from gongkai.model import Report
from gongkai.normalize import squash

# a title sometimes runs "关于" into the agency ("关于某某局2023年…", "某某局关于2023年…")
_AFFIXES = re.compile(r"^关于|(?:关于|的)$")


def agency_key(name: str) -> str:
    """The identity of an agency across years: its printed name without spacing, punctuation or quotes.

    NFKC (full-width → ASCII), every whitespace (incl. U+3000) and every punctuation or symbol character
    removed (brackets, quotes, dots, dashes …), and a "关于" or "的" that a title ran into the name.
    Names that still differ (a renamed agency, 区 vs 县) are different agencies: the key never guesses.
    """
    kept = "".join(ch for ch in squash(name) if unicodedata.category(ch)[0] not in "PSZC")
    return _AFFIXES.sub("", kept)


def pair_previous(reports: Sequence[Report | None]) -> dict[int, int]:
    """For each report of a batch, the index of the same agency's report of the year before.

    ``reports`` in batch order (``None`` stands for a file that could not be read); the result maps the
    index of a report to the index of its predecessor and leaves out reports without one, and those whose
    agency or year is unknown.  When the batch holds several reports of the same agency for the previous
    year (the same report as HTML and as PDF, a corrected re-publication), the first in batch order is
    taken.
    """
    first: dict[tuple[str, int], int] = {}
    for i, r in enumerate(reports):
        if r is not None and r.agency and r.year is not None and agency_key(r.agency):
            first.setdefault((agency_key(r.agency), r.year), i)
    pairs: dict[int, int] = {}
    for i, r in enumerate(reports):
        if r is None or not r.agency or r.year is None:
            continue
        previous = first.get((agency_key(r.agency), r.year - 1))
        if previous is not None:
            pairs[i] = previous
    return pairs
