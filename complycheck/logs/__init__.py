"""Complaint logs at scale: read housing-system exports (CSV, XLSX, JSON lines) into cases.

- :func:`read_log` streams a log as :class:`~complycheck.inputs.RawCase` values, one per
  case, in flat memory; layouts, mapping files, date rules and error reporting are
  described in ``docs/logs.md``.
- :func:`write_mapping_template` starts a mapping file for a wide export from its headers.

Modules, one job each: :mod:`.sources` (files → rows), :mod:`.streams` (logs read from a
stream, not a file), :mod:`.cells` (cells → values), :mod:`.fields` (which kind each
contract field is), :mod:`.mapping` (mapping files and default header spellings),
:mod:`.wide` and :mod:`.long` (rows → cases), :mod:`.coverage` (steps a mapping leaves
out), :mod:`.template` (mapping templates), :mod:`.reader` (all of it). One case per id
is kept by :mod:`complycheck.ids`, across every input of a run.
"""

from __future__ import annotations

from .reader import Describe, Layout, LogNotes, Warn, read_log
from .sources import stdin_log
from .streams import LogStream
from .template import write_mapping_template

__all__ = [
    "Describe",
    "Layout",
    "LogNotes",
    "LogStream",
    "Warn",
    "read_log",
    "stdin_log",
    "write_mapping_template",
]
