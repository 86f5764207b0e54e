"""Find the six section headings in the piece stream, wherever the layout put them.

A heading is an ordinal (``二、`` ``2、`` ``2.`` ``2）`` ``第二部分`` ``二`` and a space) followed by a
section title or one of its aliases,
anywhere in a text piece (crawler text runs a whole report into one line).  Narrative mentions are told
apart by order: among all candidate matches we keep the chain that finds the most sections in format
order, preferring the printed ordinal that fits.  A match followed by a colon is a list item, not a
heading.  A section not found so is looked for once more with slips allowed (an OCR reading drops or
misreads a character): a short line with the section's own number (or a bare 、 where the number was
lost) and a title within ``NEAR`` of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cache

from gongkai.extract.stream import PK, Piece, split_text_piece
from gongkai.normalize import cn_ordinal_value, nfkc, strip_ordinal
from gongkai.spec import Section, load


@dataclass(frozen=True, slots=True)
class Heading:
    section: str  # s1 … s6
    index: int  # position of the heading's piece in the stream
    text: str  # the heading as printed
    ordinal: str  # the printed ordinal (``二、``, ``2、`` …)


def _loose(title: str) -> str:
    """A regex for a title that tolerates spaces between characters and quote/punctuation width."""
    out = []
    for ch in nfkc(title):
        if ch.isspace():
            continue
        if ch in "、,，":
            out.append(r"[、,，]?")
        elif ch in "“”\"'‘’":
            out.append(r"[“”\"'‘’]?")
        else:
            out.append(re.escape(ch))
    return r"\s*".join(out)


@cache
def _pattern() -> re.Pattern[str]:
    """One regex for every section: an ordinal, then any title or alias (group ``s1`` … ``s6``)."""
    sections: tuple[Section, ...] = load().sections
    alts = []
    for s in sections:
        titles = {s.title} | {strip_ordinal(nfkc(a).replace(" ", "")) for a in s.aliases}
        alt = "|".join(_loose(t) for t in sorted(titles, key=len, reverse=True))
        alts.append(f"(?P<{s.id}>{alt})")
    return re.compile(r"(?P<ord>" + _ORDINAL + r"\s*)(?:" + "|".join(alts) + r")(?!\s*[:：])")


# a section's printed number: 二、 2、 2. 二． 2） 第二部分： and 二 with a space after it
_ORDINAL = (
    r"(?:(?:[一二三四五六七八九十]{1,2}|[0-9０-９]{1,2})\s*[、.．](?!\d)|[0-9０-９]{1,2}\s*[)）]"
    r"|第[一二三四五六七八九十]{1,2}部分\s*[:：、.．]?|[一二三四五六七八九十]{1,2}(?=\s))"
)


def _ordinal_number(ordinal: str) -> str:
    """The number of a printed ordinal (``二、`` ``2）`` ``第二部分：`` → ``二`` ``2`` ``二``)."""
    text = nfkc(ordinal).strip().rstrip("、.．:：)）").strip()
    return text[1:-2] if text.startswith("第") and text.endswith("部分") else text


def _expected_ordinal(section_id: str) -> int:
    return int(section_id[1:])


def find_headings(pieces: list[Piece]) -> tuple[list[Piece], list[Heading]]:
    """Return the stream with heading pieces cut out on their own, and the accepted headings."""
    pieces = _join_wrapped(pieces)
    candidates: list[tuple[int, int, str, str, str]] = []  # (piece index, char, section, text, ordinal)
    pattern = _pattern()
    for i, piece in enumerate(pieces):
        if piece.kind is not PK.TEXT:
            continue
        text = piece.text
        if not any(mark in text for mark in "、.．)）分 \u3000\t"):  # no ordinal's mark: no heading
            continue
        for m in pattern.finditer(text):
            section_id = next(k for k, v in m.groupdict().items() if v is not None and k != "ord")
            start, heading, ordinal = m.start(), m.group(0), m.group("ord")
            digits = _ordinal_number(ordinal)
            expected = _expected_ordinal(section_id)
            if len(digits) == 2 and digits.isdigit() and int(digits[1]) == expected:
                # text run together ("…收费8283、收到和处理…", "…尚未审结105、存在…"): a section is numbered 1–6,
                # so the first digit ends the value before it
                start, heading, ordinal = start + 1, heading[1:], ordinal[1:]
            candidates.append((i, start, section_id, heading, ordinal))
    found = {c[2] for c in candidates}
    if len(found) < len(_titles()):  # a section not found: look again, slips allowed
        candidates.extend(c for c in _near_headings(pieces) if c[2] not in found)
    chain = _best_chain(candidates)
    if all(char == 0 for _, char, *_ in chain):  # every heading already starts its piece
        return pieces, [Heading(sid, i, text.strip(), ordinal.strip()) for i, _, sid, text, ordinal in chain]
    # cut pieces so that every accepted heading starts a piece
    cuts: dict[int, list[int]] = {}
    for i, char, *_ in chain:
        if char > 0:
            cuts.setdefault(i, []).append(char)
    new_pieces: list[Piece] = []
    index_map: dict[tuple[int, int], int] = {}
    for i, piece in enumerate(pieces):
        points = sorted(cuts.get(i, []))
        rest, consumed = piece, 0
        index_map[(i, 0)] = len(new_pieces)
        for at in points:
            head, rest = split_text_piece(rest, at - consumed)
            consumed = at
            if head.text.strip():
                new_pieces.append(head)
            index_map[(i, at)] = len(new_pieces)
        new_pieces.append(rest)
    headings = [
        Heading(section=sid, index=index_map[(i, char)], text=text.strip(), ordinal=ordinal.strip())
        for i, char, sid, text, ordinal in chain
    ]
    return new_pieces, headings


@cache
def _titles() -> tuple[tuple[str, int, tuple[str, ...]], ...]:
    """Per section: its id, its number and its titles (aliases without their ordinal), spaces out."""
    return tuple(
        (
            s.id,
            _expected_ordinal(s.id),
            tuple({nfkc(t).replace(" ", "") for t in (s.title, *(strip_ordinal(nfkc(a)) for a in s.aliases))}),
        )
        for s in load().sections
    )


_LINE_ORDINAL = re.compile(
    r"^\s*(?:(?P<ord>(?:[一二三四五六七八九十]{1,2}|[0-9０-９]{1,2})\s*[、.．,，]\s*)|\S?[、,，]\s*)(?P<title>\S.*)$"
)
NEAR = 0.85  # similarity of a heading line to a title for a slip (OCR: 政府息公开, 不了公开) to pass


def _near_headings(pieces: list[Piece]) -> list[tuple[int, int, str, str, str]]:
    """Headings printed with a slip: a piece that is one short line, starts with a section's own number
    and whose rest is within ``NEAR`` of one of its titles (a character dropped or misread, as an OCR
    reading has it).  Only the number that fits counts, so a list item of the narrative is not taken; a
    line whose number was lost or misread (``、总体情况``: the stroke of 一 not read; ``儿、`` for 四、)
    may stand for any section, the order of the chain placing it."""
    out = []
    for i, piece in enumerate(pieces):
        if piece.kind is not PK.TEXT or len(piece.text) > 40:
            continue
        m = _LINE_ORDINAL.match(nfkc(piece.text))
        if m is None:
            continue
        ordinal = m.group("ord") or ""
        number = cn_ordinal_value(ordinal.strip().rstrip("、.．,，").strip()) if ordinal else None
        title = re.sub(r"\s+", "", m.group("title"))
        for sid, k, titles in _titles():
            if ordinal and number != k:
                continue
            if any(SequenceMatcher(None, title, t).ratio() >= NEAR and len(title) <= len(t) + 3 for t in titles):
                out.append((i, 0, sid, piece.text.strip(), ordinal))
    return out


_LEADING_ORDINAL = re.compile(r"\s*" + _ORDINAL)


def _join_wrapped(pieces: list[Piece]) -> list[Piece]:
    """A heading wrapped onto a second line (printed large in a PDF or a scan) read as one line.

    A text piece that starts with an ordinal and stops inside a section title, followed by a text piece
    that is the rest of that title and nothing more, becomes one piece (the first line's place).  Only
    a line that is wholly the title's rest is taken, so no body text moves."""
    pattern = _pattern()
    out: list[Piece] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if (
            nxt is not None
            and piece.kind is PK.TEXT
            and nxt.kind is PK.TEXT
            and not piece.cell
            and not nxt.cell
            and len(piece.text) <= 40
            and _LEADING_ORDINAL.match(piece.text)
            and not pattern.search(piece.text)
        ):
            head, rest = piece.text.rstrip(), nxt.text.strip()
            m = pattern.match(head.lstrip() + rest)
            if m is not None and m.end() >= len(head.lstrip()) + len(rest.rstrip("。.：:")):
                out.append(replace(piece, text=head + rest))
                i += 2
                continue
        out.append(piece)
        i += 1
    return out


def _best_chain(candidates: list[tuple[int, int, str, str, str]]) -> list[tuple[int, int, str, str, str]]:
    """The increasing (by position and by section) chain with the best score."""
    cands = sorted(candidates, key=lambda c: (c[0], c[1]))
    n = len(cands)
    if n == 0:
        return []
    score = [0.0] * n
    prev = [-1] * n
    for j, (_, _, sid, _, ordinal) in enumerate(cands):
        k = _expected_ordinal(sid)
        own = 1.0 + (0.25 if cn_ordinal_value(_ordinal_number(ordinal)) == k else 0.0)
        score[j] = own
        for i in range(j):
            if _expected_ordinal(cands[i][2]) < k and score[i] + own > score[j]:
                score[j], prev[j] = score[i] + own, i
    best = max(range(n), key=lambda j: (score[j], -j))
    chain = []
    while best != -1:
        chain.append(cands[best])
        best = prev[best]
    return chain[::-1]
