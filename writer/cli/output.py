"""How the command line speaks to a person outside a report: one ``writer: ...`` line each."""

from __future__ import annotations

import sys


def say(message: str) -> None:
    """One line on standard error, for a problem that does not end the run."""
    print(f"writer: {message}", file=sys.stderr)
