"""Legacy Word .doc and WPS .wps → .docx with LibreOffice headless → the DOCX reader.

``convert_to_docx`` converts many files in one ``soffice`` call (start-up costs about a second; the
per-file cost is small), each worker with its own profile directory (``-env:UserInstallation``) so
parallel workers never fight over one profile lock, and with a timeout.  Without LibreOffice the error
says how to install it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from gongkai.document import Document
from gongkai.errors import CorruptInput, UnsupportedFormat
from gongkai.readers.docx import read_docx

TIMEOUT_BASE = 60.0  # seconds for one soffice call, plus TIMEOUT_PER_FILE per file
TIMEOUT_PER_FILE = 10.0
INSTALL_HINT = "需要 LibreOffice 才能读取 .doc/.wps：Debian/Ubuntu 上运行 `apt-get install -y libreoffice-writer-nogui`"


def soffice_path() -> str | None:
    return os.environ.get("GONGKAI_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(files: Sequence[Path], outdir: Path, profile: Path | None = None) -> dict[Path, Path | None]:
    """Convert ``files`` to .docx in ``outdir`` with one soffice call; map each input to its output (or None)."""
    exe = soffice_path()
    if exe is None:
        raise UnsupportedFormat(str(files[0]) if files else None, INSTALL_HINT)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongkai-lo-") as own_profile:
        profile_dir = profile or Path(own_profile)
        cmd = [
            exe,
            f"-env:UserInstallation={profile_dir.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(outdir),
            *(str(f) for f in files),
        ]
        timeout = TIMEOUT_BASE + TIMEOUT_PER_FILE * len(files)
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise CorruptInput(
                str(files[0]) if len(files) == 1 else None, f"LibreOffice 转换超时（{timeout:.0f} 秒）"
            ) from exc
    out: dict[Path, Path | None] = {}
    for f in files:
        target = outdir / (Path(f).stem + ".docx")
        out[Path(f)] = target if target.exists() and target.stat().st_size > 0 else None
    return out


def read_ole(data: bytes, path: str | None = None) -> Document:
    """Read a .doc/.wps (OLE compound file) by converting it to .docx first."""
    if soffice_path() is None:
        raise UnsupportedFormat(path, INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        result = convert_to_docx([src], Path(tmp) / "out", Path(tmp) / "profile")
        target = result[src]
        if target is None:
            raise CorruptInput(path, "LibreOffice 无法转换此文件（不是可读的 Word .doc / WPS .wps 文档，或文件已损坏）")
        doc = read_docx(target.read_bytes(), path)
    doc.layout = "doc"
    return doc


__all__ = ["INSTALL_HINT", "convert_to_docx", "read_ole", "soffice_path"]
