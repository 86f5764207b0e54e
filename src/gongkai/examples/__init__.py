"""A real published report shipped with the package, for ``gongkai parse --example`` and the README.

``shizhong-2024.txt``: 市中区人民政府办公室（枣庄）2024年政府信息公开工作年度报告, as converted from Word
(tab-indented cells), unchanged.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

EXAMPLE = "shizhong-2024.txt"


def example_path() -> Path:
    return Path(str(resources.files(__package__).joinpath(EXAMPLE)))
