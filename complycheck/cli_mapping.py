"""``complycheck mapping``: start a mapping file for a wide complaint export.

Registered on the main CLI group by :mod:`complycheck.cli`. Problems with the log (missing,
unreadable, no such sheet, a long log that needs no mapping) are printed located and exit
with status 2, like every input error.
"""

from __future__ import annotations

import io
from pathlib import Path

import click

from .cli_output import CliError, open_output
from .errors import InputError
from .escapes import visible

__all__ = ["mapping_group"]


@click.group(name="mapping")
def mapping_group() -> None:
    """Mapping files: which column of a wide export is which complaint step."""


@mapping_group.command("init")
@click.argument("log_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the mapping here instead of to standard output.",
)
@click.option("--sheet", help="Workbook sheet to read the headers from (default: the first).")
@click.option(
    "--header-row",
    type=click.IntRange(min=1),
    metavar="N",
    help="The row holding the column headers (default: found, skipping title rows).",
)
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def init(
    log_file: Path, output: Path | None, sheet: str | None, header_row: int | None, force: bool
) -> None:
    """Write a starting mapping for LOG_FILE from its header row.

    Headers the default mapping recognises are filled in; the rest are listed as comments
    to map or leave out. Edit it, then read the log with --mapping. When no column is
    recognised as the complaint reference, the mapping is still written, with an empty
    id to fill in, and the command says so and exits with status 2.
    """
    if output is not None and output.exists() and not force:
        raise click.UsageError(f"{output} exists; use --force to overwrite it")
    from .logs import write_mapping_template  # only here: --help must not load the readers

    text = io.StringIO()
    try:
        to_fix = write_mapping_template(log_file, text, sheet=sheet, header_row=header_row)
    except InputError as exc:
        for issue in exc.issues:
            click.echo(f"error: {visible(str(issue))}", err=True)
        raise SystemExit(2) from None
    if output is None:
        click.echo(text.getvalue(), nl=False)
    else:
        try:
            with open_output(str(output)) as stream:  # atomically, as check's --output
                stream.write(text.getvalue())
        except CliError as exc:
            click.echo(f"error: {exc.format_message()}", err=True)
            raise SystemExit(2) from None
        click.echo(f"wrote {output}", err=True)
    for problem in to_fix:
        click.echo(f"error: {problem}", err=True)
    if to_fix:
        raise SystemExit(2)
