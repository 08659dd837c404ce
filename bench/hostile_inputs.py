"""Hostile inputs: the shapes whose cost once grew faster than their size, timed whole.

Each case writes its input into a temporary folder, runs one ``writer`` command on it under GNU
time with a wall-clock cap, and prints the wall time, the peak resident memory and the exit
code. Nothing here asserts; it prints figures, side by side when ``--before`` names another
checkout of writer (its source folder, run with this interpreter) to compare with.

    python bench/hostile_inputs.py                       # every case
    python bench/hostile_inputs.py backticks-2000 glob   # cases whose name contains a word
    python bench/hostile_inputs.py --before /tmp/old-writer --cap 120

Run it niced on a shared machine (``nice -n 10``) and say so beside the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

POSTMORTEM = (
    "# Checkout outage\n\n## Summary\n\nCheckout failed for 31 minutes.\n\n"
    "## Timeline\n\n| time | event |\n|---|---|\n| 14:02 | alert fired |\n"
    "| 14:33 | rolled back |\n\n## Action items\n\n- Cap retries (@lee, OPS-1)\n"
)


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], list[str]]  # writes the input into a folder; returns the arguments
    stdin: str | None = None  # a file in the folder fed to standard input


def _write(folder: Path, name: str, text: str | bytes) -> str:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def _backticks(count: int) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        return ["lint", _write(folder, "ticks.md", "# T\n\nx " + "`" * count + "\n")]

    return make


def _backtick_lines(folder: Path) -> list[str]:
    body = "".join("x " + "`" * 200 + "\n\n" for _ in range(100))
    return ["lint", _write(folder, "ticks.md", "# T\n\n" + body)]


def _autolink(folder: Path) -> list[str]:
    return ["lint", _write(folder, "link.md", "# T\n\n<a@" + "." * 50_000 + "\n")]


def _timezone(count: int) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        text = f"---\ntemplate: postmortem\ntimezone: {'a' * count}\n---\n{POSTMORTEM}"
        return ["lint", _write(folder, "pm.md", text)]

    return make


def _headings(megabytes: float, limit: float | None = None) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        line = "# heading\n"
        text = line * int(megabytes * 1_000_000 / len(line))
        path = _write(folder, "headings.md", text)
        if limit is not None:
            _write(folder, ".writer.toml", f"[limits]\nmax_file_mb = {limit}\n")
        return ["lint", "--format", "json", path]

    return make


def _front_matter(folder: Path) -> list[str]:
    keys = "".join(f"key{n}: value {n}\n" for n in range(6_000))
    return ["lint", _write(folder, "fm.md", f"---\n{keys}---\n# T\n\nText.\n")]


def _stdin_fix(megabytes: float) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        line = "Some text that is fine.\n"
        _write(folder, "in.md", line * int(megabytes * 1_000_000 / len(line)))
        return ["fix", "-"]

    return make


def _zero_stdin(folder: Path) -> list[str]:
    with (folder / "in.md").open("wb") as out:
        out.truncate(1_000_000_000)  # a sparse file of zero bytes
    return ["fix", "-"]


def _many_fixes(folder: Path) -> list[str]:
    text = "# T\n\n" + "".join(f"We utilize the tool number {n}.\n\n" for n in range(12_000))
    return ["fix", _write(folder, "fix.md", text)]


def _folders(folder: Path, length: int) -> Path:
    """Folders named ``aaa...`` under ``folder`` that make a path of about ``length`` letters
    with a 100-letter file name (a file name alone has at most 255 bytes)."""
    while length > 300:
        folder = folder / ("a" * 200)
        length -= 201
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _vale_glob(length: int) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / "styles").mkdir()
        _write(
            folder,
            ".vale.ini",
            "StylesPath = styles\n[*a*a*a*a*a*a*a*a*a*a*b]\nBasedOnStyles = Vale\n",
        )
        doc = _write(_folders(folder, length), "a" * 100 + ".md", "# T\n\nText.\n")
        return ["lint", "--config", str(folder / ".vale.ini"), doc]

    return make


def _toml_glob(length: int) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        _write(folder, ".writer.toml", 'exclude = ["**/' + "*a" * 12 + '*b"]\n')
        doc = _write(folder, "a" * length + ".md", "# T\n\nText.\n")
        return ["lint", doc]

    return make


CASES = (
    Case("backticks-2000", _backticks(2_000)),
    Case("backticks-4000", _backticks(4_000)),
    Case("backticks-lines-20kb", _backtick_lines),
    Case("autolink-dots-50kb", _autolink),
    Case("timezone-1000", _timezone(1_000)),
    Case("timezone-4000", _timezone(4_000)),
    Case("timezone-100kb", _timezone(100_000)),
    Case("headings-4mb", _headings(4)),
    Case("headings-9.6mb", _headings(9.6)),
    Case("front-matter-100kb", _front_matter),
    Case("fix-stdin-13mb", _stdin_fix(13), stdin="in.md"),
    Case("fix-stdin-1gb-zeros", _zero_stdin, stdin="in.md"),
    Case("fix-12000-findings", _many_fixes),
    Case("glob-vale-30", _vale_glob(30)),
    Case("glob-vale-200", _vale_glob(200)),
    Case("glob-vale-1000", _vale_glob(1_000)),
    Case("glob-toml-200", _toml_glob(200)),
)


def run_case(case: Case, source: Path | None, cap: float) -> str:
    folder = Path(tempfile.mkdtemp(prefix="writer-hostile-"))
    try:
        argv = case.make(folder)
        env = dict(os.environ, XDG_CACHE_HOME=str(folder / ".cache"))
        env["XDG_CONFIG_HOME"] = str(folder / ".config")
        if source is not None:
            env["PYTHONPATH"] = str(source)
        rss = folder / ".rss"
        command = ["/usr/bin/time", "-q", "-f", "%M", "-o", str(rss)]
        command += [sys.executable, "-m", "writer", *argv]
        stdin = (folder / case.stdin).open("rb") if case.stdin else subprocess.DEVNULL
        start = time.perf_counter()
        try:
            done = subprocess.run(
                command,
                stdin=stdin,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                cwd=folder,
                env=env,
                timeout=cap,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return f"over {cap:.0f} s (stopped)"
        finally:
            if case.stdin:
                stdin.close()  # type: ignore[union-attr]
        seconds = time.perf_counter() - start
        lines = rss.read_text().strip().splitlines() if rss.exists() else []
        peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else 0.0
        return f"{seconds:7.2f} s {peak:7.0f} MB exit {done.returncode}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="run only cases whose name contains a word")
    parser.add_argument("--before", type=Path, help="another writer source folder to compare")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds before a run is stopped")
    args = parser.parse_args()
    cases = [c for c in CASES if not args.only or any(word in c.name for word in args.only)]
    header = f"{'case':<24} {'this checkout':<28}"
    if args.before:
        header += f" {'before':<28}"
    print(header)
    for case in cases:
        row = f"{case.name:<24} {run_case(case, ROOT, args.cap):<28}"
        if args.before:
            row += f" {run_case(case, args.before, args.cap):<28}"
        print(row, flush=True)


if __name__ == "__main__":
    main()
