"""Merge per-Python ``pip freeze`` files into one constraints file.

A package pinned to the same version on every Python is written once; one that resolves
differently (or only on some Pythons) is written per Python with a ``python_version`` marker,
so each interpreter CI runs on gets exactly the versions it was tested with.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path


def _pins(path: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, version = line.partition("==")
        if sep:
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def main(paths: list[str]) -> None:
    by_python = {Path(p).stem: _pins(Path(p)) for p in paths}
    versions: dict[str, dict[str, str]] = defaultdict(dict)
    for python, pins in by_python.items():
        for name, version in pins.items():
            versions[name][python] = version
    print("# The versions CI tests, resolved from pyproject.toml by scripts/refresh-constraints.")
    print("# pyproject.toml keeps ranges for users; this file makes CI reproducible.")
    for name in sorted(versions):
        seen = versions[name]
        if len(seen) == len(by_python) and len(set(seen.values())) == 1:
            print(f"{name}=={next(iter(seen.values()))}")
            continue
        for python in sorted(seen):
            print(f'{name}=={seen[python]}; python_version == "{python}"')


if __name__ == "__main__":
    main(sys.argv[1:])
