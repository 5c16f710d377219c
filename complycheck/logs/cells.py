"""Read one spreadsheet cell into the value the case contract expects, or say why not.

Exports hold dates as ``2023-02-15``, ``15/02/2023``, ``15-Feb-23``, ``15 Feb 2023``, Excel
serial numbers (also when a CSV holds them as plain numbers) and datetimes; months alone as
``2023-08``, ``08/2023``, ``Aug-23`` or ``Aug 2023``; booleans as yes/no, y/n, true/false
or 1/0; money as ``£1,200.00``. Every reader here returns the contract's form (dates as ISO
text, ``YYYY-MM`` for a month) or raises :class:`CellError` with what is wrong and what
would be valid, so the caller can add the row and column.

Speed: a log of a million complaints has millions of date cells, so the common numeric
forms are matched by regular expression and only the rest go to ``dateutil``; and results
are cached per distinct text, since a log holds far fewer distinct dates than date cells.
``dateutil`` is made strict by parsing twice with two different defaults: any part of the
date it would have filled in from a default differs between the two, so "TBC", "Feb" or
"15 Feb" is an error instead of a guess, and a missing day means a month-only date.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from dateutil import parser as dateutil_parser

from ..dates import TIME_FORMS, TIME_OF_DAY, time_problem
from .fields import FieldKind

__all__ = [
    "BLANK",
    "BOOL_FORMS",
    "DATE_FORMS",
    "DEFAULT_VALUES",
    "VALUE_GROUPS",
    "WITHDRAWN",
    "CellError",
    "Converter",
    "DateReader",
    "UncachedFormula",
    "ValueMap",
    "clean",
    "converter_for",
    "normalise_choice",
    "read_bool",
    "read_id",
    "read_int",
    "read_number",
    "read_text",
    "read_text_cell",
    "value_key",
    "value_mapped",
]

DATE_FORMS = (
    "a date such as 2023-02-15, 15/02/2023, 15-Feb-23 or 15 Feb 2023, an Excel date, "
    "or a month such as 2023-08 or Aug 2023"
)
DAY_FORMS = "a day such as 2023-02-15, 15/02/2023, 15-Feb-23 or 15 Feb 2023 (not a month)"
BOOL_FORMS = "yes/no, y/n, true/false or 1/0 (blank if not known)"
NUMBER_FORMS = "an amount such as 100, 100.00, £1,200 or £1,200.50"
INT_FORMS = "a whole number such as 10"
ID_FORMS = "the complaint's reference: text, or a whole number"

#: Excel serial day numbers read as dates: 1954-10-03 to 2119-01-10 (in the 1900 system).
SERIAL_RANGE = (20000, 80000)
#: The day of serial 0 in Excel's usual "1900 date system" (allowing for its 1900 leap-year
#: bug): what a serial in a CSV means. A workbook saved in the "1904 date system" (Excel
#: for Mac before 2011, and any workbook with that option set) counts from 1904-01-01.
EXCEL_EPOCH = date(1899, 12, 30)

# Digits are ASCII only (re.ASCII): "\d" alone also matches "²" and "٣", which int() refuses.
# A four-digit year first means year-month-day in every order an export uses
# (2024/06/03, 2024-6-3, 2024.06.03): no system writes year-day-month.
_YEAR_FIRST_DAY = re.compile(r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})" + TIME_OF_DAY, re.ASCII)
_NUMERIC_DAY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})" + TIME_OF_DAY, re.ASCII)
_YEAR_FIRST_MONTH = re.compile(r"(\d{4})[/.-](\d{1,2})", re.ASCII)
_NUMERIC_MONTH = re.compile(r"(\d{1,2})/(\d{4})", re.ASCII)
_NAMED_MONTH = re.compile(r"([A-Za-z]{3,9})(?:\s+(\d{4})|-(\d{2}|\d{4}))", re.ASCII)
_YEAR_FIRST = re.compile(r"\d{4}\D", re.ASCII)
_SERIAL = re.compile(r"\d+(?:\.\d+)?", re.ASCII)
_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+", re.ASCII)
_WHOLE = re.compile(r"\d+", re.ASCII)
#: The longest text read as a whole number: far beyond any stage or count of days, and
#: short of the thousands of digits ``int`` refuses to read.
_LONGEST_WHOLE = 30

# Spelled out in English: calendar.month_name follows the process locale.
_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(_MONTH_NAMES, start=1):
    _MONTHS[_name] = _MONTHS[_name[:3]] = _number
_MONTHS["sept"] = 9

_BOOLS = {
    **dict.fromkeys(("yes", "y", "true", "t", "1"), True),
    **dict.fromkeys(("no", "n", "false", "f", "0"), False),
}
_CHOICE_ALIASES = {"partiallyupheld": "partlyupheld", "partupheld": "partlyupheld"}
_DEFAULTS = (datetime(1904, 1, 1), datetime(1908, 2, 2))


class CellError(ValueError):
    """A cell that cannot be read as its field's kind: what is wrong and what is valid."""

    def __init__(self, message: str, expected: str) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected


