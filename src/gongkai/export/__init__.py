"""Open data exports of the library: tidy and wide cells, findings, and the data dictionary."""

from __future__ import annotations

from gongkai.export.tables import cell_infos, dictionary, dictionary_markdown
from gongkai.export.writers import FORMATS, export

__all__ = ["FORMATS", "cell_infos", "dictionary", "dictionary_markdown", "export"]
