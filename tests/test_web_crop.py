"""PDF evidence: the band of the page a cell was printed on, rendered from the stored original bytes with the
cell's box drawn where the reading found it; a PNG with an ETag (304 when unchanged) and caching headers."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import lxml.html
import pytest
from PIL import Image

import gongkai
from gongkai import synth
from gongkai.check import agency_key
from gongkai.web.crop import SCALE, CropFailed, render
from tests.web_support import Site, examples, make_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    folder = tmp_path_factory.mktemp("crop")
    inputs = folder / "in"
    inputs.mkdir()
    case = synth.make_case(5, version="2021")
    data, suffix = synth.render(case, "pdf_ruled")
    (inputs / f"{case.agency}{case.year}年政府信息公开工作年度报告{suffix}").write_bytes(data)
    return make_site(folder, [inputs, *examples()])


def _pdf_report(site: Site) -> tuple[str, int, gongkai.store.StoredReport]:
    with gongkai.open(site.db) as lib:
        summary = next(r for r in lib.reports() if r.form == "pdf")
        return summary.agency, summary.year, lib.get(summary.agency_key, summary.year)


def _red_box(png: bytes) -> tuple[int, int, int, int]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    pixels = image.load()
    red = [(x, y) for x in range(width) for y in range(height) if pixels[x, y][0] > 180 and max(pixels[x, y][1:]) < 60]
    assert red, "no box drawn"
    xs, ys = [x for x, _ in red], [y for _, y in red]
    return min(xs), min(ys), max(xs), max(ys)


def test_the_crop_shows_the_cell_where_it_was_printed(site: Site) -> None:
    agency, year, stored = _pdf_report(site)
    base = f"/reports/{quote(agency_key(agency), safe='')}/{year}"
    client = site.client("访客丙")
    for cid in ("t2.r_new.natural", "t3.review_total", "t1.rules.issued"):
        source = stored.report.value(cid).source
        assert source is not None and source.page and source.bbox
        got = client.get(f"{base}/cells/{cid}/crop.png")
        assert got.status_code == 200 and got.headers["content-type"] == "image/png"
        assert got.headers["cache-control"] == "private, max-age=86400" and got.headers["etag"].startswith('"')
        image = Image.open(io.BytesIO(got.content))
        x0, top, x1, bottom = source.bbox
        band_top = max(0.0, top - 48)
        left, upper, right, lower = _red_box(got.content)
        # the box's outline sits 2 points outside the cell, drawn 1.5 × scale wide inwards
        assert abs(left - (x0 - 2) * SCALE) <= 2 and abs(right - (x1 + 2) * SCALE) <= 2, cid
        assert abs(upper - (top - band_top - 2) * SCALE) <= 2 and abs(lower - (bottom - band_top + 2) * SCALE) <= 2
        assert image.width > 2 * (x1 - x0) * SCALE  # the whole width of the page: the row's label is in view
        again = client.get(f"{base}/cells/{cid}/crop.png", headers={"If-None-Match": got.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
    card = client.get(f"{base}/cells/t2.r_new.natural", headers={"HX-Request": "true"})
    img = lxml.html.fromstring(card.text).xpath("//img[@class='crop']")
    assert img and img[0].get("src") == f"{base}/cells/t2.r_new.natural/crop.png?version={stored.version.number}"


def test_no_crop_for_cells_not_read_from_a_pdf(site: Site) -> None:
    client = site.client("访客丙")
    text_report = f"/reports/{quote(agency_key('平潭综合实验区'), safe='')}/2020"
    missing = client.get(f"{text_report}/cells/t2.r_new.natural/crop.png")
    assert missing.status_code == 404 and "不是从 PDF 读取" in missing.text
    card = client.get(f"{text_report}/cells/t2.r_new.natural", headers={"HX-Request": "true"})
    assert card.status_code == 200 and "crop.png" not in card.text
    agency, year, _stored = _pdf_report(site)
    base = f"/reports/{quote(agency_key(agency), safe='')}/{year}"
    assert client.get(f"{base}/cells/t9.nothing/crop.png").status_code == 404
    assert site.client().get(f"{base}/cells/t2.r_new.natural/crop.png").status_code == 303  # signed-in readers only


def test_a_pdf_that_cannot_be_rendered_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CropFailed, match="无法渲染 PDF"):
        render(b"%PDF-1.4 broken", 1, (0, 0, 10, 10))
    good = synth.render(synth.make_case(5, version="2021"), "pdf_ruled")[0]
    with pytest.raises(CropFailed, match="第 99 页"):
        render(good, 99, (0, 0, 10, 10))
