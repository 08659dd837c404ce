"""How the command line speaks to a person outside a report: one ``writer: ...`` line each."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from writer.infra.terminal import printable


def say(message: str) -> None:
    """One line on standard error, for a problem that does not end the run (control
    characters from file names and documents written out, never sent to the terminal)."""
    print(f"writer: {printable(message)}", file=sys.stderr)


class _Printable:
    """Standard output for text a person reads, with control characters written out."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(printable(text, keep="\n\t"))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def printable_stdout() -> Iterator[None]:
    """Within the block, what is printed shows control characters from templates, style
    guides and file names as escapes instead of sending them to the terminal."""
    original = sys.stdout
    sys.stdout = _Printable(original)
    try:
        yield
    finally:
        sys.stdout = original
