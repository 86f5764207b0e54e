"""Scans and photos of generated reports: what a printed, stamped report looks like after a scanner.

``scan(pdf, rng)`` renders every page of a PDF (a generated report, or the official layout of a seed
through ``gongkai.generate``) to an image and damages it the way scanning does, each page drawn from
``rng`` so a scan is reproducible:

- printed on paper that is not white, with ink that is not black;
- rotated by a fraction of a degree (the page lay askew on the glass);
- blurred (focus, the scanner's optics) and with sensor noise;
- a red stamp (a ring, a star, the agency's name on the arc) pressed over part of a table, with the
  ink multiplied over the print below it — or, in a grey scan, the stamp in grey;
- saved as JPEG at a middling quality (block artefacts).

``to_pdf`` puts the pages into an image-only PDF (JPEG inside, as scanners write it); ``to_tiff`` into
a multi-page TIFF; ``encode`` one page as PNG or JPEG.  Needs Pillow, numpy and pypdfium2 (no OpenCV).
"""

from __future__ import annotations

import functools
import io
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DPI = 200
_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


@dataclass(frozen=True, slots=True)
class Damage:
    """How one page is damaged (drawn per page by ``draw``)."""

    angle: float  # degrees, counter-clockwise
    blur: float  # Gaussian radius in pixels
    noise: float  # standard deviation of the sensor noise (0–255)
    quality: int  # JPEG quality
    paper: int  # paper grey level
    ink: int  # ink grey level
    grey: bool  # a greyscale scan (the stamp is grey too)
    stamp: bool  # a stamp over part of a table on this page
    stamp_at: float | None = None  # where across the table the stamp's centre lies (0 left … 1 right), or at random


def draw(
    rng: random.Random,
    *,
    max_angle: float = 1.0,
    stamp: float = 0.7,
    grey: float = 0.25,
    stamp_at: float | None = None,
) -> Damage:
    return Damage(
        angle=rng.uniform(-max_angle, max_angle),
        blur=rng.uniform(0.2, 1.0),
        noise=rng.uniform(2.0, 12.0),
        quality=rng.randint(40, 88),
        paper=rng.randint(232, 252),
        ink=rng.randint(15, 70),
        grey=rng.random() < grey,
        stamp=rng.random() < stamp,
        stamp_at=stamp_at,
    )


@functools.cache
def renders_cjk() -> bool:
    """Whether this machine shows the Chinese text of a generated PDF when it renders it: the PDF names a
    standard CJK font without embedding it, and pdfium draws it only with a CJK font installed (Debian:
    fonts-noto-cjk).  Without one, a scan of a generated report has its rules and digits and no labels."""
    import numpy as np
    from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

    from gongkai.synth.pdf import FONT, _register_font

    _register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(120, 60))
    c.setFont(FONT, 40)
    c.drawString(10, 10, "国国 ")
    c.save()
    page = np.asarray(render_pages(buf.getvalue(), 72)[0].convert("L"))
    return bool((page < 128).sum() > 100)


