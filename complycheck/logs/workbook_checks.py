"""What makes an ``.xlsx`` file unreadable, found before openpyxl parses it or said plainly
when its parsers fail.

An ``.xlsx`` is a zip archive of XML parts, and a log comes from whoever sent it, so the
file is checked before anything is parsed:

- a file that is an OLE2 compound document is not a zip at all: a password-protected
  (encrypted) workbook is one, and so is an old ``.xls`` renamed, and each is named so;
- the parts may expand to no more than :data:`LARGEST_EXPANDED` bytes in all, and a part
  of more than :data:`RATIO_FLOOR` bytes to no more than :data:`LARGEST_RATIO` times its
  compressed size. Real sheets compress about ten to one; a "zip bomb" of whitespace
  expands a thousand to one, and a 1 MB file would take gigabytes and minutes to parse.
  Python's zipfile stops a part at its recorded size, so the recorded sizes are a bound.

- no XML part may declare a document type (``<!DOCTYPE``), which is where entities are
  declared ("billion laughs", external files): no spreadsheet writes one. Only the start
  of each part is read for this, up to its first element. Entities that slip past (a
  declaration after a long comment) are still refused by defusedxml, which openpyxl parses
  with once installed (a dependency for that reason).

Whatever else openpyxl's parsers meet in a damaged file (a cell reference that is no
reference, text in a number cell, shared text that is not there, a part cut short)
becomes one reason in words, never a traceback.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

__all__ = [
    "EXCEL_COLUMNS",
    "EXCEL_ROWS",
    "LARGEST_EXPANDED",
    "LARGEST_RATIO",
    "RATIO_FLOOR",
    "UnreadableWorkbook",
    "cell_problem",
    "check_archive",
    "reason",
]

#: Excel's last row and column (XFD): a workbook with cells beyond them was not saved by
#: a spreadsheet, and row numbers beyond them would be wrong in every location.
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
#: The most the parts of a workbook may expand to, in all: some 2 GB, several times a
#: million-row log.
LARGEST_EXPANDED = 2 * 1024**3
#: The most a part may expand per byte compressed, once it is over :data:`RATIO_FLOOR`.
LARGEST_RATIO = 200
RATIO_FLOOR = 1024**2

_OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
#: The stream an encrypted Office file keeps its package in, as its directory names it.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_LONGEST_REASON = 200
#: the start of the first element of an XML part, or of a document type declaration
_FIRST_MARKUP = re.compile(rb"<(!DOCTYPE|[A-Za-z_])")
_PROLOG_CHUNK = 4096
_LONGEST_PROLOG = 64 * 1024


class UnreadableWorkbook(Exception):
    """The workbook cannot be read; ``reason`` says why, in words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_archive(path: Path | BinaryIO) -> None:
    """Raise :class:`UnreadableWorkbook` unless ``path`` (a file, or a seekable stream such
    as an upload held in memory, left at its start) is a zip whose parts may be read."""
    if isinstance(path, Path):
        with path.open("rb") as file:
            head = file.read(len(_OLE2_MAGIC))
    else:
        head = path.read(len(_OLE2_MAGIC))
        path.seek(0)
    if head == _OLE2_MAGIC:
        whole = path.read_bytes() if isinstance(path, Path) else path.read()
        if _ENCRYPTED_STREAM in whole:
            raise UnreadableWorkbook(
                "it is password-protected (encrypted), so its cells cannot be read: save a "
                "copy without the password (File > Info > Protect Workbook in Excel)"
            )
        raise UnreadableWorkbook(
            "it is an old-style .xls workbook (or another Office file) named .xlsx: save it "
            "as .xlsx or CSV"
        )
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise UnreadableWorkbook("it is not a zip archive, as every .xlsx file is") from None
    with archive:
        total = 0
        for part in archive.infolist():
            total += part.file_size
            if part.file_size > RATIO_FLOOR and part.file_size > LARGEST_RATIO * max(
                part.compress_size, 1
            ):
                raise UnreadableWorkbook(
                    f"its part {part.filename} would expand to {_megabytes(part.file_size)} "
                    f"from {_megabytes(part.compress_size)}, more than {LARGEST_RATIO} times "
                    "over, as no spreadsheet writes (a zip bomb)"
                )
            if part.filename.endswith((".xml", ".rels")) and _declares_doctype(archive, part):
                raise UnreadableWorkbook(
                    f"its part {part.filename} declares a document type (<!DOCTYPE>), as no "
                    "spreadsheet writes: it may declare XML entities"
                )
        if total > LARGEST_EXPANDED:
            raise UnreadableWorkbook(
                f"its parts would expand to {_megabytes(total)}, more than the "
                f"{_megabytes(LARGEST_EXPANDED)} complycheck reads from one workbook"
            )
    if not isinstance(path, Path):
        path.seek(0)  # for the reader after this check


