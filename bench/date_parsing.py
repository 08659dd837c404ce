"""How fast writer reads the dates and times of postmortem timelines, beside two maintained
date parsers on the same strings.

    python bench/date_parsing.py [--repeat 200]

The strings are the timestamps of every timeline row in the shared postmortems
(``../shared/corpora``; a built-in list when it is absent), as writer's reader cuts them out.
For each parser the figures are its import time, the microseconds a string, and how many
strings it reads to the same date and time as writer (where the string has them).
``python-dateutil`` and ``dateparser`` are measured when installed and skipped otherwise; writer
depends on neither. Nothing here asserts; it prints figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPORA = ROOT.parent / "shared" / "corpora"
BUILT_IN = [
    "31st July 2018",
    "Monday 20. January 2020",
    "July 2 2025, 11:00 AM UTC",
    "May 28 2025, 11:30 AM UTC",
    "Wednesday 4 December 2019",
    "2021-06-03 9:00",
    "2022-02-02 1625",
    "15 May 2025",
    "September 18, 2018",
    "2019-12-04 00:30",
]


def corpus_strings() -> list[str]:
    """The timestamp text of every row of every shared postmortem, as the reader finds it."""
    from writer.checks.postmortem.incident import read_incident
    from writer.model.document import parse

    if not CORPORA.is_dir():
        return BUILT_IN
    paths = [
        *sorted((CORPORA / "dfds-postmortems").glob("PM*")),
        *sorted((CORPORA / "cncf-postmortems").rglob("*.md")),
        *sorted((CORPORA / "postmortems-wild").rglob("*.md")),
    ]
    found: list[str] = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        document = parse(text, str(path))
        for row in read_incident(document).rows:
            stamp = text[row.start : row.end].strip(" *_`[]|\\")
            if stamp and (row.date is not None or row.time is not None):
                found.append(stamp)
    return found or BUILT_IN


def writer_parser() -> Callable[[str], tuple[dt.date | None, dt.time | None]]:
    from writer.checks.postmortem.stamps import stamp_at

    def read(text: str) -> tuple[dt.date | None, dt.time | None]:
        stamp = stamp_at(text)
        if stamp is None:
            return None, None
        day = stamp.date.date if stamp.date and stamp.date.year_known else None
        return day, stamp.clock.time if stamp.clock else None

    return read


def dateutil_parser() -> Callable[[str], tuple[dt.date | None, dt.time | None]]:
    parser = importlib.import_module("dateutil.parser")

    def read(text: str) -> tuple[dt.date | None, dt.time | None]:
        try:
            value = parser.parse(text, fuzzy=True)
        except (ValueError, OverflowError):
            return None, None
        return value.date(), value.time().replace(tzinfo=None)

    return read


def dateparser_parser() -> Callable[[str], tuple[dt.date | None, dt.time | None]]:
    module = importlib.import_module("dateparser")

    def read(text: str) -> tuple[dt.date | None, dt.time | None]:
        value = module.parse(text)
        if value is None:
            return None, None
        return value.date(), value.time().replace(tzinfo=None)

    return read


def measure(
    name: str,
    factory: Callable[[], Callable[[str], object]],
    strings: list[str],
    repeat: int,
    reference: list[object] | None,
) -> list[object] | None:
    started = time.perf_counter()
    try:
        read = factory()
    except ImportError:
        print(f"{name:<12} not installed: skipped")
        return None
    imported = time.perf_counter() - started
    first = time.perf_counter()
    answers = [read(text) for text in strings]
    first_pass = time.perf_counter() - first
    rounds = max(1, repeat if name == "writer" else repeat // 20)
    started = time.perf_counter()
    for _ in range(rounds):
        for text in strings:
            read(text)
    per_call = (time.perf_counter() - started) / (rounds * len(strings)) * 1e6
    agree = ""
    if reference is not None:
        same = 0
        comparable = 0
        for mine, theirs in zip(reference, answers, strict=True):
            day, clock = mine  # type: ignore[misc]
            if day is None or clock is None:
                continue
            comparable += 1
            if theirs == mine:
                same += 1
        agree = f"  agrees with writer on {same} of {comparable} dated, timed strings"
    print(
        f"{name:<12} import {imported * 1000:7.1f} ms  first pass {first_pass * 1000:7.1f} ms  "
        f"{per_call:8.1f} us a string{agree}"
    )
    return answers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # dateutil warns about every zone it does not know
    strings = corpus_strings()
    print(f"{len(strings)} timestamps from timeline rows")
    reference = measure("writer", writer_parser, strings, args.repeat, None)
    measure("dateutil", dateutil_parser, strings, args.repeat, reference)
    measure("dateparser", dateparser_parser, strings, args.repeat, reference)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