def render_pages(pdf: bytes, dpi: int = DPI) -> list[Any]:
    """The pages of a PDF as RGB Pillow images."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


def _table_box(page: Any) -> tuple[int, int, int, int] | None:
    """Roughly where a ruled table is on a rendered page: the rows holding long dark rules."""
    import numpy as np

    grey = np.asarray(page.convert("L"))
    dark = grey < 128
    rows = np.flatnonzero(dark.mean(axis=1) > 0.45)
    if len(rows) < 2:
        return None
    cols = np.flatnonzero(dark[rows].any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1]), int(rows[-1])


def _stamp(size: int, rng: random.Random, name: str) -> Any:
    """A round official seal as an alpha mask (255 = ink): ring, star, the name on the upper arc."""
    from PIL import Image, ImageDraw, ImageFont

    mask = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(mask)
    ring = max(3, size // 28)
    d.ellipse((ring, ring, size - ring, size - ring), outline=255, width=ring)
    c, r = size / 2, size * 0.16
    star = [
        (
            c + (r if k % 2 == 0 else r * 0.4) * math.sin(k * math.pi / 5),
            c - (r if k % 2 == 0 else r * 0.4) * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    d.polygon(star, fill=255)
    font_path = next((f for f in _FONTS if Path(f).is_file()), None)
    text = name[:14] or "专用章"
    radius = size / 2 - ring * 3.5
    char = max(8, int(size * 0.11))
    for k, ch in enumerate(text):
        angle = math.radians(-150 + 300 * (k + 0.5) / len(text) * 0.8 + 30)
        x, y = c + radius * math.cos(angle - math.pi / 2) * 0.82, c + radius * math.sin(angle - math.pi / 2) * 0.82
        glyph = Image.new("L", (char * 2, char * 2), 0)
        gd = ImageDraw.Draw(glyph)
        if font_path is not None:
            gd.text((char // 2, char // 2), ch, fill=255, font=ImageFont.truetype(font_path, char))
        else:  # no CJK font: strokes standing in for a character
            for _ in range(4):
                x0, y0 = rng.randint(char // 2, char * 3 // 2), rng.randint(char // 2, char * 3 // 2)
                gd.line(
                    (x0, y0, x0 + rng.randint(-char // 2, char // 2), y0 + rng.randint(-char // 2, char // 2)), 255, 2
                )
        glyph = glyph.rotate(-math.degrees(angle), resample=Image.Resampling.BICUBIC)
        mask.paste(255, (int(x - char), int(y - char)), glyph)
    return mask


def damage(page: Any, d: Damage, rng: random.Random, name: str = "") -> Any:
    """One rendered page scanned: paper and ink tones, stamp, skew, blur, noise (JPEG comes at saving)."""
    import numpy as np
    from PIL import Image, ImageFilter

    rgb = np.asarray(page.convert("RGB"), dtype=np.float32) / 255.0
    tone = (d.ink + (d.paper - d.ink) * rgb) / 255.0  # black → ink, white → paper
    if d.stamp:
        box = _table_box(page)
        w, h = page.size
        size = int(min(w, h) * rng.uniform(0.2, 0.28))
        if box is not None:
            cx = rng.uniform(box[0] + size * 0.3, max(box[0] + size * 0.3 + 1, box[2] - size * 0.3))
            if d.stamp_at is not None:
                cx = box[0] + d.stamp_at * (box[2] - box[0])
            cy = rng.uniform(box[1], max(box[1] + 1, box[3]))
        else:
            cx, cy = w * rng.uniform(0.55, 0.8), h * rng.uniform(0.6, 0.85)
        mask = np.zeros((h, w), np.float32)
        seal = np.asarray(_stamp(size, rng, name), dtype=np.float32) / 255.0 * rng.uniform(0.7, 0.95)
        x0, y0 = int(cx - size / 2), int(cy - size / 2)
        xs, ys = max(0, x0), max(0, y0)
        xe, ye = min(w, x0 + size), min(h, y0 + size)
        if xe > xs and ye > ys:
            mask[ys:ye, xs:xe] = seal[ys - y0 : ye - y0, xs - x0 : xe - x0]
        colour = np.array([0.45, 0.45, 0.45] if d.grey else [0.86, 0.1, 0.12], np.float32)
        tone = tone * (1 - mask[..., None] * (1 - colour))  # the seal's ink multiplied over the print
    if d.grey:
        tone = tone.mean(axis=2, keepdims=True).repeat(3, axis=2)
    img = Image.fromarray(np.clip(tone * 255, 0, 255).astype(np.uint8), "RGB")
    img = img.rotate(d.angle, resample=Image.Resampling.BICUBIC, fillcolor=(d.paper,) * 3, expand=False)
    img = img.filter(ImageFilter.GaussianBlur(d.blur))
    arr = np.asarray(img, dtype=np.float32)
    noise = np.random.default_rng(rng.getrandbits(32)).normal(0, d.noise, arr.shape[:2])[..., None]
    arr = np.clip(arr + noise, 0, 255).astype(np.uint8)
    out = Image.fromarray(arr, "RGB")
    return out.convert("L") if d.grey else out


def jpeg(img: Any, quality: int) -> Any:
    """``img`` after a round trip through JPEG at ``quality``."""
    from PIL import Image

    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf)


def scan(pdf: bytes, rng: random.Random, *, name: str = "", dpi: int = DPI, **kw: Any) -> list[Any]:
    """Every page of ``pdf`` scanned (Pillow images, JPEG-damaged), the damage drawn from ``rng``."""
    pages = []
    for page in render_pages(pdf, dpi):
        d = draw(rng, **kw)
        pages.append(jpeg(damage(page, d, rng, name), d.quality))
    return pages


def scan_long(pdf: bytes, rng: random.Random, *, name: str = "", dpi: int = DPI, **kw: Any) -> Any:
    """The pages of ``pdf`` one under the other as one long picture (a report shared as a long image),
    damaged once as a whole (one skew, one stamp, one JPEG quality)."""
    d = draw(rng, **kw)
    return jpeg(damage(stack(render_pages(pdf, dpi)), d, rng, name), d.quality)


def to_pdf(pages: list[Any], dpi: int = DPI) -> bytes:
    """An image-only PDF of the pages (each a JPEG, as a scanner writes it)."""
    buf = io.BytesIO()
    first = pages[0].convert("RGB") if pages[0].mode not in ("RGB", "L") else pages[0]
    rest = [p.convert("RGB") if p.mode not in ("RGB", "L") else p for p in pages[1:]]
    first.save(buf, "PDF", save_all=True, append_images=rest, resolution=float(dpi))
    return buf.getvalue()


def to_tiff(pages: list[Any], dpi: int = DPI) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate", dpi=(dpi, dpi))
    return buf.getvalue()


def stack(pages: list[Any]) -> Any:
    """The pages one under the other in one long image (a report shared as one long picture)."""
    from PIL import Image

    width = max(p.size[0] for p in pages)
    mode = "L" if all(p.mode == "L" for p in pages) else "RGB"
    out = Image.new(mode, (width, sum(p.size[1] for p in pages)), 255 if mode == "L" else (255, 255, 255))
    y = 0
    for p in pages:
        out.paste(p.convert(mode), (0, y))
        y += p.size[1]
    return out


def encode(page: Any, form: str, quality: int = 85) -> bytes:
    """One page as ``png`` or ``jpeg`` bytes."""
    buf = io.BytesIO()
    if form == "png":
        page.save(buf, "PNG")
    else:
        page.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


__all__ = [
    "DPI",
    "Damage",
    "damage",
    "draw",
    "encode",
    "jpeg",
    "render_pages",
    "scan",
    "scan_long",
    "stack",
    "to_pdf",
    "to_tiff",
]
