"""The limits every reader works under, as data: what a report never needs, a hostile file may try.

A real annual report is a few hundred kilobytes: tens of pages, three tables of a few hundred cells.  The
limits below are orders of magnitude above that and far below what would hurt the machine; going over
one is a ``TooLarge`` naming the file and the limit.  Decompression is judged by totals and, for large
parts only, by ratio: a 4 MiB table part of repetitive XML compresses 300-fold and is no bomb.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from gongkai.errors import TooLarge

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    file_bytes: int = 200 * MiB  # one input file (or zip member) as read
    part_bytes: int = 64 * MiB  # one decompressed part of a package (a DOCX XML part, a PDF stream)
    total_inflated_bytes: int = 256 * MiB  # every part of one package together
    bomb_ratio: int = 200  # inflated / compressed of a part …
    bomb_ratio_from: int = 16 * MiB  # … judged only for parts that inflate beyond this
    html_bytes: int = 32 * MiB  # a web page (a report page is a few MiB at most, images inlined)
    text_bytes: int = 32 * MiB  # a text file (a report's text is well under 1 MiB)
    grid_slots: int = 200_000  # cells of one table once spans are laid out
    colspan: int = 1000  # one cell's span (as HTML clamps it)
    pdf_pages: int = 300


LIMITS = Limits()


def check_zip_entry(info: zipfile.ZipInfo, path: str | None, what: str, limits: Limits = LIMITS) -> None:
    """Refuse a zip entry whose declared size or compression ratio says bomb, before inflating it."""
    size = info.file_size
    if size > limits.part_bytes:
        raise TooLarge(path, f"{what}解压后过大（{size // MiB} MiB，上限 {limits.part_bytes // MiB} MiB），拒绝读取")
    if size > limits.bomb_ratio_from and info.compress_size and size / info.compress_size > limits.bomb_ratio:
        ratio = size // info.compress_size
        raise TooLarge(path, f"{what}压缩比异常（{ratio} 倍，解压后 {size // MiB} MiB），疑为压缩炸弹，拒绝读取")


class InflateBudget:
    """Bytes inflated from one package so far; going over the total is ``TooLarge``."""

    def __init__(self, path: str | None, limits: Limits = LIMITS) -> None:
        self.path = path
        self.limits = limits
        self.used = 0

    def take(self, n: int, what: str) -> None:
        self.used += n
        if self.used > self.limits.total_inflated_bytes:
            raise TooLarge(
                self.path,
                f"{what}：文件各部分解压后合计超过 {self.limits.total_inflated_bytes // MiB} MiB，疑为压缩炸弹，拒绝读取",
            )


__all__ = ["LIMITS", "InflateBudget", "Limits", "MiB", "check_zip_entry"]