def _declares_doctype(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether ``part`` has a ``<!DOCTYPE`` before its first element (read that far only)."""
    seen = b""
    with archive.open(part) as stream:
        while len(seen) < _LONGEST_PROLOG:
            chunk = stream.read(_PROLOG_CHUNK)
            if not chunk:
                return False
            seen += chunk
            found = _FIRST_MARKUP.search(seen)
            if found is not None:
                return found[1] == b"!DOCTYPE"
    return False


def _megabytes(size: int) -> str:
    if size < 1024**2:
        return f"{size / 1024:,.1f} KB"
    return f"{size / 1024**2:,.1f} MB"


def reason(exc: BaseException) -> str:
    """What an error raised while openpyxl read a workbook says about the file.

    openpyxl wraps some errors in one of its own ("could not read worksheets"), so the
    chain of causes is searched for one that says more.
    """
    cause: BaseException | None = exc
    while cause is not None:
        found = _known_reason(cause)
        if found is not None:
            return found
        cause = cause.__cause__ or cause.__context__
    return f"its parts are not laid out as a workbook's are ({_short(str(exc))})"


def _known_reason(exc: BaseException) -> str | None:
    if isinstance(exc, UnreadableWorkbook):
        return exc.reason
    if type(exc).__name__ in ("DTDForbidden", "EntitiesForbidden", "ExternalReferenceForbidden"):
        return "a part of it declares XML entities, which no spreadsheet writes"
    if isinstance(exc, ParseError):
        return f"a part of it is not well-formed XML ({_short(str(exc))})"
    if isinstance(exc, (zipfile.BadZipFile, EOFError, zlib.error)):
        return f"its zip archive is damaged ({_short(str(exc))})"
    if isinstance(exc, KeyError):
        return f"a part it refers to is missing ({_short(str(exc))})"
    return None


def cell_problem(element: Any, exc: Exception, shared_strings: int) -> str:
    """Why the cell ``element`` of a sheet's XML could not be read (``exc``), in words."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import VALUE_TAG

    ref = element.get("r")
    value = element.findtext(VALUE_TAG)
    if ref is not None:
        try:
            coordinate_to_tuple(ref)
        except Exception:  # openpyxl raises ValueError or its own exception for a bad one
            return f"{_short(ref)!r} is not a cell reference"
    where = f"cell {ref}" if ref else "a cell"
    kind = element.get("t", "n")
    if kind == "s" and isinstance(exc, IndexError):
        return (
            f"{where} refers to shared text number {_short(str(value))}, but the workbook "
            f"holds {shared_strings}"
        )
    expected = {"n": "a number", "b": "0 or 1", "d": "an ISO date", "s": "a shared-text index"}
    return f"{where} holds {_short(str(value))!r} where it says it holds {expected.get(kind, kind)}"


def _short(text: str) -> str:
    return text if len(text) <= _LONGEST_REASON else text[: _LONGEST_REASON - 1] + "…"
