"""The standard report as PDF: its DOCX converted by LibreOffice headless (many in one soffice run)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from gongkai.errors import ConfigError


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise ConfigError("生成 PDF 需要 LibreOffice（Debian：apt-get install libreoffice-writer-nogui）")
    return exe


def docx_to_pdf(documents: Sequence[bytes], timeout: float = 300) -> list[bytes]:
    """PDF bytes of each DOCX, converted in one LibreOffice run with a profile of its own."""
    exe = soffice()
    with tempfile.TemporaryDirectory(prefix="gongkai-pdf-") as tmp:
        root = Path(tmp)
        sources = []
        for k, data in enumerate(documents):
            path = root / f"report{k}.docx"
            path.write_bytes(data)
            sources.append(path)
        out = root / "pdf"
        try:
            subprocess.run(
                [exe, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--norestore",
                 "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out), *map(str, sources)],
                check=True, capture_output=True, timeout=timeout,
            )  # fmt: skip
        except (subprocess.SubprocessError, OSError) as exc:
            raise ConfigError(f"LibreOffice 转换 PDF 失败（{exc}）") from exc
        results = []
        for path in sources:
            pdf = out / f"{path.stem}.pdf"
            if not pdf.is_file():
                raise ConfigError(f"LibreOffice 未能生成 {path.stem}.pdf")
            results.append(pdf.read_bytes())
        return results


__all__ = ["docx_to_pdf", "soffice"]
