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
    import numpy as np

    if known_dpi:
        return gray, 1.0
    small = gray
    factor = 1.0
    if gray.shape[1] > 2400:  # measure on a reduced copy: it is the proportion that matters
        factor = 2400 / gray.shape[1]
        small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    heights = [h for band in _bands(small) if (h := char_height(binarize(band))) is not None]
    if not heights:
        return gray, 1.0
    height = float(np.median(heights))
    scale = CHAR_HEIGHT / (height / factor)
    if 0.8 <= scale <= 1.25:
        return gray, 1.0
    scale = min(max(scale, 0.25), 3.0)
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=interpolation), scale


def _bands(gray: Any, n: int = 4) -> list[Any]:
    """A tall page (a long picture of several pages) as up to ``n`` bands about as tall as it is wide,
    spread over its height; a page of usual proportions whole."""
    h, w = gray.shape[:2]
    tall = int(1.4 * w)
    if h <= 1.5 * tall:
        return [gray]
    count = min(n, h // tall)
    starts = [round(k * (h - tall) / max(1, count - 1)) for k in range(count)]
    return [gray[y : y + tall] for y in starts]


def skew_angle(gray: Any) -> float:
    """The page's skew in degrees (counter-clockwise positive), within ±``MAX_SKEW``."""
    import cv2
    import numpy as np

    inks = []
    for band in _bands(gray):  # a long picture: the same angle measured over bands of it
        factor = min(1.0, 900 / max(band.shape))
        small = cv2.resize(band, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        inks.append(binarize(small).astype(np.float32) / 255.0)

    def sharpness(angle: float) -> float:
        total = 0.0
        for ink in inks:
            h, w = ink.shape
            m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
            rotated = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=0.0)
            profile = rotated.sum(axis=1)
            total += float(np.square(np.diff(profile)).sum())
        return total

    best, step = 0.0, 1.0
    candidates = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, step)
    for _ in range(4):
        scores = [(sharpness(float(a)), float(a)) for a in candidates]
        best = max(scores)[1]
        step /= 4
        candidates = np.arange(best - 3 * step, best + 3 * step + 1e-9, step)
    return best


def rotate(gray: Any, angle: float, fill: int = 255) -> Any:
    """``gray`` rotated by ``angle`` degrees about its centre, the corners filled with ``fill`` (white)."""
    import cv2

    if abs(angle) < 0.02:
        return gray
    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=fill)


RING_COVER = 0.75  # of a circle's perimeter on ink for it to be a seal's ring


def ring_stamps(binary: Any, char_h: float) -> Any:
    """Where a round seal lies on a page, found by its ring (uint8, 1 inside it), or None: circles of 3–10
    character heights' radius (Hough, on a reduced copy) whose perimeter is ink nearly all round — the
    rules and characters of a table make many circles of the transform, none of them inked all round.
    This finds a stamp scanned in grey, which no colour tells apart from the print."""
    import cv2
    import numpy as np

    f = 0.25
    small = cv2.GaussianBlur(cv2.resize(binary, None, fx=f, fy=f, interpolation=cv2.INTER_AREA), (5, 5), 0)
    found = cv2.HoughCircles(
        small,
        cv2.HOUGH_GRADIENT,
        dp=1,
        minDist=max(8, int(4 * char_h * f)),
        param1=80,
        param2=40,
        minRadius=max(4, int(3 * char_h * f)),
        maxRadius=max(8, int(10 * char_h * f)),
    )
    if found is None:
        return None
    h, w = binary.shape[:2]
    angles = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    mask = None
    cos, sin = np.cos(angles), np.sin(angles)
    for x, y, r in found[0][:20] / f:
        on = []  # per radius about the one found (the transform runs on a copy 4 times smaller)
        for rr in np.arange(r - 10, r + 11, 1.0):
            xs, ys = (x + rr * cos).astype(int), (y + rr * sin).astype(int)
            inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
            hit = np.zeros(len(angles), bool)
            hit[inside] = binary[ys[inside], xs[inside]] > 0
            on.append(hit)
        rings = np.array(on)
        cover = max(rings[k : k + 5].any(axis=0).mean() for k in range(len(rings) - 4))  # a ring 5 px wide
        if cover >= RING_COVER:
            if mask is None:
                mask = np.zeros((h, w), np.uint8)
            cv2.circle(mask, (int(x), int(y)), int(r + 0.3 * char_h), 1, thickness=-1)
    return mask


def stamp_mask(image: Any) -> Any:
    """Where a coloured stamp lies on the page (uint8, 1 there), or None on a grey page or one without."""
    import cv2
    import numpy as np

    if image.ndim == 2:
        return None
    hi = image.max(axis=2).astype(np.int16)
    lo = image.min(axis=2).astype(np.int16)
    coloured = ((hi - lo) > 0.3 * np.maximum(hi, 1)).astype(np.uint8)
    if coloured.mean() < 0.0005:
        return None
    return cv2.dilate(coloured, np.ones((5, 5), np.uint8))


__all__ = [
    "CHAR_HEIGHT",
    "RENDER_DPI",
    "binarize",
    "char_height",
    "image_pages",
    "normalize_scale",
    "render_pdf_page",
    "ring_stamps",
    "rotate",
    "skew_angle",
    "stamp_mask",
    "to_gray",
]
