"""Render one band of a PDF page with a box drawn on it, as PNG on stdout.  Run as a script (not imported):

    python -P crop_worker.py '{"page": 3, "bbox": [x0, top, x1, bottom], "scale": 2}' FILE.pdf > crop.png

``bbox`` is in PDF points with the origin at the page's top left (as ``Source.bbox``).  The band is the
page's whole width (so the row's label is in view) and the box's height with some room above and below.
Runs apart from the server (``gongkai.web.crop``): a hostile PDF that crashes the renderer takes down this
process only.  Needs pypdfium2 and Pillow only.
"""

import io
import json
import sys


def main() -> int:
    try:
        import resource

        limit = 1024**3
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    job = json.loads(sys.argv[1])
    pdf = pdfium.PdfDocument(sys.argv[2])
    try:
        number = int(job["page"])
        if not 1 <= number <= len(pdf):
            sys.stderr.write(f"PDF 没有第 {number} 页（共 {len(pdf)} 页）\n")
            return 2
        page = pdf[number - 1]
        width, height = page.get_size()
        x0, top, x1, bottom = (float(v) for v in job["bbox"])
        x0, x1 = sorted((max(0.0, min(width, x0)), max(0.0, min(width, x1))))
        top, bottom = sorted((max(0.0, min(height, top)), max(0.0, min(height, bottom))))
        room = float(job.get("room", 48))
        band_top, band_bottom = max(0.0, top - room), min(height, bottom + room)
        scale = float(job.get("scale", 2))
        image = page.render(scale=scale, crop=(0, height - band_bottom, 0, band_top)).to_pil().convert("RGB")
        draw = ImageDraw.Draw(image)
        pad = 2
        box = (
            (x0 - pad) * scale,
            (top - band_top - pad) * scale,
            (x1 + pad) * scale,
            (bottom - band_top + pad) * scale,
        )
        draw.rectangle(box, outline=(214, 0, 0), width=max(2, int(scale * 1.5)))
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
    finally:
        pdf.close()
    sys.stdout.buffer.write(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
