"""Legacy Word .doc and WPS .wps → HTML with LibreOffice headless → the HTML reader.

One ``soffice`` run converts a whole batch: a small LibreOffice Basic macro (installed in the profile
this module uses) loads each file as a bare document model — no view, no layout, no windows — and
stores it with Writer's HTML export, which is three times cheaper than a .docx export.  Before the
export the macro makes the model read like the DOCX reader reads a .docx:

- tracked changes as accepted (deleted text removed, inserted text kept);
- list numbers written into the text as printed (``二、``, ``（三）``): the HTML export keeps only an
  ``<ol>``, outline (chapter) numbering it already writes as text;
- document macros never run and links are never updated (no network).

Then ``read_converted`` reads the page: headers, footers, footnotes and comments dropped, text boxes
moved after the paragraph that anchors them, and two tables separated only by empty paragraphs or a
page break joined into one (a repeated header row dropped), as in the DOCX reader.

Robustness: each file is logged as it starts and ends, so a file that fails to load is reported and
the others go on; a file that hangs (``FILE_TIMEOUT`` without progress) or crashes LibreOffice is
reported and the batch resumes after it.  Without LibreOffice the error says how to install it.  The
profile (``-env:UserInstallation``) is made once per process, or given per worker by the caller: two
LibreOffice processes must never share one.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from gongkai.document import Cell, Document, Source, Table
from gongkai.errors import CorruptInput, ReadError, TooLarge, UnsupportedFormat
from gongkai.readers.html import MAX_HTML_BYTES, decode_html, document_from_tree, drop_element, parse_html

START_TIMEOUT = 60.0  # seconds for soffice to start and begin the first file
FILE_TIMEOUT = 60.0  # seconds one file may take before it counts as hung
INSTALL_HINT = "需要 LibreOffice 才能读取 .doc/.wps：Debian/Ubuntu 上运行 `apt-get install -y libreoffice-writer-nogui`"
# the stream an encrypted .docx/.xlsx keeps its package in (a compound file's directory names are UTF-16)
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
NOT_CONVERTED = "LibreOffice 无法转换此文件（不是可读的 Word .doc / WPS .wps 文档，或文件已损坏）"

# -- the macro ------------------------------------------------------------------------------------

_LIBRARY = "Gongkai"
_MODULE = "Convert"
_BASIC = r"""REM gongkai: legacy Word .doc / WPS .wps to HTML, many files per soffice run (gongkai/readers/doc.py).
REM Run() reads the list at the URL in $GONGKAI_LO_LIST ("input URL" / "output URL" line pairs) and
REM logs "start k", then "ok k" or "fail k reason", per file, then "done"; a failure never stops the others.
Private gPars(63) As Object
Private gLabels(63) As String
Private gN As Long
Private gOutline As String

Sub WriteLog(sUrl As String, s As String)
  Dim g As Integer
  g = FreeFile
  Open sUrl For Append As #g
  Print #g, s
  Close #g
End Sub

Function FilterFor(sUrl As String) As String
  Dim oDetect As Object, sType As String, props, i As Long
  Dim d(0) As New com.sun.star.beans.PropertyValue
  d(0).Name = "URL" : d(0).Value = sUrl
  oDetect = createUnoService("com.sun.star.document.TypeDetection")
  sType = oDetect.queryTypeByDescriptor(d(), True)
  FilterFor = ""
  If sType = "" Then Exit Function
  props = oDetect.getByName(sType)
  For i = LBound(props) To UBound(props)
    If props(i).Name = "PreferredFilter" Then FilterFor = props(i).Value
  Next i
End Function

REM the HTML export writes a list as <ol>/<ul> without the numbers Word prints
Function HasLists(sUrl As String) As Boolean
  Dim oIn As Object, s As String
  oIn = createUnoService("com.sun.star.io.TextInputStream")
  oIn.setInputStream(createUnoService("com.sun.star.ucb.SimpleFileAccess").openFileRead(sUrl))
  oIn.setEncoding("UTF-8")
  s = oIn.readString(Array(), False)
  oIn.closeInput()
  HasLists = InStr(s, "<ol") > 0 Or InStr(s, "<ul") > 0
End Function

