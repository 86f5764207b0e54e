"""Page images for OCR: decoded under the limits, coloured marks dropped, scaled, deskewed, binarised.

- **Images** (PNG, JPEG, TIFF with every page of a multi-page TIFF, BMP, GIF, WebP) are decoded by
  Pillow after their size is read from the header: a page over ``LIMITS.ocr_pixels`` (a decompression
  bomb) or a file over ``LIMITS.ocr_pages`` pages is refused before any pixel is decoded.  EXIF
  orientation is applied.
- **PDF pages** are rendered by pdfium at ``RENDER_DPI``.
- **Colour**: a page is read through its brightest channel, so a red (or blue) stamp or signature
  disappears while black print — also where the stamp lies over it — stays black.
- **Scale**: a photo or a scan of unknown resolution is scaled so that its characters are about as
  tall as in a page rendered at ``RENDER_DPI`` (their height measured on the ink).
- **Deskew**: the angle (within ±``MAX_SKEW`` degrees) that makes the horizontal profile of the ink
  sharpest — the rows of text and the table rules then lie on image rows — found coarse to fine on a
  reduced copy, and the page rotated by it.
- **Binarisation**: a median filter against sensor noise, then a local threshold (uneven lighting).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from gongkai.errors import CorruptInput, TooLarge
from gongkai.readers.limits import LIMITS, over

RENDER_DPI = 200  # PDF pages are rendered at this resolution (a 10.5 pt character is ~29 px tall)
CHAR_HEIGHT = 28.0  # the character height (px) pages are scaled to when their resolution is unknown
MAX_SKEW = 5.0  # degrees


def image_pages(data: bytes, path: str | None) -> Iterator[Any]:
    """The pages of an image file as uint8 arrays (gray or BGR), each checked against the limits first."""
    import numpy as np
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = None  # our own limit is checked before decoding (no DecompressionBombWarning)
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise CorruptInput(path, f"图片文件损坏或格式无法识别（{exc}）") from exc
    n_frames = getattr(image, "n_frames", 1)
    if n_frames > LIMITS.ocr_pages:
        raise over(path, "图片页数", n_frames, LIMITS.ocr_pages, "页")
    for index, frame in enumerate(ImageSequence.Iterator(image)):
        if index >= LIMITS.ocr_pages:
            raise over(path, "图片页数", index + 1, LIMITS.ocr_pages, "页")
        w, h = frame.size
        if w * h > LIMITS.ocr_pixels:
            raise TooLarge(
                path,
                f"图片第 {index + 1} 页过大（{w}×{h} 像素，上限 {LIMITS.ocr_pixels // 1_000_000} 百万像素），拒绝读取",
            )
        if w < 16 or h < 16:
            raise CorruptInput(path, f"图片第 {index + 1} 页太小（{w}×{h} 像素），无法识别文字")
        try:
            page = ImageOps.exif_transpose(frame) if index == 0 else frame
            if page.mode in ("1", "L", "I;16", "I", "F"):
                page = page.convert("L")
                yield np.asarray(page, dtype=np.uint8)
            else:
                page = page.convert("RGB")
                yield np.asarray(page, dtype=np.uint8)[:, :, ::-1].copy()  # BGR, as OpenCV has it
        except (OSError, ValueError, SyntaxError) as exc:
            raise CorruptInput(path, f"图片第 {index + 1} 页损坏，无法解码（{exc}）") from exc


def render_pdf_page(page: Any, dpi: int = RENDER_DPI) -> Any:
    """A pdfium page as a BGR uint8 array at ``dpi`` (the page's points × dpi / 72)."""
    import numpy as np

    w, h = page.get_width(), page.get_height()
    scale = dpi / 72.0
    if w * h * scale * scale > LIMITS.ocr_pixels:  # a page larger than A0: render it smaller
        scale = (LIMITS.ocr_pixels / (w * h)) ** 0.5
    bitmap = page.render(scale=scale, grayscale=False)
    try:
        array = np.asarray(bitmap.to_numpy(), dtype=np.uint8)
        if array.ndim == 3 and array.shape[2] == 4:
            array = array[:, :, :3]
        return array.copy(), scale
    finally:
        bitmap.close()


def to_gray(image: Any) -> Any:
    """The page through its brightest channel, lightened where it is coloured.  Ink pressed over print
    multiplies it, so in the channel of a red (or blue) stamp's own colour the print below shows as it
    is, only darker by the stamp's transmission there — measured on the page (the stamp's own pixels
    against the paper) and divided out.  The stamp vanishes; black print, also under it, stays."""
    import cv2
    import numpy as np

    if image.ndim == 2:
        return image
    hi = image.max(axis=2).astype(np.float32)
    lo = image.min(axis=2).astype(np.float32)
    saturation = (hi - lo) / np.maximum(hi, 1.0)
    coloured = saturation > 0.25
    if coloured.mean() < 0.0005:
        return hi.astype(np.uint8)
    paper = float(np.percentile(hi, 90))
    stamp = coloured & (saturation > 0.4) & (hi > 0.5 * paper)
    transmission = float(np.median(hi[stamp])) / paper if stamp.any() else 0.85
    transmission = min(1.0, max(0.6, transmission))
    # the stamp's edges, softened by blur and by JPEG's halved colour resolution, lifted like its middle
    near = cv2.dilate(coloured.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    hi[near] /= transmission
    return np.clip(hi, 0, 255).astype(np.uint8)


def char_height(binary: Any) -> float | None:
    """The median height of the character-sized blobs of ink, or None when there are too few."""
    import cv2
    import numpy as np

    n, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if n < 20:
        return None
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    w = stats[1:, cv2.CC_STAT_WIDTH]
    area = stats[1:, cv2.CC_STAT_AREA]
    keep = (h >= 6) & (h <= 400) & (w <= 3 * h) & (w >= 2) & (area >= 12)
    if keep.sum() < 20:
        return None
    hs = np.sort(h[keep])
    # the tallest blobs are whole characters (a Chinese character often breaks into smaller parts)
    return float(np.median(hs[len(hs) // 2 :]))


def binarize(gray: Any) -> Any:
    """Ink as 255 on 0: a local mean threshold (uneven light, noise and JPEG artefacts do not become ink)."""
    import cv2

    block = max(15, (min(gray.shape[:2]) // 60) | 1)
    smooth = cv2.medianBlur(gray, 3)  # sensor noise would otherwise speckle the page with ink
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 18)


def normalize_scale(gray: Any, known_dpi: bool) -> tuple[Any, float]:
    """The page scaled so that its characters are ``CHAR_HEIGHT`` tall (images of unknown resolution
    only); the factor applied."""
    import cv2

    if known_dpi:
        return gray, 1.0
    small = gray
    factor = 1.0
    if max(gray.shape) > 2400:  # measure on a reduced copy: it is the proportion that matters
        factor = 2400 / max(gray.shape)
        small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    height = char_height(binarize(small))
    if height is None:
        return gray, 1.0
    scale = CHAR_HEIGHT / (height / factor)
    if 0.8 <= scale <= 1.25:
        return gray, 1.0
    scale = min(max(scale, 0.25), 3.0)
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=interpolation), scale


def skew_angle(gray: Any) -> float:
    """The page's skew in degrees (counter-clockwise positive), within ±``MAX_SKEW``."""
    import cv2
    import numpy as np

    factor = min(1.0, 900 / max(gray.shape))
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    ink = binarize(small).astype(np.float32) / 255.0
    h, w = ink.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rotated = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=0.0)
        profile = rotated.sum(axis=1)
        return float(np.square(np.diff(profile)).sum())

    best, step = 0.0, 1.0
    candidates = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, step)
    for _ in range(4):
        scores = [(sharpness(float(a)), float(a)) for a in candidates]
        best = max(scores)[1]
        step /= 4
        candidates = np.arange(best - 3 * step, best + 3 * step + 1e-9, step)
    return best


def rotate(gray: Any, angle: float) -> Any:
    """``gray`` rotated by ``angle`` degrees about its centre, the corners filled white."""
    import cv2

    if abs(angle) < 0.02:
        return gray
    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)


__all__ = [
    "CHAR_HEIGHT",
    "RENDER_DPI",
    "binarize",
    "char_height",
    "image_pages",
    "normalize_scale",
    "render_pdf_page",
    "rotate",
    "skew_angle",
    "to_gray",
]
