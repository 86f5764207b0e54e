"""Files the pages send: written into a fresh temporary folder, sent as an attachment with its (Chinese)
name, and the folder removed once sent — or at once when writing fails."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from starlette.background import BackgroundTask
from starlette.responses import FileResponse

from gongkai.web.uploads import remove_folder

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(name: str) -> dict[str, str]:
    """The header that makes a browser save the answer as ``name`` (RFC 6266, UTF-8)."""
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name, safe='')}"}


def send_file(write: Callable[[Path], Path], name: str, media_type: str = XLSX) -> FileResponse:
    """``write(folder)`` writes the file into a new temporary folder and returns its path; the answer sends
    it as ``name`` and removes the folder afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="gongkai-download-"))
    try:
        path = write(folder)
    except BaseException:
        remove_folder(folder)
        raise
    return FileResponse(
        path, media_type=media_type, headers=attachment(name), background=BackgroundTask(remove_folder, folder)
    )


__all__ = ["XLSX", "attachment", "send_file"]
