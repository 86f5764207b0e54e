"""The wheel carries the web app: templates, styles, scripts and the vendored assets with their licences."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NEEDED = [
    "gongkai/web/templates/base.html",
    "gongkai/web/templates/report.html",
    "gongkai/web/templates/_finding.html",
    "gongkai/web/static/app.css",
    "gongkai/web/static/app.js",
    "gongkai/web/static/vendor/htmx.min.js",
    "gongkai/web/static/vendor/htmx.LICENSE",
    "gongkai/web/static/vendor/echarts.min.js",
    "gongkai/web/static/vendor/echarts.LICENSE",
    "gongkai/web/static/vendor/echarts.NOTICE",
    "gongkai/store/migrations/versions/0004_users.py",
]


def test_the_wheel_holds_the_web_app(tmp_path: Path) -> None:
    builders = pytest.importorskip("hatchling.builders.wheel", reason="pip install hatchling (the dev extra has it)")
    built = list(builders.WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    assert len(built) == 1
    with zipfile.ZipFile(built[0]) as wheel:
        names = set(wheel.namelist())
    missing = [n for n in NEEDED if n not in names]
    assert not missing, missing
    templates = {n for n in names if n.startswith("gongkai/web/templates/")}
    on_disk = {f"gongkai/web/templates/{p.name}" for p in (ROOT / "src/gongkai/web/templates").glob("*.html")}
    assert templates == on_disk


def test_no_asset_is_loaded_from_the_internet() -> None:
    web = ROOT / "src" / "gongkai" / "web"
    for path in [*web.glob("templates/*.html"), web / "static" / "app.css", web / "static" / "app.js"]:
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, path
        assert "|safe" not in text.replace(" ", "") and "autoescape false" not in text, path
