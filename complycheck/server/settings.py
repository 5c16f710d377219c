"""What a running service allows: body size, cases per batch, time per request, its token.

``complycheck serve`` passes its options through the environment, because uvicorn starts
each ``--workers`` process afresh from an import string and only the environment reaches
them all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["ENVIRONMENT", "Settings"]

#: The environment variable behind each setting (the token's is also the documented way to
#: give a token without it showing in the process list).
ENVIRONMENT = {
    "max_body_bytes": "COMPLYCHECK_MAX_BODY_BYTES",
    "max_batch_cases": "COMPLYCHECK_MAX_BATCH_CASES",
    "time_limit_seconds": "COMPLYCHECK_TIME_LIMIT_SECONDS",
    "token": "COMPLYCHECK_TOKEN",
}


@dataclass(frozen=True, slots=True)
class Settings:
    """The limits of one service; every limit is named in the error that enforces it."""

    max_body_bytes: int = 50 * 1024 * 1024
    max_batch_cases: int = 10_000
    time_limit_seconds: float = 300.0
    token: str | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """The settings the environment gives, the defaults for the rest."""
        default = cls()

        def number(name: str, fallback: float) -> float:
            text = environ.get(ENVIRONMENT[name])
            return float(text) if text else fallback

        return cls(
            max_body_bytes=int(number("max_body_bytes", default.max_body_bytes)),
            max_batch_cases=int(number("max_batch_cases", default.max_batch_cases)),
            time_limit_seconds=number("time_limit_seconds", default.time_limit_seconds),
            token=environ.get(ENVIRONMENT["token"]) or None,
        )

    def environment(self) -> dict[str, str]:
        """These settings as the environment :meth:`from_environment` reads."""
        values = {
            "max_body_bytes": str(self.max_body_bytes),
            "max_batch_cases": str(self.max_batch_cases),
            "time_limit_seconds": str(self.time_limit_seconds),
            "token": self.token or "",
        }
        return {ENVIRONMENT[name]: text for name, text in values.items()}