Sub CollectLabels(oText As Object)
  Dim oEnum As Object, oPar As Object, sLabel As String, names, i As Long
  oEnum = oText.createEnumeration()
  Do While oEnum.hasMoreElements()
    oPar = oEnum.nextElement()
    If oPar.supportsService("com.sun.star.text.Paragraph") Then
      sLabel = oPar.ListLabelString
      REM outline (chapter) numbering is written as text by the export already
      If sLabel <> "" And oPar.NumberingStyleName <> gOutline Then
        If gN > UBound(gPars) Then
          ReDim Preserve gPars(2 * gN) As Object
          ReDim Preserve gLabels(2 * gN) As String
        End If
        gPars(gN) = oPar
        gLabels(gN) = sLabel
        gN = gN + 1
      End If
    ElseIf oPar.supportsService("com.sun.star.text.TextTable") Then
      names = oPar.getCellNames()
      For i = LBound(names) To UBound(names)
        CollectLabels(oPar.getCellByName(names(i)).getText())
      Next i
    End If
  Loop
End Sub

REM the HTML export writes a drawing shape as a picture: its text goes after its anchor paragraph
Sub ShapesToText(oDoc As Object)
  Dim oPage As Object, oShape As Object, oAnchor As Object, oText As Object, oCursor As Object
  Dim i As Long, s As String, bBox As Boolean
  On Error Resume Next
  oPage = oDoc.getDrawPage()
  For i = oPage.getCount() - 1 To 0 Step -1
    oShape = oPage.getByIndex(i)
    bBox = False
    bBox = oShape.TextBox
    If Not bBox And Not oShape.supportsService("com.sun.star.text.TextFrame") _
        And oShape.supportsService("com.sun.star.drawing.Text") Then
      s = ""
      s = oShape.getString()
      oAnchor = Nothing
      oAnchor = oShape.getAnchor()
      If s <> "" And Not IsNull(oAnchor) Then
        oText = oAnchor.getText()
        oCursor = oText.createTextCursorByRange(oAnchor.getStart())
        oCursor.gotoEndOfParagraph(False)
        oText.insertControlCharacter(oCursor, com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK, False)
        oText.insertString(oCursor, s, False)
      End If
    End If
  Next i
End Sub

REM tracked changes as accepted: deletions removed, insertions kept
Sub AcceptChanges(oDoc As Object)
  Dim oRed As Object, r As Object, oCursor As Object, nDel As Long, i As Long
  Dim starts(0) As Object, finishes(0) As Object
  On Error Resume Next
  oDoc.RecordChanges = False
  nDel = 0
  oRed = oDoc.getRedlines().createEnumeration()
  Do While oRed.hasMoreElements()
    r = oRed.nextElement()
    If r.RedlineType = "Delete" Then
      ReDim Preserve starts(nDel) As Object
      ReDim Preserve finishes(nDel) As Object
      starts(nDel) = r.RedlineStart
      finishes(nDel) = r.RedlineEnd
      nDel = nDel + 1
    End If
  Loop
  For i = nDel - 1 To 0 Step -1
    oCursor = starts(i).getText().createTextCursorByRange(starts(i))
    oCursor.gotoRange(finishes(i), True)
    oCursor.setString("")
  Next i
End Sub

REM the HTML export leaves out a text box anchored as a character: anchor it to its paragraph
Sub AnchorFrames(oDoc As Object)
  Dim frames, i As Long, oFrame As Object
  On Error Resume Next
  frames = oDoc.getTextFrames().getElementNames()
  For i = LBound(frames) To UBound(frames)
    oFrame = oDoc.getTextFrames().getByName(frames(i))
    If oFrame.AnchorType = com.sun.star.text.TextContentAnchorType.AS_CHARACTER Then
      oFrame.AnchorType = com.sun.star.text.TextContentAnchorType.AT_PARAGRAPH
    End If
  Next i
End Sub

REM list numbers into the text, when the page has lists; True when the page must be written again
Function WriteLabels(oDoc As Object, sOut As String) As Boolean
  Dim frames, i As Long
  WriteLabels = False
  On Error Goto Skip
  If Not HasLists(sOut) Then Exit Function
  gOutline = oDoc.getChapterNumberingRules().Name
  gN = 0
  CollectLabels(oDoc.getText())
  frames = oDoc.getTextFrames().getElementNames()
  For i = LBound(frames) To UBound(frames)
    CollectLabels(oDoc.getTextFrames().getByName(frames(i)).getText())
  Next i
  For i = 0 To gN - 1
    gPars(i).getText().insertString(gPars(i).getStart(), gLabels(i), False)
    gPars(i) = Nothing
  Next i
  WriteLabels = gN > 0
  Exit Function
