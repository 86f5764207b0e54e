"""Region and level from an agency's name (issue 14.9), against the administrative divisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.regions import divisions, region_of
from gongkai.store import Library
from tests.conftest import SEEDS


def test_the_divisions_are_there() -> None:
    assert len(divisions()) > 3000  # every province, city and county


@pytest.mark.parametrize(
    ("agency", "region", "level"),
    [
        ("淄博市张店区人民政府办公室", "山东省/淄博市/张店区", "县级部门"),
        ("张店区服务业发展中心", "山东省/淄博市/张店区", "县级部门"),  # unique in the country
        ("洪泽区人民政府", "江苏省/淮安市/洪泽区", "县级政府"),
        ("济南市市中区人民政府", "山东省/济南市/市中区", "县级政府"),
        ("市中区人民政府办公室", None, "县级部门"),  # 市中区 is in four cities: no region, still county level
        ("淄博高新技术产业开发区发展改革局", "山东省/淄博市", "市级部门"),  # 淄博 for 淄博市
        ("上海市科学技术委员会", "上海市", "省级部门"),  # a municipality is provincial
        ("北京市东城区教育局", "北京市/东城区", "县级部门"),
        ("重庆市渝中区人民政府", "重庆市/渝中区", "县级政府"),
        ("福建省人民政府办公厅", "福建省", "省级部门"),
        ("无极县民政局", "河北省/石家庄市/无极县", "县级部门"),
        ("某某镇人民政府", None, "乡镇街道"),
        ("平潭综合实验区", None, None),  # not an administrative division
        ("山东张店经济开发区管理委员会", None, None),  # a province's short name is not a place
    ],
)
def test_region_and_level_from_the_name(agency: str, region: str | None, level: str | None) -> None:
    found = region_of(agency)
    assert (found.region, found.level) == (region, level)


def test_the_library_fills_region_and_level_and_keeps_a_users_correction(library: Library, tmp_path: Path) -> None:
    library.ingest([next(SEEDS.glob("000_*.txt"))], workers=1)  # 张店区服务业发展中心
    (row,) = library.reports()
    info = library.set_agency(row.agency)  # nothing to change: shows what is stored
    assert (info["region"], info["level"]) == ("山东省/淄博市/张店区", "县级部门")
    corrected = library.set_agency(row.agency, level="县级政府")
    assert corrected["level"] == "县级政府" and corrected["region"] == "山东省/淄博市/张店区"
    republished = tmp_path / "republished.txt"  # the same agency's report again, as another version
    republished.write_text(next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8") + "\n（更正）\n", encoding="utf-8")
    library.ingest([republished], workers=1)
    assert library.set_agency(row.agency)["level"] == "县级政府"  # a correction is never overwritten
