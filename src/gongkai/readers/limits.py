"""The limits every reader works under, as data: what a report never needs, a hostile file may try.

A real annual report is a few hundred kilobytes: tens of pages, three tables of a few hundred cells.  The
limits below are orders of magnitude above that and far below what would hurt the machine (each keeps one
file well under 1 GiB of memory and a few seconds); going over one is a ``TooLarge`` naming the file and
the limit.  Decompression is judged by totals and, for large parts only, by ratio: a 4 MiB table part of
repetitive XML compresses 300-fold and is no bomb.  Every reader reads ``LIMITS`` (ingest's workers too,
which also cap their address space with ``worker_memory``); ``Deadline`` is the per-file time budget of
the loops that could run long on a hostile file (PDF pages, DOCX rows).
"""

from __future__ import annotations

import time
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
    text_lines: int = 100_000  # lines of a text file (a report has a few hundred)
    html_elements: int = 1_000_000  # tags of a web page or payload, counted before parsing (~300 B each parsed)
    xml_elements: int = 1_000_000  # tags of one DOCX XML part, counted before parsing (a report has ~50,000)
    html_depth: int = 256  # nesting kept when a page is read through deeper nesting (libxml2's own cap)
    payload_strings: int = 100_000  # string literals of a JSON/JS payload
    grid_slots: int = 50_000  # cells of one table once spans are laid out (a report table has ~300)
    colspan: int = 1000  # one cell's span (as HTML clamps it; DOCX gridSpan and gridBefore too)
    table_rows: int = 50_000  # rows of one table (a report table has about 30)
    pdf_pages: int = 300
    pdf_stream_bytes: int = 64 * MiB  # one PDF stream inflated (fonts, object streams; images apart)
    pdf_content_bytes: int = 8 * MiB  # one page content stream inflated (a report page's is under 200 KiB)
    pdf_page_objects: int = 100_000  # objects (text runs, paths, images) on one page
    pdf_page_chars: int = 50_000  # characters on one page (a dense page of Chinese has ~2,000)
    pdf_chars: int = 1_000_000  # characters in the whole PDF
    pdf_edges: int = 4000  # ruling lines on one page handed to the table geometry (quadratic); beyond: text only
    read_seconds: float = 15.0  # one file's reading, checked between pages, rows and parts
    ocr_pages: int = 100  # pages read by OCR in one file (a scanned report has tens)
    ocr_pixels: int = 60_000_000  # pixels of one page image, read from its header before decoding (A4 at 600 dpi: 35 M)
    ocr_page_seconds: float = 30.0  # reading time allowed per OCR page, added to ``read_seconds`` (a page takes ~2 s)
    worker_memory: int = 3 * 1024 * MiB  # address space of an ingest worker process (RLIMIT_AS)


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


class Deadline:
    """The time budget of reading one file: ``check`` between units of work raises ``TooLarge`` past it."""

    def __init__(self, path: str | None, seconds: float | None = None) -> None:
        self.path = path
        self.seconds = LIMITS.read_seconds if seconds is None else seconds
        self.end = time.monotonic() + self.seconds

    def extend(self, seconds: float) -> None:
        """More time for work known to be slow (a page read by OCR)."""
        self.seconds += seconds
        self.end += seconds

    def check(self, what: str) -> None:
        if time.monotonic() > self.end:
            raise TooLarge(self.path, f"{what}耗时超过 {self.seconds:g} 秒，文件结构异常，停止读取")


def over(path: str | None, what: str, count: int, limit: int, unit: str = "个") -> TooLarge:
    """The error for going over a count limit, in the one wording every reader uses."""
    return TooLarge(path, f"{what}过多（{count} {unit}，上限 {limit} {unit}），不像年度报告，拒绝读取")


__all__ = ["LIMITS", "Deadline", "InflateBudget", "Limits", "MiB", "check_zip_entry", "over"]