Skip:
  WriteLabels = gN > 0
End Function

Function ConvertOne(sIn As String, sOut As String) As String
  Dim oDoc As Object, sFilter As String, sErr As String
  Dim largs(4) As New com.sun.star.beans.PropertyValue
  Dim sargs(1) As New com.sun.star.beans.PropertyValue
  sErr = ""
  On Error Goto Failed
  sFilter = FilterFor(sIn)
  If sFilter = "" Then
    ConvertOne = "unknown format"
    Exit Function
  End If
  largs(0).Name = "URL" : largs(0).Value = sIn
  largs(1).Name = "FilterName" : largs(1).Value = sFilter
  largs(2).Name = "ReadOnly" : largs(2).Value = True
  largs(3).Name = "MacroExecutionMode" : largs(3).Value = 0
  largs(4).Name = "UpdateDocMode" : largs(4).Value = 0
  REM the model alone, without a view: no layout, no windows
  oDoc = createUnoService("com.sun.star.text.TextDocument")
  oDoc.load(largs())
  REM the steps that make the page read like a .docx never fail the file
  AcceptChanges(oDoc)
  ShapesToText(oDoc)
  AnchorFrames(oDoc)
  sargs(0).Name = "FilterName" : sargs(0).Value = "HTML (StarWriter)"
  sargs(1).Name = "FilterOptions" : sargs(1).Value = "SkipImages"
  oDoc.storeToURL(sOut, sargs())
  If WriteLabels(oDoc, sOut) Then oDoc.storeToURL(sOut, sargs())
  Goto Cleanup
Failed:
  sErr = "error " & Err & ": " & Error$
  Resume Cleanup
Cleanup:
  On Error Resume Next
  If Not IsNull(oDoc) Then oDoc.close(True)
  ConvertOne = sErr
End Function

Sub Run()
  Dim f As Integer, k As Long, sList As String, sIn As String, sOut As String, sLog As String, sRes As String
  sList = Environ("GONGKAI_LO_LIST")
  sLog = sList & ".log"
  On Error Goto Broken
  f = FreeFile
  Open sList For Input As #f
  k = 0
  Do While Not EOF(f)
    Line Input #f, sIn
    Line Input #f, sOut
    WriteLog(sLog, "start " & k)
    sRes = ConvertOne(sIn, sOut)
    If sRes = "" Then
      WriteLog(sLog, "ok " & k)
    Else
      WriteLog(sLog, "fail " & k & " " & sRes)
    End If
    k = k + 1
  Loop
  Close #f
  WriteLog(sLog, "done")
  StarDesktop.terminate()
  Exit Sub
Broken:
  WriteLog(sLog, "broken " & Err & ": " & Error$)
  StarDesktop.terminate()
End Sub
"""
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_LIB_NS = 'xmlns:library="http://openoffice.org/2000/library"'


def soffice_path() -> str | None:
    """LibreOffice's launcher: ``$GONGKAI_SOFFICE`` if set, else ``soffice`` / ``libreoffice`` on the PATH."""
    own = os.environ.get("GONGKAI_SOFFICE")
    if own:
        return shutil.which(own)
    return shutil.which("soffice") or shutil.which("libreoffice")


def _install_info(exe: str) -> tuple[str | None, str | None]:
    """LibreOffice's version ("7.4") and build id, read from the installation next to ``exe``."""
    program = Path(os.path.realpath(exe)).parent
    version = build = None
    try:
        m = re.search(r"^ProductKey=\D*(\d+\.\d+)", (program / "bootstraprc").read_text(errors="replace"), re.M)
        version = m.group(1) if m else None
        m = re.search(r"^buildid=(.+)$", (program / "versionrc").read_text(errors="replace"), re.M)
        build = m.group(1).strip() if m else None
    except OSError:
        pass
    return version, build


