"""Text from documents and file names, made safe for a terminal.

Everything gongkai prints about a report comes, in the end, from a file someone else wrote: an agency
line, a file name, a cell's raw text.  On the terminal it is shown literally — never as Rich markup
(``[bold]`` stays ``[bold]``) and never as terminal control: ANSI escape sequences and other control
characters (a damaged or hostile document may carry them) are removed from what is printed.  The data
itself is never changed; this is for display only.
"""

from __future__ import annotations

import re

from rich.text import Text

# CSI / OSC / two-character escape sequences, then any other C0/C1 control character but TAB and LF
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def plain(text: object) -> str:
    """``text`` as a string without terminal control sequences or control characters."""
    s = str(text)
    return _CONTROL.sub("", s) if _CONTROL.search(s) else s


def lit(text: object, style: str = "") -> Text:
    """``text`` as a Rich ``Text`` shown literally (no markup), without control characters."""
    return Text(plain(text), style=style)


__all__ = ["lit", "plain"]
