"""A real published report shipped with the package, for ``gongkai parse --example`` and the README.

``shizhong-2024.txt``: 市中区人民政府办公室（枣庄）2024年政府信息公开工作年度报告, as converted from Word
(tab-indented cells), unchanged.
``pingtan-2019.txt``, ``pingtan-2020.txt``: 平潭综合实验区 2019 and 2020 (2019 trial format, web-page text),
unchanged — two consecutive years of one agency, so ``gongkai ingest --example`` shows cross-year checks.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

EXAMPLE = "shizhong-2024.txt"
EXAMPLES = (EXAMPLE, "pingtan-2019.txt", "pingtan-2020.txt")


def example_path() -> Path:
    return Path(str(resources.files(__package__).joinpath(EXAMPLE)))


def example_paths() -> list[Path]:
    """Every bundled example report (for ``gongkai ingest --example``)."""
    return [Path(str(resources.files(__package__).joinpath(name))) for name in EXAMPLES]