def _install(profile: Path, exe: str) -> None:
    """Make ``profile`` usable: a first start that does no first-start work, and the macro library."""
    user = profile / "user"
    basic = user / "basic"
    lib = basic / _LIBRARY
    lib.mkdir(parents=True, exist_ok=True)
    registry = user / "registrymodifications.xcu"
    text = registry.read_text(encoding="utf-8", errors="replace") if registry.exists() else ""
    if "</oor:items>" not in text:
        text = (
            _XML_HEAD
            + '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"'
            + ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n</oor:items>\n'
        )
    if '"ooSetupLastVersion"' not in text:
        # what a first start records; without it every start repeats the first-start work (about a second)
        version, build = _install_info(exe)
        items = [
            ("/org.openoffice.Office.Common/Misc", "FirstRun", "false"),
            ("/org.openoffice.Setup/Office", "ooSetupInstCompleted", "true"),
            *([("/org.openoffice.Setup/Product", "ooSetupLastVersion", version)] if version else []),
            *([("/org.openoffice.Setup/Office", "LastCompatibilityCheckID", escape(build))] if build else []),
        ]
        missing = "".join(
            f'<item oor:path="{p}"><prop oor:name="{n}" oor:op="fuse"><value>{v}</value></prop></item>\n'
            for p, n, v in items
            if f'"{n}"' not in text
        )
        registry.write_text(text.replace("</oor:items>", missing + "</oor:items>"), encoding="utf-8")
    module = (
        _XML_HEAD
        + '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n'
        + f'<script:module xmlns:script="http://openoffice.org/2000/script" script:name="{_MODULE}"'
        + f' script:language="StarBasic">{escape(_BASIC)}</script:module>\n'
    )
    target = lib / f"{_MODULE}.xba"
    if not target.exists() or target.read_text(encoding="utf-8") != module:
        target.write_text(module, encoding="utf-8")
    (lib / "script.xlb").write_text(
        _XML_HEAD
        + '<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">\n'
        + f'<library:library {_LIB_NS} library:name="{_LIBRARY}" library:readonly="false"'
        + f' library:passwordprotected="false">\n <library:element library:name="{_MODULE}"/>\n</library:library>\n',
        encoding="utf-8",
    )
    entry = (
        f' <library:library library:name="{_LIBRARY}" xlink:href="$(USER)/basic/{_LIBRARY}/script.xlb/"'
        ' xlink:type="simple" library:link="false"/>\n'
    )
    index = basic / "script.xlc"
    text = index.read_text(encoding="utf-8") if index.exists() else ""
    if f'library:name="{_LIBRARY}"' not in text:
        if "</library:libraries>" not in text:
            text = (
                _XML_HEAD
                + '<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">\n'
                + f'<library:libraries {_LIB_NS} xmlns:xlink="http://www.w3.org/1999/xlink">\n</library:libraries>\n'
            )
        index.write_text(text.replace("</library:libraries>", entry + "</library:libraries>"), encoding="utf-8")


# -- running soffice ------------------------------------------------------------------------------

_profiles: dict[int, Path] = {}  # the profile of this process (keyed by pid: a forked child makes its own)
_profile_lock = threading.Lock()


def _own_profile() -> Path:
    pid = os.getpid()
    if pid not in _profiles:
        path = Path(tempfile.mkdtemp(prefix="gongkai-lo-profile-"))
        _profiles[pid] = path

        def cleanup() -> None:
            if os.getpid() == pid:
                shutil.rmtree(path, ignore_errors=True)

        atexit.register(cleanup)
    return _profiles[pid]


@dataclass(slots=True)
class _Outcome:
    """What one soffice run did: per index "ok" or a failure reason; ``stuck`` = the file it died on."""

    results: dict[int, str]
    stuck: int | None
    started: bool


