"""The unit every reader yields: one case's raw mapping, or why it could not be read.

YAML/JSON case files and CSV/XLSX/JSONL logs all come out as a stream of ``RawCase``;
validation and checking happen downstream in one place (:mod:`complycheck.runner`), so a
case is located and reported the same way whatever file it came from, and a bad row still
yields exactly one result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import InputIssue

#: Where one part of a log case was read: its row (or line; 0 for the case's own row), and
#: the header as written of each field's column as ``(field, header)`` pairs. A field not
#: listed was read from the column headed with its own name (a long log lists only columns
#: headed otherwise).
Place = tuple[int, tuple[tuple[str, str], ...]]

#: Where a case read from a log was read, so that an error the case model finds at a
#: contract path (``events[2].compensation_gbp``) can name the row and column the user
#: can find instead: the word its places are counted in ("row", "line"), the case's own
#: row (a wide log's row), the places of the case's own fields (``landlord``, ``as_of``...),
#: and the place of each event, in the order of ``data["events"]``. It travels with each
#: case to the ``--jobs`` workers, so it is kept small: plain tuples, and a wide log's
#: places (all on row 0, the case's row) are shared by the rows of the same shape.
Origin = tuple[str, int, tuple[Place, ...], tuple[Place, ...]]


@dataclass(slots=True)  # not frozen: one per case, made by the reader and again in a worker
class RawCase:
    """One case as read: ``data`` in the contract's shape, or ``None`` with ``issues``.

    ``location`` says where in ``source`` it came from ("document 2", "row 14",
    "rows 3-9", "line 5"). Issues found while reading (an unreadable date in a log row,
    say) travel with the data so that validation can add its own and report them together.
    ``origin``, for a case read cleanly from a log, lets validation locate its errors by
    row and column; case files, whose places are the contract's paths, have none.
    ``passthrough``: the cells of a wide log's row that the mapping did not read (team,
    officer, tenure...) as ``(header, cell)``, carried unchanged to per-complaint outputs.
    """

    source: str
    location: str
    data: dict[str, Any] | None
    issues: tuple[InputIssue, ...] = ()
    origin: Origin | None = None
    passthrough: tuple[tuple[str, object], ...] = ()

    @property
    def case_id(self) -> str | None:
        """The case's id as text, if it was read with one.

        A case that could not be read may still have had its id read (a log row with a bad
        date, a second case with an id already used): its issues name it, and so does this,
        so that its error result says which case it is.
        """
        if self.data is None:
            return next((issue.case_id for issue in self.issues if issue.case_id), None)
        return id_text(self.data.get("id"))


def id_text(value: object) -> str | None:
    """A case's ``id`` as messages and the duplicate check name it, if it can be one.

    Only text or a whole number: anything else is refused by validation (``true``, ``1.5``
    or ``NaN`` written out would pass for ids, "True", "1.5", "nan"), and written out whole
    it could be enormous (a YAML alias bomb of a few hundred bytes is gigabytes as text).
    """
    if isinstance(value, str) and value != "":
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None