class UncachedFormula:
    """A workbook cell holding a formula whose result was never saved.

    A workbook written by a program and never opened and saved in Excel or LibreOffice has
    its formulas but not their results. Read as blank, a date formula (``=B2+10``) would say
    "this step did not happen" and could make a breach out of nothing, so the workbook
    reader gives this instead of ``None`` and every cell reader here refuses it: the case
    is reported, by row and column, rather than checked on a guess.
    """

    __slots__ = ("formula",)

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __str__(self) -> str:
        """The formula as written (``=B2+10``): the value an issue shows for the cell."""
        return self.formula

    def __repr__(self) -> str:
        return f"UncachedFormula({self.formula!r})"

    @property
    def problem(self) -> str:
        """What is wrong with the cell, and how to put it right."""
        shown = f" ({self.formula})" if self.formula != "=" else ""
        return (
            f"holds a formula{shown} with no saved value: open and save the workbook in "
            "Excel or LibreOffice so its values are stored, or export the values"
        )

    def error(self, expected: str) -> CellError:
        """The error a reader of a field expecting ``expected`` raises for this cell."""
        return CellError(self.problem, expected)


Converter = Callable[[object], object]


def clean(raw: object) -> object:
    """``None`` for a blank cell, stripped text for text, anything else as it is."""
    if isinstance(raw, str):
        text = raw.strip()
        return text or None
    return raw


