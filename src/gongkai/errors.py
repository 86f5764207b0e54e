"""The one small exception tree of gongkai.

::

    GongkaiError                 anything gongkai raises on purpose
    ├── ReadError                the input cannot be read as a report (carries the file name)
    │   ├── UnsupportedFormat    a kind of file we do not read (yet)
    │   ├── CorruptInput         the bytes are damaged, truncated or not what they claim to be
    │   ├── TooLarge             over the size limit
    │   └── NotAReport           readable, but no report tables were found
    ├── StoreError               the library (database) failed
    └── ConfigError              bad settings or arguments

Checks never raise: problems in a report are findings.  The CLI maps ``ReadError`` to exit code 2 and
prints ``str(error)``, which always names the file and the problem in one line.
"""

from __future__ import annotations


class GongkaiError(Exception):
    """Base of every error gongkai raises on purpose."""


class ReadError(GongkaiError):
    """The input could not be read as a report."""

    def __init__(self, path: str | None, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)


class UnsupportedFormat(ReadError):
    """A kind of file gongkai does not read."""


class CorruptInput(ReadError):
    """Damaged, truncated or mislabelled bytes."""


class TooLarge(ReadError):
    """The input is over the size limit."""


class NotAReport(ReadError):
    """Readable, but it is not an annual report (no report tables found)."""


class StoreError(GongkaiError):
    """The report library failed."""


class ConfigError(GongkaiError):
    """Bad settings or arguments."""


__all__ = [
    "ConfigError",
    "CorruptInput",
    "GongkaiError",
    "NotAReport",
    "ReadError",
    "StoreError",
    "TooLarge",
    "UnsupportedFormat",
]
