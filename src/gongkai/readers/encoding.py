"""Bytes of text → ``str``, reading through damage.

A report's text is UTF-8 (with or without BOM), UTF-16 with BOM or GBK/GB18030.  One invalid byte — a
flipped bit, a file cut inside a character, a NUL from a damaged sector — must not lose the report: when
no encoding decodes the bytes cleanly, the encoding that leaves the fewest undecodable bytes is used, if
they are few (``MAX_DAMAGE``), and each damaged spot becomes U+FFFD (the replacement character) in the
text.  Extraction reads U+FFFD as a damaged spot: a reading note with its position, and every cell whose
printed text touches it uncertain (读取存疑), never a number read as certain.
"""

from __future__ import annotations

import re

from gongkai.errors import CorruptInput

DAMAGE = "\ufffd"  # what a damaged spot reads as, in every form
_FFFD = {"utf-8": DAMAGE.encode("utf-8"), "gb18030": DAMAGE.encode("gb18030")}


def max_damage(n_bytes: int) -> int:
    """Undecodable bytes a text may have and still be read: 0.5 % of it, at least 64."""
    return max(64, n_bytes // 200)


def decode_damaged(data: bytes, encodings: tuple[str, ...]) -> tuple[str, int] | None:
    """The text in whichever of ``encodings`` leaves the fewest undecodable bytes (each one U+FFFD) and
    how many, when that is within ``max_damage``; else None."""
    best: tuple[str, int] | None = None
    for encoding in encodings:
        text = data.decode(encoding, errors="replace")
        bad = text.count(DAMAGE) - (data.count(_FFFD[encoding]) if encoding in _FFFD else 0)
        if best is None or bad < best[1]:
            best = (text, bad)
    if best is None or best[1] > max_damage(len(data)):
        return None
    return best


# control characters no report prints (tab, line breaks, vertical tab, form feed and escape aside): a NUL
# from a damaged sector, a digit whose bit flipped — a damaged spot.  Escape stays as printed (terminal
# output escapes it).
DAMAGED_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def mark_damage(text: str) -> str:
    """Control characters no report prints, each marked as a damaged spot (U+FFFD)."""
    return DAMAGED_CONTROLS.sub(DAMAGE, text)


def decode_text(data: bytes, path: str | None) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (GBK/GB2312) — and
    when none decodes cleanly, the one with the fewest damaged bytes, each marked U+FFFD."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return mark_damage(data.decode("utf-16"))
        except UnicodeDecodeError:
            damaged = decode_damaged(data, ("utf-16",))
            if damaged is None:
                raise CorruptInput(path, "UTF-16 文本损坏，无法解码的字节过多") from None
            return mark_damage(damaged[0])
    try:
        return mark_damage(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    try:
        return mark_damage(data.decode("gb18030"))
    except UnicodeDecodeError:
        pass
    damaged = decode_damaged(data.removeprefix(b"\xef\xbb\xbf"), ("utf-8", "gb18030"))
    if damaged is None:
        raise CorruptInput(path, "文本编码无法识别（既不是 UTF-8 也不是 GBK/GB18030，无法解码的字节过多）")
    return mark_damage(damaged[0])


__all__ = ["DAMAGE", "decode_damaged", "decode_text", "mark_damage", "max_damage"]
