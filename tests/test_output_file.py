"""Where results are written: ``-o`` replaces a regular file atomically and writes anything
else in place; a stream that cannot be written, or a run stopped by a signal, ends with one
line and a known exit status, never a traceback or a half-written file.

No test here points ``-o`` at a device: code that renames over its target, as complycheck
once did, would put a regular file in place of ``/dev/null`` for everyone on the machine
when the tests run as root. A named pipe in a temporary directory stands for anything that
is not a regular file.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "all-on-time-2024.yaml"


def complycheck(
    *args: str,
    preexec: Callable[[], None] | None = None,
    stdin: Any = subprocess.DEVNULL,
    stdout: Any = subprocess.PIPE,
    stderr: Any = subprocess.PIPE,
) -> subprocess.CompletedProcess[str]:
    """Run the command as a process, with its standard streams as given (None: inherited,
    for a stream the child closes itself in ``preexec``)."""
    return subprocess.run(
        [sys.executable, "-m", "complycheck", *args],
        text=True,
        preexec_fn=preexec,
        timeout=120,
        stdin=stdin,
        stdout=stdout,
        stderr=stderr,
    )


def leftovers(directory: Path) -> list[str]:
    return [name for name in os.listdir(directory) if name.startswith(".complycheck-")]


def test_a_symlink_stays_a_link_and_its_target_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", "utf-8")
    target.chmod(0o600)
    link = tmp_path / "latest.json"
    link.symlink_to(target.name)
    done = complycheck("check", str(CASE), "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == "report.json"
    assert json.loads(target.read_text("utf-8"))["summary"]["cases"] == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # a private report stays private
    assert leftovers(tmp_path) == []


def test_a_named_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "results.jsonl"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text("utf-8")))
    reader.start()
    done = complycheck("check", str(CASE), "-o", str(pipe), "--format", "jsonl")
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert json.loads(received[0].splitlines()[0])["case_id"] == "teach-all-on-time-2024"


def test_a_full_disk_is_one_line_and_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    def small_files() -> None:  # a file system that takes 100 bytes, then refuses
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))

    target = tmp_path / "report.json"
    target.write_text("old", "utf-8")
    done = complycheck("check", str(CASE), "-o", str(target), preexec=small_files)
    assert done.returncode == 2
    assert done.stderr == f"Error: cannot write {target}: File too large\n"
    assert target.read_text("utf-8") == "old"
    assert leftovers(tmp_path) == []


def test_a_name_the_file_system_refuses_is_one_line(tmp_path: Path) -> None:
    too_long = tmp_path / ("x" * 300 + ".json")
    done = complycheck("check", str(CASE), "-o", str(too_long))
    assert done.returncode == 2
    assert done.stderr == f"Error: cannot write {too_long}: File name too long\n"
    # the longest name allowed still has room for the temporary file beside it
    longest = tmp_path / ("y" * 250 + ".json")
    assert complycheck("check", str(CASE), "-o", str(longest)).returncode == 0
    assert json.loads(longest.read_text("utf-8"))["summary"]["cases"] == 1


def closed(descriptor: int) -> Callable[[], None]:
    return lambda: os.close(descriptor)


def test_a_closed_standard_output_is_one_line() -> None:
    done = complycheck("check", str(CASE), "--format", "json", preexec=closed(1), stdout=None)
    assert done.returncode == 2
    assert done.stderr == "Error: cannot write standard output: it is closed\n"


def test_a_full_standard_output_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        done = complycheck("check", str(CASE), "--format", "json", stdout=full)
    assert done.returncode == 2
    assert done.stderr == "Error: cannot write standard output: No space left on device\n"


@pytest.mark.parametrize("how", ["closed", "full"])
def test_a_standard_error_that_cannot_be_written_still_gives_exit_2(
    tmp_path: Path, how: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: B1\nevents: []\n", "utf-8")
    if how == "closed":
        done = complycheck("check", str(bad), preexec=closed(2), stderr=None)
    else:
        with open("/dev/full", "w") as full:
            done = complycheck("check", str(bad), stderr=full)
    assert done.returncode == 2
    assert json.loads(done.stdout)["summary"]["input_errors"] == 1


def test_a_closed_standard_input_is_an_input_error() -> None:
    done = complycheck("check", "-", "--format", "json", preexec=closed(0), stdin=None)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    [result] = json.loads(done.stdout)["results"]
    assert result["errors"][0]["message"] == "standard input is closed"


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_removes_the_temporary_file_and_exits_128_plus_its_number(
    tmp_path: Path, signum: int, status: int
) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "complycheck", "check", "-", "-o", str(target)],
        stdin=subprocess.PIPE,  # left open: the run waits for its input
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not leftovers(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftovers(tmp_path), "the run never opened its temporary file"
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == status
    name = signal.Signals(signum).name
    assert stderr == f"Stopped by {name}; {target} was left as it was.\n"
    assert target.read_text("utf-8") == "old"
    assert leftovers(tmp_path) == []