class DateReader:
    """Reads date cells in one day/month order (``dayfirst``), caching by cell text.

    ``dayfirst`` decides ``03/04/2023`` (3 April when true, as UK exports write it; 4 March
    when false). A date that is impossible in the chosen order but possible in the other is
    an error naming the option to switch, not a silent swap: one export uses one order.
    ``epoch`` is the day of serial 0 in the file's date system (see :data:`EXCEL_EPOCH`).
    """

    def __init__(self, dayfirst: bool, epoch: date = EXCEL_EPOCH) -> None:
        self.dayfirst = dayfirst
        self.epoch = epoch
        #: :meth:`partial` of a cell known to hold text (a row reader's hot path calls it
        #: directly, saving a call per date cell)
        self.text: Callable[[str], str] = functools.lru_cache(maxsize=16384)(self._read_text)

    def partial(self, value: object) -> str:
        """A day as ``YYYY-MM-DD`` or a month as ``YYYY-MM`` (the contract's event dates)."""
        if isinstance(value, str):
            return self.text(value)
        return self._native(value)

    def day(self, value: object) -> str:
        """A day as ``YYYY-MM-DD``; a month alone is an error (due dates, closure days)."""
        text = self.partial(value)
        if len(text) == 7:
            raise CellError(f"{value!s} is a month; this column needs a day", DAY_FORMS)
        return text

    def _native(self, value: object) -> str:
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _serial(value, str(value), self.epoch)
        if isinstance(value, (time, timedelta)):
            raise CellError("a time of day, not a date", DATE_FORMS)
        if isinstance(value, UncachedFormula):
            raise value.error(DATE_FORMS)
        raise CellError(f"a {type(value).__name__}, not a date", DATE_FORMS)

    def _read_text(self, text: str) -> str:
        match = _YEAR_FIRST_DAY.fullmatch(text)
        if match:
            _check_time(match[5], text)
            return _make(int(match[1]), int(match[3]), int(match[4]), text)
        match = _NUMERIC_DAY.fullmatch(text)
        if match:
            _check_time(match[5], text)
            return self._numeric(text, int(match[1]), int(match[3]), _year(match[4]))
        match = _YEAR_FIRST_MONTH.fullmatch(text) or _NUMERIC_MONTH.fullmatch(text)
        if match:
            first, second = int(match[1]), int(match[2])
            year, month = (first, second) if len(match[1]) == 4 else (second, first)
            return _month(year, month, text)
        if _SERIAL.fullmatch(text):
            return _serial(float(text), text, self.epoch)
        match = _NAMED_MONTH.fullmatch(text)
        if match and match[1].lower() in _MONTHS:
            return _month(_year(match[2] or match[3]), _MONTHS[match[1].lower()], text)
        return self._fallback(text)

    def _numeric(self, text: str, first: int, second: int, year: int) -> str:
        day, month = (first, second) if self.dayfirst else (second, first)
        if 1 <= month <= 12:
            return _make(year, month, day, text)
        if _is_date(year, day, month):
            order, other, option = (
                ("day-first", "month-first", "--monthfirst")
                if self.dayfirst
                else ("month-first", "day-first", "--dayfirst")
            )
            raise CellError(
                f"{text!r} cannot be read {order}: there is no month {month}. It reads as a "
                f"{other} date; if this export writes dates {other}, read it with {option}",
                f"a {order} date (this log is being read {order})",
            )
        raise CellError(f"{text!r} is not a real date", DATE_FORMS)

    def _fallback(self, text: str) -> str:
        """Month names and other spellings, by dateutil, refusing anything it would guess."""
        dayfirst = self.dayfirst and not _YEAR_FIRST.match(text)  # no one writes y-d-m
        try:
            first, second = (
                dateutil_parser.parse(text, dayfirst=dayfirst, default=default)
                for default in _DEFAULTS
            )
        except (ValueError, OverflowError):
            raise CellError(f"{text!r} is not a date", DATE_FORMS) from None
        if first.year != second.year or first.month != second.month:
            missing = "year" if first.year != second.year else "month"
            raise CellError(f"{text!r} is not a full date: it has no {missing}", DATE_FORMS)
        if first.day != second.day:
            return f"{first.year:04d}-{first.month:02d}"
        return first.date().isoformat()


def _check_time(time_text: str | None, text: str) -> None:
    problem = time_problem(time_text)
    if problem is not None:
        raise CellError(f"{text!r}: {problem}", TIME_FORMS)


def _year(digits: str) -> int:
    """Two-digit years are this century's: complaint records start long after 2000."""
    return int(digits) + 2000 if len(digits) == 2 else int(digits)


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _make(year: int, month: int, day: int, text: str) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise CellError(f"{text!r} is not a real date", DATE_FORMS) from None


def _month(year: int, month: int, text: str) -> str:
    if not 1 <= month <= 12:
        raise CellError(f"{text!r} is not a real month", DATE_FORMS)
    return f"{year:04d}-{month:02d}"


def _serial(number: float, text: str, epoch: date) -> str:
    low, high = SERIAL_RANGE
    if not (math.isfinite(number) and low <= number <= high):
        raise CellError(
            f"{text} is a number outside the Excel date range ({low}-{high})", DATE_FORMS
        )
    return (epoch + timedelta(days=int(number))).isoformat()


def read_bool(value: object) -> bool:
    if isinstance(value, str):
        found = _BOOLS.get(value.lower())
        if found is not None:
            return found
    elif isinstance(value, bool):
        return value
    elif isinstance(value, (int, float)) and value in (0, 1):
        return value == 1
    elif isinstance(value, UncachedFormula):
        raise value.error(BOOL_FORMS)
    raise CellError(f"{value!r} is not a yes/no value", BOOL_FORMS)


