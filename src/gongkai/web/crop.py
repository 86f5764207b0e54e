"""PDF evidence: the band of the page a cell was printed on, with the cell's box drawn, as PNG.

Rendered with pypdfium2 from the original bytes kept in the library (``Library.original``) by a separate
process (``crop_worker.py``, capped in memory and time), so a PDF that crashes the renderer never takes the
server with it; rendered crops are kept in a small in-memory cache, and the image is served with an ETag
and caching headers (it never changes for the same bytes, page and box).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from gongkai.errors import GongkaiError

WORKER = Path(__file__).with_name("crop_worker.py")
TIMEOUT = 30.0
CACHE_ENTRIES = 256
SCALE = 2.0
VERSION = "1"  # of the drawing: part of the ETag


class CropFailed(GongkaiError):
    """The page could not be rendered."""


def etag(sha256: str, page: int, bbox: tuple[float, ...]) -> str:
    key = json.dumps([VERSION, sha256, page, [round(float(x), 1) for x in bbox], SCALE])
    return '"' + hashlib.sha1(key.encode()).hexdigest() + '"'


class Crops:
    """Rendered crops by ETag (least recently used dropped first)."""

    def __init__(self, entries: int = CACHE_ENTRIES) -> None:
        self.entries = entries
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sha256: str, page: int, bbox: tuple[float, ...], original: Callable[[], bytes]) -> tuple[str, bytes]:
        tag = etag(sha256, page, bbox)
        with self._lock:
            if tag in self._cache:
                self._cache.move_to_end(tag)
                return tag, self._cache[tag]
        png = render(original(), page, bbox)
        with self._lock:
            self._cache[tag] = png
            while len(self._cache) > self.entries:
                self._cache.popitem(last=False)
        return tag, png


def render(pdf: bytes, page: int, bbox: tuple[float, ...], timeout: float = TIMEOUT) -> bytes:
    """PNG of the band of ``page`` (1-based) around ``bbox`` (points, origin top left), the box drawn."""
    with tempfile.TemporaryDirectory(prefix="gongkai-crop-") as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(pdf)
        job = json.dumps({"page": page, "bbox": list(bbox), "scale": SCALE})
        try:
            done = subprocess.run(
                [sys.executable, "-P", str(WORKER), job, str(path)], capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise CropFailed(f"渲染 PDF 页面超时（{timeout:.0f} 秒）") from exc
    if done.returncode != 0 or not done.stdout.startswith(b"\x89PNG"):
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"退出码 {done.returncode}"]
        raise CropFailed(f"无法渲染 PDF 第 {page} 页（{detail[0][:200]}）")
    return done.stdout


__all__ = ["CropFailed", "Crops", "etag", "render"]
