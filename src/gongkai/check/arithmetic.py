"""Narrative internal arithmetic: itemised breakdowns that must add up to the stated total, and
percentages that must be producible from the counts they are shares of.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.check.model import Finding, Severity
from gongkai.check.registry import Context, rule
from gongkai.check.text import COUNT_UNITS, Sentence, counts, sentences

# a number in a breakdown and what follows it: a counting word (an item), a separator (a bare item,
# e.g. "发布2678，"), a date or share word (ignored), anything else (another measure: the list ended)
_NUMBER = re.compile(r"(?<![\d.第])(\d+(?:\.\d+)?)\s*(.?)")
_SEPARATORS = "，,、；;)）"
_IGNORED = "年月日号%％"
_PAREN = re.compile(r"[（(][^（()）]*[)）]")
_LIST_END = re.compile(r"[；;。]")
_APPROX = re.compile(r"\d+\s*(?:余|多)|近\d|约\d")


# a count followed by its own bracketed breakdown ("行政诉讼 9 件（未经复议直接起诉 9 件…）") is a new total
_NEW_TOTAL = re.compile(r"\d+\s*[" + COUNT_UNITS + r"]\s*[（(][^（()）]*\d")


def _subject_switch(lead: str, text: str) -> str:
    """``text`` up to the clause that turns from 行政复议 to 行政诉讼 (or back): a new subject, not an item."""
    review, suit = "复议" in lead, bool(re.search(r"诉讼|起诉", lead))
    if review == suit:
        return text
    other = re.compile(r"诉讼|起诉" if review else r"复议")
    at = 0
    for clause in re.split(r"([，,])", text):
        # under a 诉讼 total, 复议后起诉 / 未经复议直接起诉 are its own categories, not 复议
        own = suit and re.search(r"复议后(?:提起)?(?:起诉|诉讼)|未经复议", clause)
        if other.search(clause) and not own:
            return text[:at]
        at += len(clause)
    return text


def _items(text: str, total: int, lead: str = "") -> list[int]:
    items: list[int] = []
    if m := _NEW_TOTAL.search(text):
        text = text[: m.start()]  # the list ended before the next subject
    text = _subject_switch(lead, text)
    for m in _NUMBER.finditer(_PAREN.sub("", text)):
        number, after = m.group(1), m.group(2)
        if after in _IGNORED:
            continue
        if "." in number or (after and after not in COUNT_UNITS and after not in _SEPARATORS):
            break
        if after in COUNT_UNITS or int(number) <= total:
            items.append(int(number))
    return items


def _breakdowns(report_sentences: list[Sentence]) -> Iterator[tuple[Sentence, int, list[int], str]]:
    """(sentence, stated total, items, item text) for every "共 N …，其中 a …、b …" statement."""
    for i, s in enumerate(report_sentences):
        for m in re.finditer(r"其中", s.text):
            before = counts(_PAREN.sub("", s.text[: m.start()]))  # not a count inside a closed bracket
            if before:
                total = before[-1][0]
            elif m.start() <= 2 and i > 0 and report_sentences[i - 1].paragraph <= s.paragraph:
                prev = counts(report_sentences[i - 1].text)
                if not prev:
                    continue
                total = prev[-1][0]
            else:
                continue
            rest = s.text[m.end() :]
            opened = s.text[: m.start()].rstrip()[-1:] in "(（"
            if opened:  # "(其中 …)": the breakdown ends with the bracket
                rest = re.split(r"[)）]", rest, maxsplit=1)[0]
            rest = _LIST_END.split(rest, maxsplit=1)[0]  # a semicolon or full stop ends the list
            parts = re.split(r"其中", rest, maxsplit=1)
            rest = parts[0]
            if len(parts) > 1:
                # "复议 10 件，其中 …，诉讼 7 件，其中 …": the clause before the next 其中 is that breakdown's
                # subject, not an item of this one
                head = rest.rstrip(" ,，、")
                cut = max(head.rfind(","), head.rfind("，"))
                rest = head[:cut] if cut >= 0 else head
            if _APPROX.search(rest):
                continue  # "20余条": not an exact breakdown
            lead = re.split(r"[，,；;。:：]", s.text[: m.start()].rstrip(" ,，"))[-1]
            items = _items(rest, total, lead)
            if len(items) >= 2:
                yield s, total, items, rest


@rule(
    "n_breakdown_sums",
    Severity.WARNING,
    "正文分项之和等于所述总数",
    "正文“共……N条，其中……a条、b条……”的分项之和不应超过总数（超过为警告）；少于总数时可能只列举了部分类别，作为提示。",
    group="narrative",
)
def breakdown_sums(ctx: Context) -> Iterator[Finding]:
    all_sentences = list(sentences(ctx))
    for s, total, items, rest in _breakdowns(all_sentences):
        got = sum(items)
        if got == total:
            continue
        over = got > total
        parts = " + ".join(str(n) for n in items)
        yield Finding(
            rule="n_breakdown_sums",
            severity=Severity.WARNING if over else Severity.INFO,
            message=f"正文称共 {total}，其中分项 {parts} = {got}，"
            + (f"比总数多 {got - total}。" if over else f"比总数少 {total - got}（可能只列举了部分类别）。"),
            expected=total,
            actual=got,
            evidence=(s.evidence(),),
            detail={"items": items, "text": rest[:200]},
        )


_SHARE = re.compile(r"占[^，,。；;\d]{0,4}?(\d+(?:\.\d+)?)\s*[%％]")


def producible(percent: float, decimals: int, base: int) -> bool:
    """Whether some whole count k of ``base`` gives ``percent`` when rounded (or truncated)."""
    tolerance = 0.5 * 10**-decimals + 1e-9
    for k in range(base + 1):
        share = 100 * k / base
        if abs(share - percent) <= tolerance or (0 <= share - percent < 2 * tolerance):
            return True
    return False


def _closest(percent: float, base: int) -> str:
    k = min(range(base + 1), key=lambda k: abs(100 * k / base - percent))
    return f"{k}/{base}={100 * k / base:.1f}%"


@rule(
    "n_percentages",
    Severity.WARNING,
    "百分比可由所述件数得出",
    "正文中“占……x%”的百分比应能由同一段所述的件数（整数件）得出；任何整数件数都得不到的百分比多半是按别的口径计算而未说明，或有误。",
    group="narrative",
)
def percentages(ctx: Context) -> Iterator[Finding]:
    by_paragraph: dict[tuple[str, int], list[Sentence]] = {}
    for s in sentences(ctx):
        by_paragraph.setdefault((s.section.id, s.paragraph), []).append(s)
    for group in by_paragraph.values():
        text = "".join(s.text for s in group)
        bases = sorted({n for n, _, _ in counts(text) if n >= 2})
        if not bases:
            continue
        for m in _SHARE.finditer(text):
            raw = m.group(1)
            percent = float(raw)
            decimals = len(raw.split(".")[1]) if "." in raw else 0
            if percent in (0, 100) or any(producible(percent, decimals, b) for b in bases):
                continue
            sentence = next((s for s in group if m.group(0) in s.text), group[0])
            closest = "，".join(_closest(percent, b) for b in bases)
            yield Finding(
                rule="n_percentages",
                severity=Severity.WARNING,
                message=f"正文中的 {raw}% 不能由同段所述的 {'、'.join(map(str, bases))} 件中的整数件数得出"
                f"（最接近：{closest}）。",
                expected=[f"k/{b}" for b in bases],
                actual=f"{raw}%",
                evidence=(sentence.evidence(),),
                detail={"percent": percent, "bases": bases},
            )
