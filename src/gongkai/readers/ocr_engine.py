"""The OCR engine: rapidocr's detection and recognition models (PP-OCRv4, shipped inside its wheel),
run through onnxruntime — one engine per process, made on first use and reused.

Only the two ONNX models are used, not rapidocr's pipeline: the page is deskewed and its rules found
before (``ocr_image``, ``ocr_grid``), so detection runs once per page on a reduced copy and recognition
on crops of the full page, batched by width (long text lines in small batches, cell values in large
ones).  Recognition is decoded here rather than by rapidocr, to keep for every character its
probability and the other characters the model gave weight to — the reading's own uncertainty, which
the reader turns into doubts (``ocr.py``).

One engine per process: a worker of ``gongkai ingest``'s pool makes its own on its first scan and
keeps it for every file it reads; in a worker, onnxruntime runs on one thread (the pool's processes
are the parallelism; ``GONGKAI_OCR_THREADS`` overrides).

Nothing is downloaded: the model files are the ones inside the installed ``rapidocr_onnxruntime``
package; a missing file is an error saying so, never a fetch.  Without the ``[ocr]`` extra the error
says how to install it.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.errors import UnsupportedFormat

INSTALL_HINT = "pip install 'gongkai[ocr]'"
MISSING_MESSAGE = (
    "扫描件和图片需要 OCR 文字识别，本机未安装 OCR 组件（rapidocr_onnxruntime、onnxruntime、opencv）；"
    f"请先安装：{INSTALL_HINT}"
)

REC_HEIGHT = 48  # the recognition model's input height
MIN_WIDTH = 96  # the narrowest recognition input (a lone digit is padded to this)
_BATCH_WIDTH = 2400  # pixels of model input width per recognition batch (long lines: one or two at a time)
_BATCH_MAX = 32
ALT_MIN = 0.01  # a character the model gave at least this probability is an alternative reading


def available() -> bool:
    """Whether the OCR extra is installed (nothing is imported beyond looking the modules up)."""
    from importlib.util import find_spec

    return all(find_spec(m) is not None for m in ("rapidocr_onnxruntime", "onnxruntime", "cv2", "numpy"))


def require(path: str | None) -> None:
    """Raise the install message (naming ``path``) when the OCR extra is missing."""
    if not available():
        raise UnsupportedFormat(path, MISSING_MESSAGE)


@dataclass(slots=True)
class Reading:
    """One recognised text line: its characters, each one's probability, and per character the other
    characters the model weighed (``(char, probability)``, most likely first)."""

    text: str
    probs: list[float]
    alts: list[list[tuple[str, float]]]
    digits: str = ""  # the likeliest reading made of digits and a decimal point only (what a value cell holds)

    @property
    def confidence(self) -> float:
        return min(self.probs) if self.probs else 0.0


class Engine:
    """The detection and recognition models of one process."""

    def __init__(self) -> None:
        import numpy as np
        from onnxruntime import GraphOptimizationLevel, InferenceSession, SessionOptions  # type: ignore[import-untyped]

        package = _package_dir()
        det_path, rec_path = (
            package / "models" / "ch_PP-OCRv4_det_infer.onnx",
            package / "models" / "ch_PP-OCRv4_rec_infer.onnx",
        )
        for p in (det_path, rec_path):
            if not p.is_file():  # never fetched: the wheel ships them
                raise UnsupportedFormat(None, f"OCR 模型文件缺失（{p}），请重新安装：{INSTALL_HINT}")
        options = SessionOptions()
        options.log_severity_level = 4
        options.enable_cpu_mem_arena = False
        options.graph_optimization_level = GraphOptimizationLevel.ORT_ENABLE_ALL
        threads = int(os.environ.get("GONGKAI_OCR_THREADS", "0") or 0)
        if threads <= 0 and multiprocessing.parent_process() is not None:
            threads = 1  # a worker of a pool: files run in parallel across processes, not threads
        if threads > 0:
            options.intra_op_num_threads = threads
        providers = ["CPUExecutionProvider"]
        self.det = InferenceSession(str(det_path), sess_options=options, providers=providers)
        self.rec = InferenceSession(str(rec_path), sess_options=options, providers=providers)
        meta = self.rec.get_modelmeta().custom_metadata_map
        self.charset = ["", *meta["character"].splitlines(), " "]  # CTC blank first, space last (as trained)
        self.numeric = np.array([0, *(self.charset.index(c) for c in "0123456789.")])  # CTC blank, then digits
        self.np = np
        self.lock = threading.Lock()

    # -- detection ----------------------------------------------------------------------------------

    def detect(self, gray: Any) -> list[tuple[float, float, float, float]]:
        """Text line boxes ``(x0, y0, x1, y1)`` in the pixels of ``gray`` (a uint8 page, already reduced)."""
        import cv2

        np = self.np
        h, w = gray.shape[:2]
        rh, rw = max(32, round(h / 32) * 32), max(32, round(w / 32) * 32)
        img = cv2.resize(gray, (rw, rh)) if (rh, rw) != (h, w) else gray
        x = (img.astype(np.float32) / 255.0 - 0.5) / 0.5
        x = np.repeat(x[np.newaxis, np.newaxis], 3, axis=1)
        with self.lock:
            pred = self.det.run(None, {self.det.get_inputs()[0].name: x})[0][0, 0]
        mask = (pred > 0.3).astype(np.uint8)
        mask = cv2.dilate(mask, np.ones((2, 2), np.uint8))
        contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        sx, sy = w / rw, h / rh
        boxes = []
        for contour in contours[:4000]:
            x0, y0, bw, bh = cv2.boundingRect(contour)
            if bw < 2 or bh < 2:
                continue
            score = float(pred[y0 : y0 + bh, x0 : x0 + bw][mask[y0 : y0 + bh, x0 : x0 + bw] > 0].mean())
            if score < 0.5:
                continue
            # the shrunk text kernel grown back (DB's unclip, for an axis-aligned box)
            grow = bw * bh * 1.6 / (2 * (bw + bh))
            boxes.append(
                (
                    max(0.0, (x0 - grow) * sx),
                    max(0.0, (y0 - grow) * sy),
                    min(float(w), (x0 + bw + grow) * sx),
                    min(float(h), (y0 + bh + grow) * sy),
                )
            )
        return boxes

    # -- recognition --------------------------------------------------------------------------------

    def recognize(self, crops: list[Any]) -> list[Reading]:
        """The text of each crop (uint8 gray, one line of text each)."""
        import cv2

        np = self.np
        out: list[Reading | None] = [None] * len(crops)
        ratios = [c.shape[1] / max(1, c.shape[0]) for c in crops]
        order = sorted(range(len(crops)), key=lambda i: ratios[i])
        start = 0
        while start < len(order):
            width = _input_width(ratios[order[start]])
            end = start + 1
            while end < len(order) and end - start < _BATCH_MAX:
                w = _input_width(ratios[order[end]])
                if w * (end - start + 1) > _BATCH_WIDTH:
                    break
                width = w
                end += 1
            batch = np.zeros((end - start, 3, REC_HEIGHT, width), np.float32)
            for k, i in enumerate(order[start:end]):
                crop = crops[i]
                rw = min(width, max(1, int(np.ceil(REC_HEIGHT * ratios[i]))))
                line = cv2.resize(crop, (rw, REC_HEIGHT)).astype(np.float32) / 255.0
                batch[k, :, :, :rw] = (line - 0.5) / 0.5
            with self.lock:
                preds = self.rec.run(None, {self.rec.get_inputs()[0].name: batch})[0]
            for k, i in enumerate(order[start:end]):
                out[i] = self._decode(preds[k])
            start = end
        return [r if r is not None else Reading("", [], []) for r in out]

    def _decode(self, probs: Any) -> Reading:
        """Greedy CTC decoding keeping, per character, its probability and the alternatives weighed."""
        np = self.np
        best = probs.argmax(axis=1)
        text: list[str] = []
        conf: list[float] = []
        alts: list[list[tuple[str, float]]] = []
        t, n = 0, len(best)
        while t < n:
            k = int(best[t])
            end = t + 1
            while end < n and best[end] == k:
                end += 1
            if k != 0:
                span = probs[t:end]
                top = span.max(axis=0)
                order = np.argsort(-top)[:4]
                others = [
                    (self.charset[int(j)], float(top[j]))
                    for j in order
                    if int(j) not in (0, k) and top[j] >= ALT_MIN and int(j) < len(self.charset)
                ]
                text.append(self.charset[k] if k < len(self.charset) else "")
                conf.append(float(top[k]))
                alts.append(others)
            t = end
        return Reading("".join(text), conf, alts, self._digits(probs, best))

    def _digits(self, probs: Any, best: Any) -> str:
        """The digits a value cell's crop most likely shows: where the model saw a character (a span of
        greedy CTC decoding), the digit or decimal point it weighed most there, when it weighed one at all
        (at least ``ALT_MIN``); a character with no digit's weight is dropped (a seal's stroke).  So ``θ``
        read for a ``0`` crossed by a stroke, or ``O`` for a ``0``, gives ``0``."""
        np = self.np
        out: list[str] = []
        t, n = 0, len(best)
        while t < n:
            k = int(best[t])
            end = t + 1
            while end < n and best[end] == k:
                end += 1
            if k != 0:
                top = probs[t:end, self.numeric[1:]].max(axis=0)
                j = int(np.argmax(top))
                if top[j] >= ALT_MIN:
                    out.append(self.charset[int(self.numeric[1 + j])])
            t = end
        return "".join(out)


def _input_width(ratio: float) -> int:
    """The model input width for a line: at least ``MIN_WIDTH`` (a lone digit read in a narrower input
    loses much of its confidence), in steps of 8."""
    return max(MIN_WIDTH, int(-(-REC_HEIGHT * ratio // 8) * 8))


def _package_dir() -> Path:
    from importlib.util import find_spec

    spec = find_spec("rapidocr_onnxruntime")
    if spec is None or spec.origin is None:
        raise UnsupportedFormat(None, MISSING_MESSAGE)
    return Path(spec.origin).parent


_ENGINE: list[Engine] = []
_ENGINE_LOCK = threading.Lock()


def engine(path: str | None = None) -> Engine:
    """This process's engine, made on first use (a worker process keeps its own for every file it reads)."""
    if not _ENGINE:
        require(path)
        with _ENGINE_LOCK:
            if not _ENGINE:
                _ENGINE.append(Engine())
    return _ENGINE[0]


__all__ = ["INSTALL_HINT", "MISSING_MESSAGE", "Engine", "Reading", "available", "engine", "require"]
