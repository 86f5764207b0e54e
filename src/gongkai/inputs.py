"""The inputs of a batch: files as given, folders walked, zip archives opened member by member.

``collect(paths)`` turns what a user gives (``gongkai ingest`` / ``gongkai check`` arguments) into
``Item``s; ``Item.read()`` gives the bytes of one, under the size limit.  A path that does not exist or is
not a regular file is still an item: reading it raises a ``ReadError`` naming it, so a batch records it
and goes on.

A folder is walked without following symbolic links: a link inside it (to a file, a folder, a device,
anywhere) is recorded as refused, never read, so nothing outside the folder given is read; a FIFO or a
device in it is refused unread.  Zip members are read from the archive, never written to disk, so a
member named ``../../x`` or ``/etc/x`` is only a name; a member stored as a symbolic link is refused.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gongkai.errors import CorruptInput, ReadError, TooLarge, UnsupportedFormat
from gongkai.readers import MAX_BYTES, read_file
from gongkai.readers.sniff import Form, sniff

SKIP_SUFFIXES = {".db", ".db-wal", ".db-shm", ".sqlite", ".sqlite3", ".jsonl"}


@dataclass(frozen=True, slots=True)
class Item:
    """One input: a file on disk, or a member of a zip archive (``member`` set)."""

    path: str
    member: str | None = None
    refused: str | None = None  # why it is not read (a symbolic link or a FIFO met in a folder)

    @property
    def name(self) -> str:
        """How the input is named in messages and the library (``archive.zip!member`` for a zip member)."""
        return f"{self.path}!{self.member}" if self.member else self.path

    @property
    def own_name(self) -> str:
        """The file's own name: the member's name inside its archive, else the path as given."""
        return self.member if self.member is not None else self.path

    def read(self) -> bytes:
        if self.refused is not None:
            raise ReadError(self.name, self.refused)
        if self.member is None:
            return read_file(self.path, self.name)
        try:
            with zipfile.ZipFile(self.path) as archive:
                info = archive.getinfo(self.member)
                if stat.S_ISLNK(info.external_attr >> 16):
                    raise UnsupportedFormat(self.name, "压缩包中的这一项是符号链接，不读取")
                if info.flag_bits & 0x1:
                    raise UnsupportedFormat(self.name, "压缩包成员已加密（需要密码），无法读取")
                if info.file_size > MAX_BYTES:
                    raise TooLarge(self.name, f"压缩包成员解压后过大（{info.file_size // (1024 * 1024)} MiB）")
                with archive.open(info) as stream:
                    data = stream.read(MAX_BYTES + 1)
        except _ZIP_ERRORS as exc:
            # damaged, encrypted (RuntimeError) or an unsupported compression: this member, not the batch
            raise CorruptInput(self.name, f"压缩包成员无法解压（{exc}）") from exc
        if len(data) > MAX_BYTES:
            raise TooLarge(self.name, "压缩包成员解压后过大")
        return data


# what zipfile, zlib and struct raise on a damaged archive
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    OverflowError,
    struct.error,
    KeyError,
    OSError,
)


def collect(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Every input file: files as given, folders recursively (hidden files skipped, links refused), zip
    archives by member."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield from _expand(path)
        else:  # missing, or not a regular file: recorded as a failure of this input, the batch goes on
            yield Item(str(path))


_LINK = "是符号链接：文件夹中的链接不跟随读取（如需读取，请直接给出它指向的文件）"
_SPECIAL = "不是普通文件（设备、管道或套接字），不读取"


def _walk(root: Path) -> Iterator[Item]:
    """The files under ``root`` in path order, never leaving it: symbolic links and special files become
    refused items (recorded, not read)."""
    found: list[tuple[Path, str | None]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in list(dirnames):
            if (here / name).is_symlink():  # listed as a folder, never entered: refused
                dirnames.remove(name)
                found.append((here / name, _LINK))
        for name in filenames:
            child = here / name
            if name.startswith(".") or child.suffix.lower() in SKIP_SUFFIXES:
                continue
            try:
                mode = child.lstat().st_mode
            except OSError:
                continue
            if stat.S_ISLNK(mode):
                found.append((child, _LINK))
            elif stat.S_ISREG(mode):
                found.append((child, None))
            else:
                found.append((child, _SPECIAL))
    for child, refused in sorted(found):
        if refused is None:
            yield from _expand(child)
        else:
            yield Item(str(child), refused=refused)


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
        except _ZIP_ERRORS:
            yield Item(str(path))
            return
        for member in members:
            if not Path(member).name.startswith(".") and "__MACOSX" not in member:
                yield Item(str(path), member)
    else:
        yield Item(str(path))


__all__ = ["SKIP_SUFFIXES", "Item", "collect"]
