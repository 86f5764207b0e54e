"""Page images for OCR: decoded under the limits, coloured marks dropped, scaled, deskewed, binarised.

- **Images** (PNG, JPEG, TIFF with every page of a multi-page TIFF, BMP, GIF, WebP) are decoded by
  Pillow after their size is read from the header: a page over ``LIMITS.ocr_pixels`` (a decompression
  bomb) or a file over ``LIMITS.ocr_pages`` pages is refused before any pixel is decoded.  EXIF
  orientation is applied.
- **PDF pages** are rendered by pdfium at ``RENDER_DPI``.
- **Colour**: a page is read through its brightest channel, so a red (or blue) stamp or signature
  disappears while black print — also where the stamp lies over it — stays black.
- **Scale**: a scan that states its resolution (a scanner's TIFF, PNG or JPEG) is scaled to
  ``RENDER_DPI``; a photo or a picture of unknown resolution so that its characters are about as tall
  as in a page rendered at ``RENDER_DPI`` (their height measured on the ink — a page of large headings
  and few lines of text misleads that measure, which is why a stated resolution comes first).
- **Deskew**: the angle (within ±``MAX_SKEW`` degrees) that makes the horizontal profile of the ink
  sharpest — the rows of text and the table rules then lie on image rows — found coarse to fine on a
  reduced copy, and the page rotated by it.
- **Binarisation**: a median filter against sensor noise, then a local threshold (uneven lighting).
- **Grey seals** (``ring_stamps``, ``lift_stamp``): a seal scanned in grey is found by its ring and its
  ink lifted to paper, the print under it kept (ink multiplies: print under a seal is darker still).
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


def image_pages(data: bytes, path: str | None) -> Iterator[tuple[Any, float | None]]:
    """The pages of an image file as uint8 arrays (gray or BGR), each checked against the limits first,
    with the resolution the file states when it is a scanner's (``scan_dpi``), else None."""
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
            dpi = scan_dpi(frame.info.get("dpi"), page.size[0])
            if page.mode in ("1", "L", "I;16", "I", "F"):
                page = page.convert("L")
                yield np.asarray(page, dtype=np.uint8), dpi
            else:
                page = page.convert("RGB")
                yield np.asarray(page, dtype=np.uint8)[:, :, ::-1].copy(), dpi  # BGR, as OpenCV has it
        except (OSError, ValueError, SyntaxError) as exc:
            raise CorruptInput(path, f"图片第 {index + 1} 页损坏，无法解码（{exc}）") from exc


def scan_dpi(stated: Any, width: int) -> float | None:
    """The resolution an image states (TIFF, PNG, JPEG), when it is a scanner's: 100–1200 dpi and a page
    4–17 inches wide at it.  A screenshot's 72 or 96 dpi, or a photo's, says nothing of the paper: None
    (the page is then scaled by the height of its characters)."""
    try:
        dpi = float(stated[0] if isinstance(stated, tuple | list) else stated)
    except (TypeError, ValueError, IndexError):
        return None
    if not 100 <= dpi <= 1200 or not 4 <= width / dpi <= 17:
        return None
    return dpi


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


