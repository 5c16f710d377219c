"""``complycheck serve``: the HTTP service, for housing systems that are not Python.

The command lives in the core CLI so that it is always listed, but the service itself
needs the ``server`` extra; without it the command says how to install it (exit 2)
rather than failing on an import.
"""

from __future__ import annotations

import importlib.util
import os

import click

__all__ = ["serve"]

_SERVER_MODULES = ("fastapi", "uvicorn", "python_multipart")
_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@click.command(short_help="Run the HTTP service.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="Port."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes.",
)
@click.option(
    "--token",
    envvar="COMPLYCHECK_TOKEN",
    metavar="TOKEN",
    help="Require  Authorization: Bearer TOKEN  on every endpoint but /healthz "
    "(or set COMPLYCHECK_TOKEN, which keeps it out of the process list).",
)
@click.option(
    "--max-body-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=50.0,
    show_default=True,
    help="Largest request body (a log upload), in MB.",
)
@click.option(
    "--max-batch-cases",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Most cases in one /v1/check/batch request.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    help="Longest time one request may take, in seconds.",
)
def serve(
    host: str,
    port: int,
    workers: int,
    token: str | None,
    max_body_mb: float,
    max_batch_cases: int,
    time_limit: float,
) -> None:
    """Serve the checks over HTTP (see docs/service.md; the API is docs/openapi.json).

    \b
    Examples:
      complycheck serve
      COMPLYCHECK_TOKEN=s3cret complycheck serve --host 0.0.0.0 --workers 2
    """
    missing = [name for name in _SERVER_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        click.echo(
            "Error: the HTTP service needs the server extra, which is not installed "
            f"(missing: {', '.join(missing)}). Install it with:\n"
            "  pip install 'complycheck[server]'",
            err=True,
        )
        raise SystemExit(2)
    import uvicorn

    from .server.settings import Settings

    settings = Settings(
        max_body_bytes=int(max_body_mb * 1024 * 1024),
        max_batch_cases=max_batch_cases,
        time_limit_seconds=time_limit,
        token=token or None,
    )
    os.environ.update(settings.environment())
    if host not in _LOOPBACK and settings.token is None:
        click.echo(
            f"Warning: listening on {host} without a token: anyone who can reach this "
            "address can use the service. Give --token (or COMPLYCHECK_TOKEN).",
            err=True,
        )
    uvicorn.run(
        "complycheck.server.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        server_header=False,  # no software banner for a scanner to match against
    )