def read_number(value: object) -> float:
    if isinstance(value, str):
        return _amount(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    if isinstance(value, UncachedFormula):
        raise value.error(NUMBER_FORMS)
    raise CellError(f"{value!r} is not an amount", NUMBER_FORMS)


@functools.lru_cache(maxsize=4096)
def _amount(value: str) -> float:
    """Amounts repeat as much as dates do ("£100", "0"), so they are cached too."""
    text = value.removeprefix("£").removesuffix("GBP").strip()
    if _NUMBER.fullmatch(text):
        number = float(text.replace(",", ""))
        if math.isfinite(number):
            return number
    raise CellError(f"{value!r} is not an amount", NUMBER_FORMS)


def read_int(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and len(value) <= _LONGEST_WHOLE:
        if _WHOLE.fullmatch(value):
            return int(value)
        if _NUMBER.fullmatch(value) and "," not in value and float(value).is_integer():
            return int(float(value))
    if isinstance(value, UncachedFormula):
        raise value.error(INT_FORMS)
    raise CellError(f"{value!r} is not a whole number", INT_FORMS)


def read_text(value: object) -> str:
    """Text as written; Excel numbers without a spurious ``.0`` (a reference 1234 is "1234")."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time():
        return value.date().isoformat()
    return str(value)


def read_text_cell(value: object) -> str:
    """A cell of a text field: as :func:`read_text`, but a JSON list or object is no text.

    Written out by ``str`` it would pass for one (``["england"]`` reads as the nation
    england, ``{"a": 1}`` as a handler), so a malformed JSON line would change a case; so
    would the text of a formula with no saved value.
    """
    if isinstance(value, (list, dict)):
        kind = "list" if isinstance(value, list) else "object"
        raise CellError(f"a JSON {kind}, not text", "text or a number")
    if isinstance(value, UncachedFormula):
        raise value.error("text or a number")
    return read_text(value)


def read_id(value: object) -> str:
    """A complaint reference: text, or a whole number as a spreadsheet or JSON holds one.

    ``true``, a fraction, ``NaN`` or infinity is no reference: written out by ``str`` they
    would pass for one ("True", "inf"), and two different bad ids would read as the same
    case. A date cell is refused too: a reference column formatted as dates has lost the
    references it held.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, dict, UncachedFormula)):
        read_text_cell(value)  # says why it is no text
    kind = "true/false" if isinstance(value, bool) else type(value).__name__
    if isinstance(value, float):
        kind = "number that is not a whole number"
    raise CellError(f"a {kind} ({read_text(value)!r}) is not a reference", ID_FORMS)


def normalise_choice(value: str) -> str:
    """Case, spaces and punctuation ignored: "Partly upheld" and "partly_upheld" agree."""
    key = re.sub(r"[^a-z0-9]", "", value.lower())
    return _CHOICE_ALIASES.get(key, key)


def _choice(choices: tuple[object, ...]) -> Converter:
    by_key = {normalise_choice(str(choice)): choice for choice in choices}
    listed = ", ".join(str(choice) for choice in choices)

    def read(value: object) -> object:
        found = by_key.get(normalise_choice(read_text_cell(value)))
        if found is None:
            raise CellError(f"{value!r} is not one of the allowed values", listed)
        return found

    return read


def _int_choice(choices: tuple[object, ...]) -> Converter:
    listed = " or ".join(str(choice) for choice in choices)

    def read(value: object) -> object:
        number = read_int(value)
        if number not in choices:
            raise CellError(f"{value!r} is not allowed here", listed)
        return number

    return read


def _split(value: object) -> list[object]:
    """A list cell: semicolon-separated text, or a list as JSON lines hold it."""
    if isinstance(value, list):
        return [item for item in value if clean(item) is not None]
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return [value]


def converter_for(kind: FieldKind, dates: DateReader) -> Converter:
    """The reader for one field, chosen once per column rather than per cell."""
    name = kind.name
    if name == "date":
        return dates.partial
    if name == "day":
        return dates.day
    if name == "days":
        return lambda value: [dates.day(clean(part)) for part in _split(value)]
    if name == "texts":
        return lambda value: [read_text_cell(part) for part in _split(value)]
    if name == "choice":
        return _choice(kind.choices)
    if name == "int":
        return _int_choice(kind.choices) if kind.choices else read_int
    readers: dict[str, Converter] = {
        "bool": read_bool,
        "number": read_number,
        "text": read_text_cell,
    }
    return readers[name]


