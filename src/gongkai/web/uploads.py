"""Uploaded files → the library: saved under safe names, stored by ``Library.ingest`` in a child process.

- A client's file name is never used as a path: only its last component is kept, stripped of control
  characters, separators, leading dots and anything a file system could read specially, shortened, and
  made unique within the upload; the file is written into a fresh temporary folder.  The (cleaned) name
  is kept because ingest takes agency and year from it when the text has neither.
- Each file is checked against the readers' size limit (``gongkai.readers.limits.LIMITS``) as it is
  saved; one over it is refused with a clear message and the others go on.
- ``Library.ingest`` runs in a child process whose working folder is the upload's folder, so the library
  records the file's own name (not a server path), and a reader that crashes or runs out of memory takes
  down that process only, never the server (``jobs.py``: one file at a time, each outcome as it is known).
  Zip archives, bombs and damaged files are ingest's to judge: every file gets a line — stored, already
  stored, or the reason it could not be.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from fastapi import UploadFile

from gongkai.readers.limits import MiB
from gongkai.web.settings import WebSettings

log = logging.getLogger("gongkai.web")
MAX_NAME = 120
CHUNK = MiB
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*!]+')


def human_size(n: int) -> str:
    """A size as people say it: 200 MiB, 4.9 KiB, 512 字节."""
    if n >= MiB:
        return f"{n / MiB:.0f} MiB" if n % MiB == 0 else f"{n / MiB:.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} 字节"


def safe_name(client_name: str | None, taken: set[str]) -> str:
    """A file name safe to create in the upload folder, derived from what the client called the file."""
    text = unicodedata.normalize("NFC", client_name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]  # the last component only: no folders, no ..
    text = _UNSAFE.sub("_", text).strip(" .")
    stem, dot, suffix = text.rpartition(".")
    if not dot:
        stem, suffix = text, ""
    suffix = re.sub(r"[^0-9A-Za-z]", "", suffix)[:10]
    stem = stem[: MAX_NAME - len(suffix) - 1] or "上传文件"
    name = f"{stem}.{suffix}" if suffix else stem
    base, n = name, 2
    while name.lower() in taken:
        name = f"{stem}({n}).{suffix}" if suffix else f"{base}({n})"
        n += 1
    taken.add(name.lower())
    return name


async def save_uploads(
    files: list[UploadFile], folder: Path, settings: WebSettings
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Write each upload into ``folder``; (safe name → client name, refusals {name, error, message})."""
    saved: dict[str, str] = {}
    refused: list[dict[str, str]] = []
    taken: set[str] = set()
    for upload in files:
        shown = (upload.filename or "（未命名）")[:200]
        name = safe_name(upload.filename, taken)
        target = folder / name
        if target.resolve().parent != folder.resolve():  # cannot happen with safe_name; never trust, check
            refused.append({"name": shown, "error": "BadName", "message": f"{shown}: 文件名无效"})
            continue
        size = 0
        too_large = False
        with target.open("wb") as out:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > settings.max_file_bytes:
                    too_large = True
                    break
                out.write(chunk)
        await upload.close()
        if too_large:
            target.unlink()
            limit = human_size(settings.max_file_bytes)
            refused.append(
                {
                    "name": shown,
                    "error": "TooLarge",
                    "message": f"{shown}: 文件过大（单个文件上限 {limit}），未入库",
                }
            )
            continue
        saved[name] = shown
    return saved, refused


def upload_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="gongkai-upload-"))


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


__all__ = ["human_size", "remove_folder", "safe_name", "save_uploads", "upload_folder"]