def _run(exe: str, profile: Path, pairs: list[tuple[Path, Path]], work: Path) -> _Outcome:
    listing = work / f"list-{time.monotonic_ns()}.txt"
    log = Path(str(listing) + ".log")
    listing.write_text("".join(f"{src.as_uri()}\n{dst.as_uri()}\n" for src, dst in pairs), encoding="ascii")
    cmd = [
        exe,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        f"macro:///{_LIBRARY}.{_MODULE}.Run()",
    ]
    proc = subprocess.Popen(
        cmd,
        env={**os.environ, "GONGKAI_LO_LIST": listing.as_uri()},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: a hung soffice.bin is killed with its launcher
    )
    deadline = time.monotonic() + START_TIMEOUT
    seen = 0
    hung = False
    while proc.poll() is None:
        try:
            proc.wait(timeout=0.02)
            break
        except subprocess.TimeoutExpired:
            pass
        size = log.stat().st_size if log.exists() else 0
        if size != seen:  # progress: the clock restarts for the next file
            seen, deadline = size, time.monotonic() + FILE_TIMEOUT
        elif time.monotonic() > deadline:
            hung = True
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # the launcher is not reaped yet: the group is still ours
            proc.wait()
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []
    results: dict[int, str] = {}
    current: int | None = None
    done = False
    for line in lines:
        word, _, rest = line.partition(" ")
        number, _, reason = rest.partition(" ")
        if word == "start" and number.isdigit():
            current = int(number)
        elif word in ("ok", "fail") and number.isdigit():
            results[int(number)] = "ok" if word == "ok" else reason or NOT_CONVERTED
            current = None
        elif word == "done":
            done = True
    stuck = current if not done else None
    if stuck is not None:
        results[stuck] = (
            f"LibreOffice 转换超时（{FILE_TIMEOUT:.0f} 秒无进展）" if hung else "LibreOffice 转换此文件时崩溃"
        )
    return _Outcome(results, stuck, started=bool(lines))


def convert(files: Sequence[Path], outdir: Path, profile: Path | None = None) -> dict[Path, Path | str]:
    """Convert ``files`` to HTML in ``outdir`` with as few soffice runs as possible.

    Each input maps to its HTML file, or to the reason it could not be converted.  ``profile`` is a
    LibreOffice profile directory for this worker alone (made on first use); without it the process
    uses one of its own.
    """
    exe = soffice_path()
    if exe is None:
        raise UnsupportedFormat(str(files[0]) if files else None, INSTALL_HINT)
    if not files:
        return {}
    outdir.mkdir(parents=True, exist_ok=True)
    lock = _profile_lock if profile is None else contextlib.nullcontext()
    with lock, tempfile.TemporaryDirectory(prefix="gongkai-lo-") as tmp:
        work = Path(tmp)
        own = profile or _own_profile()
        _install(own, exe)
        pairs: list[tuple[Path, Path]] = []
        for k, src in enumerate(files):
            # LibreOffice reads every path through an ASCII link (the list is plain ASCII; names may be Chinese)
            suffix = Path(src).suffix.lower()
            if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
                suffix = ".doc"
            link = work / f"{k:05d}{suffix}"
            try:
                link.symlink_to(Path(src).resolve())
            except OSError:
                shutil.copyfile(src, link)
            pairs.append((link, outdir / f"{k:05d}.html"))
        results: dict[int, str] = {}
        todo = list(range(len(pairs)))
        retried = False
        while todo:
            outcome = _run(exe, own, [pairs[k] for k in todo], work)
            if not outcome.started and not retried:
                retried = True  # a fresh profile may restart LibreOffice on its first start: once more
                continue
            for i, reason in outcome.results.items():
                results[todo[i]] = reason
            rest = todo[outcome.stuck + 1 :] if outcome.stuck is not None else [k for k in todo if k not in results]
            if outcome.stuck is None and len(rest) == len(todo):  # no progress at all: give up on these
                for k in rest:
                    results[k] = "LibreOffice 未能运行转换" if not outcome.started else "LibreOffice 转换中断"
                break
            todo = rest  # after a crash or a hang, the batch goes on after the file that caused it
    out: dict[Path, Path | str] = {}
    for k, src in enumerate(files):
        reason, target = results.get(k, NOT_CONVERTED), pairs[k][1]
        if reason != "ok":
            out[Path(src)] = reason
        else:
            out[Path(src)] = target if target.exists() else NOT_CONVERTED
    return out


# -- reading the converted page -------------------------------------------------------------------

_BLOCKS = frozenset(["p", "div", "table", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "center", "pre"])
_PARAGRAPHS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li")
_NOTES = ("sdfootnote", "sdendnote")  # the ids of the notes' bodies at the end of the page