def binarize(gray: Any, lines: bool = False) -> Any:
    """Ink as 255 on 0: a local mean threshold (uneven light, noise and JPEG artefacts do not become ink).
    ``lines``: for finding rules — a rule one pixel thick (a thin rule the deskewing laid along one row
    of pixels) is kept, where the median that clears the noise for reading would take it."""
    import cv2

    block = max(15, (min(gray.shape[:2]) // 60) | 1)
    # sensor noise would otherwise speckle the page with ink
    smooth = cv2.GaussianBlur(gray, (3, 3), 0) if lines else cv2.medianBlur(gray, 3)
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
MAX_CIRCLES = 400  # circles of the transform looked at (a long picture of six pages makes ~100)


def ring_stamps(binary: Any, char_h: float) -> Any:
    """Where a round seal lies on a page, found by its ring (uint8, 1 inside it), or None: circles of 3–10
    character heights' radius (Hough, on a reduced copy — of the page opened to its thick strokes, then
    of the page as it is) whose perimeter, once the circle is moved onto the ink, is ink nearly all
    round — the rules and characters of a table make many circles of the transform, none of them inked
    all round.  This finds a stamp scanned in grey, which no colour tells apart from the print."""
    import cv2
    import numpy as np

    f = 0.25
    # a seal's ring is drawn thicker than any stroke of print: opened by a disc a fifth of a character
    # high, the page keeps little but the ring (and its star); the page as it is comes second
    k = max(3, round(0.2 * char_h))
    thick = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    circles = []
    for image in (thick, binary):
        small = cv2.GaussianBlur(cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA), (5, 5), 0)
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
        if found is not None:
            circles.extend(found[0][:MAX_CIRCLES] / f)
    if not circles:
        return None
    h, w = binary.shape[:2]
    angles = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    cos, sin = np.cos(angles), np.sin(angles)

    def cover(x: float, y: float, r: float) -> float:
        """The share of the circle's perimeter on ink, the ring taken 5 px wide."""
        hit = np.zeros(len(angles), bool)
        for rr in (r - 2, r - 1, r, r + 1, r + 2):
            xs, ys = (x + rr * cos).astype(int), (y + rr * sin).astype(int)
            inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
            hit[inside] |= binary[ys[inside], xs[inside]] > 0
        return float(hit.mean())

    mask = None
    for x, y, r in circles:  # a long page's tables make many circles: look at them all
        # the transform runs on a copy 4 times smaller: its circle is the ring's only to some pixels —
        # the best radius about it first, then centre and radius moved while the cover grows
        best, r = max((cover(x, y, rr), rr) for rr in np.arange(r - 24, r + 25, 4.0))
        if best < 0.3:
            continue
        for step in (8.0, 4.0, 2.0, 1.0):
            moved = True
            while moved and best < 0.99:
                moved = False
                for dx, dy, dr in (
                    (step, 0, 0),
                    (-step, 0, 0),
                    (0, step, 0),
                    (0, -step, 0),
                    (0, 0, step),
                    (0, 0, -step),
                ):
                    c = cover(x + dx, y + dy, r + dr)
                    if c > best:
                        best, x, y, r, moved = c, x + dx, y + dy, r + dr, True
        if best >= RING_COVER:
            if mask is None:
                mask = np.zeros((h, w), np.uint8)
            cv2.circle(mask, (int(x), int(y)), int(r + 0.3 * char_h), 1, thickness=-1)
    return mask


def lift_stamp(gray: Any, binary: Any, mask: Any) -> Any:
    """``gray`` with a seal's ink lifted inside the seal's region ``mask`` (a seal scanned in grey, which
    no colour tells apart from the print).  The seal's strokes are found by their own grey level — most
    of the ink in the region, and thicker than the blurred edge of a printed stroke — closed over the
    print they cover, and divided by the seal's transmission: ink multiplies, so the print under the
    seal comes back as printed and the seal's ink as paper.  Unchanged when the seal is about as dark
    as the print: nothing tells them apart, and the cells under it stay in doubt."""
    import cv2
    import numpy as np

    inside = mask > 0
    ink = binary > 0
    printed = gray[ink & ~inside]
    sealed = gray[ink & inside]
    if printed.size < 200 or sealed.size < 200:
        return gray
    paper = float(np.percentile(gray, 90))
    text = float(np.percentile(printed, 20))  # the core of the print's strokes
    # the seal's strokes are most of what is neither print nor paper in its region
    mid = gray[inside & (gray > text + 0.2 * (paper - text)) & (gray < paper - 0.2 * (paper - text))]
    if mid.size < 200:
        return gray
    seal = float(np.median(mid))
    if seal - text < 0.25 * (paper - text) or seal > 0.95 * paper:
        return gray
    spread = max(12.0, 2.5 * float(np.median(np.abs(mid.astype(np.float32) - seal))))
    band = (np.abs(gray.astype(np.float32) - seal) <= spread) & inside
    strokes = cv2.morphologyEx(band.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    strokes = cv2.morphologyEx(strokes, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
    strokes = cv2.dilate(strokes, np.ones((3, 3), np.uint8)).astype(bool) & inside
    out = gray.astype(np.float32)
    out[strokes] *= paper / seal
    return np.clip(out, 0, 255).astype(np.uint8)


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
    "lift_stamp",
    "normalize_scale",
    "render_pdf_page",
    "ring_stamps",
    "rotate",
    "scan_dpi",
    "skew_angle",
    "stamp_mask",
    "to_gray",
]
