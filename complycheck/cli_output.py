"""Where the command line writes results, and what happens when writing fails or a run is
stopped.

- ``-o FILE`` naming a regular file, or nothing yet, is written atomically: to a temporary
  file beside it, renamed over it only once the run has finished, so a run stopped by an
  error or a signal leaves FILE as it was. A symbolic link is followed and the file it
  points at is replaced; the link itself stays. Anything else (``/dev/stdout``, a named
  pipe, a device) is written straight to, as a shell's ``>`` would: renaming over it would
  put a regular file in its place.
- A stream that cannot be written (standard output closed or on a full disk, ``/dev/full``,
  a name the file system refuses) is one line, ``Error: cannot write ...``, and exit 2.
- SIGINT and SIGTERM stop a run: the temporary file is removed and the exit status is
  128 + the signal's number (130, 143), as a shell reports a program they killed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, TextIO, cast

import click

from .escapes import visible

__all__ = [
    "CliError",
    "Stopped",
    "guarded",
    "open_output",
    "quiet_exit",
    "stops_on_signals",
    "stream_failed",
]


class CliError(click.ClickException):
    """A library or input error: ``Error: ...`` on stderr and exit 2, like a usage error.

    click's default of 1 would read as "a case was found wanting" to a CI pipeline.
    """

    exit_code = 2

    def format_message(self) -> str:
        return visible(self.message)  # it may quote a case id or a file name


class Stopped(BaseException):
    """SIGINT or SIGTERM arrived: unwinds the run like KeyboardInterrupt, for either."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


@contextlib.contextmanager
def stops_on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise :class:`Stopped` (handlers restored after)."""

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise Stopped(signum)

    caught = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, stop) for signum in caught}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def stream_failed(name: str, exc: OSError) -> NoReturn:
    """A write to ``name`` failed: say so in one line (exit 2).

    A failed write to standard output leaves its buffer full, and the interpreter would try
    again on the way out and report that too; standard output goes to the null device first.
    """
    if name == "standard output":
        _quieten(sys.stdout)
    raise CliError(f"cannot write {name}: {exc.strerror or exc}") from None


def _quieten(stream: TextIO | None) -> None:
    """Point the file descriptor under ``stream`` at the null device (when it has one)."""
    try:
        descriptor = stream.fileno() if stream is not None else -1
    except (OSError, ValueError, AttributeError):
        return  # a stream with no descriptor (a test runner's buffer) has nothing to flush
    if descriptor >= 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, descriptor)
        os.close(null)


class _Guarded:
    """A text stream whose failed writes become :func:`stream_failed` (a broken pipe, the
    reader going away, is left to the caller, which stops quietly)."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self._stream = stream
        self._name = name

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            stream_failed(self._name, exc)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            stream_failed(self._name, exc)

    def write_bytes(self, data: bytes) -> None:
        """Write encoded text straight to the bytes under the stream, after what was
        written to it as text (see :func:`~complycheck.render.common.write_utf8`)."""
        try:
            self._stream.flush()
            self._stream.buffer.write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            stream_failed(self._name, exc)

    def __getattr__(self, name: str) -> Any:  # isatty, encoding, ...: the stream's own
        return getattr(self._stream, name)


def guarded(stream: TextIO, name: str) -> TextIO:
    return cast(TextIO, _Guarded(stream, name))


@contextlib.contextmanager
def open_output(output: str | None) -> Iterator[TextIO]:
    """Standard output (``None`` or ``-``), or ``output`` as the module docstring says."""
    if output in (None, "-"):
        if sys.stdout is None:
            raise CliError("cannot write standard output: it is closed")
        stream = guarded(sys.stdout, "standard output")
        yield stream
        stream.flush()  # a full disk is found here, not by the interpreter on its way out
        return
    try:
        found = os.stat(output)  # through a symbolic link, to what it points at
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise CliError(f"cannot write {output}: it is a directory")
    if found is not None and not stat.S_ISREG(found.st_mode):
        with _straight_to(output) as stream:
            yield stream
        return
    with _replacing(output, found) as stream:
        yield stream


@contextlib.contextmanager
def _straight_to(output: str) -> Iterator[TextIO]:
    """Write to a device or pipe as it is: there is nothing to rename over."""
    try:
        raw = open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from None
    try:
        yield guarded(raw, output)
        raw.flush()
    except BrokenPipeError:
        raise  # a pipe's reader went away: the caller stops quietly
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            raw.close()


@contextlib.contextmanager
def _replacing(output: str, found: os.stat_result | None) -> Iterator[TextIO]:
    """Write a temporary file beside the real target, and rename it over the target at the
    end; on any failure or signal, remove it. The temporary name is short, so a target
    whose own name is as long as the file system allows still has room beside it."""
    target = Path(os.path.realpath(output))
    # A signal between creating the file and entering the block that removes it would leave
    # the file behind: hold SIGINT and SIGTERM until the block is entered.
    held = _hold_stop_signals()
    try:
        handle, temporary = tempfile.mkstemp(prefix=".complycheck-", dir=target.parent)
    except OSError as exc:
        _release(held)
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from None
    try:
        _release(held)  # a signal held meanwhile is raised here, inside the block
        with open(handle, "w", encoding="utf-8", newline="") as raw:
            try:
                yield guarded(raw, output)
                raw.flush()
            except OSError as exc:
                stream_failed(output, exc)
        os.chmod(temporary, _mode(found))
        os.replace(temporary, target)
    except OSError as exc:
        os.unlink(temporary)
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from None
    except BaseException:
        os.unlink(temporary)
        raise


def _hold_stop_signals() -> set[int | signal.Signals] | None:
    """Block SIGINT and SIGTERM (where the platform can), returning the mask to restore."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})


def _release(held: set[int | signal.Signals] | None) -> None:
    """Restore the signal mask :func:`_hold_stop_signals` saved; held signals arrive now."""
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _mode(found: os.stat_result | None) -> int:
    """The replaced file's permissions, or a new file's (mkstemp's 0600 would hide a report
    others are meant to read)."""
    if found is not None:
        return stat.S_IMODE(found.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def quiet_exit(code: int) -> NoReturn:
    """Exit with ``code`` when even standard error cannot be written: both standard
    streams go to the null device so the interpreter's last flush cannot fail again."""
    for stream in (sys.stdout, sys.stderr):
        _quieten(stream)
    sys.exit(code)
