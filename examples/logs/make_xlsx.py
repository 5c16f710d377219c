"""Write complaints.xlsx from complaints-wide.csv, the way a housing system exports it.

Run from anywhere: ``python examples/logs/make_xlsx.py``. Full dd/mm/yyyy dates become
real Excel date cells (as a system export holds them); every other cell, including the
"Aug 2023", "18-Jan-23" and "Sent" the CSV holds as text, stays text. A second sheet shows
``--sheet``.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent


def _cell(text: str) -> object:
    try:
        return datetime.strptime(text, "%d/%m/%Y")
    except ValueError:
        return text or None


def main() -> None:
    with (HERE / "complaints-wide.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Complaints"
    sheet.append(rows[0])
    for row in rows[1:]:
        sheet.append([_cell(text) for text in row])
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy"
    about = workbook.create_sheet("About")
    about.append(["Example export for complycheck; the cases are on the Complaints sheet."])
    workbook.properties.creator = "complycheck examples"
    workbook.save(HERE / "complaints.xlsx")


if __name__ == "__main__":
    main()
