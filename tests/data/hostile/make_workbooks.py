"""Write the hostile corpus's binary files: damaged, oversized and encrypted workbooks.

Run from the repository root to regenerate them (the output is the same every time):

    .venv/bin/python tests/data/hostile/make_workbooks.py

Each starts as a small valid long log written by openpyxl, whose parts are then altered
the way a damaged or malicious file would have them. They are kept small: the zip bomb is
a few kilobytes that would expand past the size a part may reach.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference

HERE = Path(__file__).resolve().parent
SHEET = "xl/worksheets/sheet1.xml"
_FIXED_TIME = datetime(2024, 1, 1)
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def base_workbook() -> dict[str, bytes]:
    """The parts of a valid two-row long log, by name."""
    workbook = openpyxl.Workbook()
    workbook.properties.created = workbook.properties.modified = _FIXED_TIME
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["case_id", "date", "type", "stage"])
    sheet.append(["A", "2024-06-03", "complaint_received", None])
    sheet.append(["A", "2024-06-10", "stage_response", 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    """The parts as a zip, the same bytes every time (openpyxl stamps the time it saved)."""
    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = re.sub(
            rb"(<dcterms:modified[^>]*>)[^<]*",
            rb"\g<1>2024-01-01T00:00:00Z",
            parts["docProps/core.xml"],
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def altered_sheet(old: bytes, new: bytes) -> Callable[[], bytes]:
    def make() -> bytes:
        parts = base_workbook()
        assert old in parts[SHEET], old
        parts[SHEET] = parts[SHEET].replace(old, new)
        return zipped(parts)

    return make


def zip_bomb() -> bytes:
    """A sheet padded with whitespace: some 10 KB that would expand to 8 MB, 800 to 1."""
    parts = base_workbook()
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", b" " * (8 * 1024**2) + b"</sheetData>")
    return zipped(parts)


def truncated_sheet() -> bytes:
    parts = base_workbook()
    parts[SHEET] = parts[SHEET][: len(parts[SHEET]) // 2]
    return zipped(parts)


def entities() -> bytes:
    """A sheet declaring an entity (the start of a "billion laughs")."""
    parts = base_workbook()
    declaration = b'<!DOCTYPE worksheet [<!ENTITY lol "lol">]>'
    parts[SHEET] = declaration + parts[SHEET].replace(b"<t>A</t>", b"<t>&lol;</t>", 1)
    return zipped(parts)


def entities_after_a_comment() -> bytes:
    """The same, the declaration past a comment longer than the start of a part checked."""
    parts = base_workbook()
    declaration = b"<!--" + b" " * (80 * 1024) + b'--><!DOCTYPE worksheet [<!ENTITY lol "lol">]>'
    parts[SHEET] = declaration + parts[SHEET].replace(b"<t>A</t>", b"<t>&lol;</t>", 1)
    return zipped(parts)


def no_worksheet() -> bytes:
    """A workbook whose list of sheets is empty."""
    parts = base_workbook()
    parts["xl/workbook.xml"] = re.sub(rb"<sheet [^>]*/>", b"", parts["xl/workbook.xml"])
    return zipped(parts)


def chart_sheet() -> bytes:
    """A worksheet and a chart sheet (named "Chart") charting it: read with --sheet Chart."""
    workbook = openpyxl.Workbook()
    workbook.properties.created = workbook.properties.modified = _FIXED_TIME
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["case_id", "date", "type"])
    sheet.append(["A", "2024-06-03", "complaint_received"])
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=1, min_row=1, max_row=2))
    workbook.create_chartsheet("Chart").add_chart(chart)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return zipped({name: archive.read(name) for name in archive.namelist()})


def damaged_zip() -> bytes:
    """A byte flipped in the middle of the sheet's compressed data."""
    data = bytearray(zipped(base_workbook()))
    start = data.index(SHEET.encode()) + len(SHEET) + 40
    data[start] ^= 0xFF
    return bytes(data)


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file holding ``streams`` (each padded to 4096 bytes, so all
    live in regular sectors): what Excel saves a password-protected workbook as."""
    sector = 512
    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    data: list[bytes] = []
    fat = [fat_sector, end]  # sector 0: the FAT; sector 1: the directory
    starts: list[int] = []
    for content in streams.values():
        padded = content.ljust(4096, b"\0")
        count = len(padded) // sector
        first = len(fat)
        starts.append(first)
        fat += [*range(first + 1, first + count), end]
        data.append(padded)
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", no_stream, right, child)
            + b"\0" * 16  # CLSID
            + b"\0" * 4  # state bits
            + b"\0" * 16  # times
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, no_stream, 1, end, 0)
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else no_stream
        size = len(streams[name].ljust(4096, b"\0"))
        directory += entry(name, 2, right, no_stream, starts[index], size)
    while len(directory) < sector:
        directory += entry("", 0, no_stream, no_stream, 0, 0)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(data)


def encrypted() -> bytes:
    # the streams' contents do not matter to a reader that stops at the container
    return compound_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x01"})


def old_xls() -> bytes:
    return compound_file({"Workbook": b"\x09\x08"})


WORKBOOKS: dict[str, Callable[[], bytes]] = {
    "zip-bomb.xlsx": zip_bomb,
    "bad-cell-reference.xlsx": altered_sheet(b'r="B2"', b'r="2B"'),
    "text-in-a-number-cell.xlsx": altered_sheet(b"<v>1</v>", b"<v>one</v>"),
    "shared-text-out-of-range.xlsx": altered_sheet(
        b'<c r="A3" t="inlineStr"><is><t>A</t></is></c>', b'<c r="A3" t="s"><v>99</v></c>'
    ),
    "truncated-sheet.xlsx": truncated_sheet,
    "entities.xlsx": entities,
    "entities-after-a-comment.xlsx": entities_after_a_comment,
    "no-worksheet.xlsx": no_worksheet,
    "chart-sheet.xlsx": chart_sheet,
    "row-beyond-excel.xlsx": altered_sheet(b'<row r="3">', b'<row r="2000000">'),
    "column-beyond-excel.xlsx": altered_sheet(b'r="D3"', b'r="XFE3"'),
    "damaged-zip.xlsx": damaged_zip,
    "encrypted.xlsx": encrypted,
    "xls-named-xlsx.xlsx": old_xls,
    "not-a-zip.xlsx": lambda: b"case_id,date,type\nA,2024-06-03,complaint_received\n",
}


def main() -> None:
    for name, make in WORKBOOKS.items():
        (HERE / name).write_bytes(make())


if __name__ == "__main__":
    main()