def _strip_office_chrome(body: Any) -> None:
    """Headers, footers and notes out; text boxes after the paragraph that anchors them (comments are
    HTML comments, which the parser drops)."""
    for el in list(body.iter("div", "a")):
        if el.tag == "div":
            chrome = el.get("title") in ("header", "footer") or (el.get("id") or "").startswith(_NOTES)
        else:
            chrome = el.get("class") in ("sdfootnoteanc", "sdendnoteanc")  # the note's mark in the text
        if chrome:
            drop_element(el)
    # a frame (text box) is written inside the paragraph that anchors it, as an element holding blocks
    for frame in list(body.iter("span", "div")):
        if not any(child.tag in _BLOCKS for child in frame):
            continue
        outer = None  # the outermost paragraph holding the frame, within its table cell
        for a in frame.iterancestors():
            if a.tag in ("td", "th", "body"):
                break
            if a.tag in _PARAGRAPHS:
                outer = a
        if outer is not None:
            drop_element(frame)  # out of the paragraph, leaving the text that follows it in place
            frame.tail = None
            outer.addnext(frame)


def _width(rows: list[list[Cell]]) -> int:
    return max((c.col + 1 for row in rows for c in row), default=0)


def _join_split_tables(doc: Document) -> None:
    """Two tables with nothing but empty paragraphs between them and the same width are one table."""
    blocks: list[Any] = []
    index = 0
    for block in doc.blocks:
        if not isinstance(block, Table):
            blocks.append(block)
            continue
        prev = blocks[-1] if blocks else None
        rows = block.rows
        if isinstance(prev, Table) and _width(prev.rows) == _width(rows):
            if rows and [c.text for c in rows[0]] == [c.text for c in prev.rows[0]]:
                rows = rows[1:]  # the header row repeated after the page break
            offset = len(prev.rows)
            table = prev.source.table
            for i, row in enumerate(rows):
                for c in row:
                    c.row = offset + i
                    c.source = Source(c.source.file, table=table, row=c.row, col=c.col)
                prev.rows.append(row)
            continue
        if block.source.table != index:
            block.source = Source(block.source.file, table=index)
            for row in block.rows:
                for c in row:
                    c.source = Source(c.source.file, table=index, row=c.row, col=c.col)
        blocks.append(block)
        index += 1
    doc.blocks = blocks


def read_converted(html: Path, path: str | None) -> Document:
    """The document of a page written by ``convert``, read as the DOCX reader reads a .docx."""
    if html.stat().st_size > MAX_HTML_BYTES:
        raise TooLarge(path, f"文档过大（转换后超过 {MAX_HTML_BYTES >> 20} MiB）")
    root = parse_html(decode_html(html.read_bytes(), path), path)
    body = root.find("body")
    if body is not None:
        _strip_office_chrome(body)
    doc = document_from_tree(root, path)
    _join_split_tables(doc)
    doc.layout = "doc"
    doc.meta = {}  # the page's <meta> are LibreOffice's, not the report's
    return doc


def read_ole_files(files: Sequence[Path], profile: Path | None = None) -> dict[Path, Document | ReadError]:
    """Read many .doc/.wps files with one LibreOffice run: each maps to its ``Document`` or its error."""
    out: dict[Path, Document | ReadError] = {}
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        for src, result in convert(files, Path(tmp), profile).items():
            if isinstance(result, str):
                out[src] = CorruptInput(str(src), result if result.startswith("LibreOffice") else NOT_CONVERTED)
                continue
            try:
                out[src] = read_converted(result, str(src))
            except ReadError as exc:
                out[src] = exc
    return out


def read_ole(data: bytes, path: str | None = None) -> Document:
    """Read a .doc/.wps (OLE compound file) by converting it with LibreOffice first."""
    if _ENCRYPTED_PACKAGE in data:
        raise UnsupportedFormat(path, "Word 文件已加密（需要密码才能打开），无法读取；请提供未加密的版本")
    if soffice_path() is None:
        raise UnsupportedFormat(path, INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        result = convert([src], Path(tmp) / "out")[src]
        if isinstance(result, str):
            raise CorruptInput(path, result if result.startswith("LibreOffice") else NOT_CONVERTED)
        return read_converted(result, path)


__all__ = [
    "FILE_TIMEOUT",
    "INSTALL_HINT",
    "START_TIMEOUT",
    "convert",
    "read_converted",
    "read_ole",
    "read_ole_files",
    "soffice_path",
]
