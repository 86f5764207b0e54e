"""The inputs of a batch: files as given, folders walked, zip archives opened member by member.

``collect(paths)`` turns what a user gives (``gongkai ingest`` / ``gongkai check`` arguments) into
``Item``s; ``Item.read()`` gives the bytes of one, under the size limit.  A path that does not exist or is
not a regular file is still an item: reading it raises a ``ReadError`` naming it, so a batch records it
and goes on.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gongkai.errors import CorruptInput, ReadError, TooLarge
from gongkai.readers import MAX_BYTES
from gongkai.readers.sniff import Form, sniff

SKIP_SUFFIXES = {".db", ".db-wal", ".db-shm", ".sqlite", ".sqlite3", ".jsonl"}


@dataclass(frozen=True, slots=True)
class Item:
    """One input: a file on disk, or a member of a zip archive (``member`` set)."""

    path: str
    member: str | None = None

    @property
    def name(self) -> str:
        """How the input is named in messages and the library (``archive.zip!member`` for a zip member)."""
        return f"{self.path}!{self.member}" if self.member else self.path

    @property
    def own_name(self) -> str:
        """The file's own name: the member's name inside its archive, else the path as given."""
        return self.member if self.member is not None else self.path

    def read(self) -> bytes:
        if self.member is None:
            path = Path(self.path)
            if not path.exists():
                raise ReadError(self.name, "文件或文件夹不存在")
            if not path.is_file():
                raise ReadError(self.name, "不是普通文件（设备、管道或套接字），不读取")
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise TooLarge(
                    self.name, f"文件过大（{size // (1024 * 1024)} MiB，上限 {MAX_BYTES // (1024 * 1024)} MiB）"
                )
            return Path(self.path).read_bytes()
        try:
            with zipfile.ZipFile(self.path) as archive:
                info = archive.getinfo(self.member)
                if info.file_size > MAX_BYTES:
                    raise TooLarge(self.name, f"压缩包成员解压后过大（{info.file_size // (1024 * 1024)} MiB）")
                with archive.open(info) as stream:
                    data = stream.read(MAX_BYTES + 1)
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            zlib.error,
            EOFError,
            NotImplementedError,
            RuntimeError,
        ) as exc:
            # damaged, encrypted (RuntimeError) or an unsupported compression: this member, not the batch
            raise CorruptInput(self.name, f"压缩包成员无法解压（{exc}）") from exc
        if len(data) > MAX_BYTES:
            raise TooLarge(self.name, "压缩包成员解压后过大")
        return data


def collect(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Every input file: files as given, folders recursively (hidden files skipped), zip archives by member."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                hidden = any(part.startswith(".") for part in rel.parts)
                if child.is_file() and not hidden and child.suffix.lower() not in SKIP_SUFFIXES:
                    yield from _expand(child)
        elif path.is_file():
            yield from _expand(path)
        else:  # missing, or not a regular file: recorded as a failure of this input, the batch goes on
            yield Item(str(path))


def _expand(path: Path) -> Iterator[Item]:
    """A zip archive (not a .docx) becomes its members; anything else is one item."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        yield Item(str(path))
        return
    if head.startswith(b"PK") and sniff(head) is Form.ZIP and zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                members = [i.filename for i in archive.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, OSError):
            yield Item(str(path))
            return
        for member in members:
            if not Path(member).name.startswith(".") and "__MACOSX" not in member:
                yield Item(str(path), member)
    else:
        yield Item(str(path))


__all__ = ["SKIP_SUFFIXES", "Item", "collect"]