# --- the value map: cells that are no value of their kind, but say something -----------


class _Marker:
    """What a mapped cell says when it is no value: blank, or "the complaint was withdrawn"."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: The cell says the step has no value (yet): read as a blank cell.
BLANK = _Marker("blank")
#: The cell says the complaint was withdrawn (at or before this step): no date of it.
WITHDRAWN = _Marker("withdrawn")

#: Which value map group a field kind reads from (text-like kinds share "text").
VALUE_GROUPS: dict[str, str] = {
    "date": "dates",
    "day": "dates",
    "days": "dates",
    "bool": "flags",
    "number": "amounts",
    "int": "numbers",
    "choice": "choices",
    "text": "text",
    "texts": "text",
}

_NOT_APPLICABLE = ("n/a", "na", "n.a.", "not applicable", "-", "--", "none given")
_NOT_YET = ("tbc", "tba", "to be confirmed", "pending", "awaiting", "not yet")

#: The default value map (docs/logs.md, "Cell values"): what exports write in a cell in
#: place of a value. Keys are compared after :func:`value_key` (case and runs of spaces
#: ignored). A mapping file's ``values:`` adds to it or overrides it, group by group.
DEFAULT_VALUES: dict[str, dict[str, object]] = {
    "dates": {
        **dict.fromkeys(_NOT_APPLICABLE + _NOT_YET, BLANK),
        "withdrawn": WITHDRAWN,
        "complaint withdrawn": WITHDRAWN,
    },
    "flags": dict.fromkeys((*_NOT_APPLICABLE, *_NOT_YET, "unknown", "not known"), BLANK),
    "amounts": {**dict.fromkeys(_NOT_APPLICABLE + _NOT_YET, BLANK), "nil": 0.0, "none": 0.0},
    "numbers": dict.fromkeys(_NOT_APPLICABLE + _NOT_YET, BLANK),
    "choices": {
        **dict.fromkeys(
            (*_NOT_APPLICABLE, *_NOT_YET, "open", "ongoing", "in progress", "under review"),
            BLANK,
        ),
        "withdrawn": WITHDRAWN,
    },
    "text": dict.fromkeys(_NOT_APPLICABLE + _NOT_YET, BLANK),
}


def value_key(text: str) -> str:
    """How a cell is looked up in a value map: lower case, runs of spaces as one."""
    return " ".join(text.lower().split())


class ValueMap:
    """The default value map with a mapping file's ``values:`` on top, by group."""

    __slots__ = ("groups",)

    def __init__(self, extra: dict[str, dict[str, object]] | None = None) -> None:
        self.groups: dict[str, dict[str, object]] = {
            group: dict(values) for group, values in DEFAULT_VALUES.items()
        }
        for group, values in (extra or {}).items():
            self.groups.setdefault(group, {}).update(
                {value_key(key): value for key, value in values.items()}
            )

    def group(self, kind: FieldKind) -> dict[str, object]:
        """The map a column of this kind reads (empty when nothing is mapped for it)."""
        return self.groups.get(VALUE_GROUPS[kind.name], {})


def value_mapped(kind: FieldKind, dates: DateReader, values: ValueMap) -> Converter:
    """The reader of a field of ``kind`` that looks a cell it refuses up in ``values``:
    it returns the value, or :data:`BLANK` or :data:`WITHDRAWN` for a cell that says so,
    and raises :class:`CellError` for a cell no map knows. A text cell is looked up first
    (``N/A`` is no officer's name). The wide reader does the same inline, per row."""
    read = converter_for(kind, dates)
    mapped = values.group(kind)
    if not mapped:
        return read
    is_text = kind.name in ("text", "texts")

    def read_mapped(raw: object) -> object:
        if is_text and isinstance(raw, str):
            meant = mapped.get(value_key(raw))
            return read(raw) if meant is None else meant
        try:
            return read(raw)
        except CellError:
            meant = mapped.get(value_key(raw)) if isinstance(raw, str) else None
            if meant is None:
                raise
            return meant if meant is BLANK or meant is WITHDRAWN else read(meant)

    return read_mapped
