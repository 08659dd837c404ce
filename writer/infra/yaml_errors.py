"""One way to turn a PyYAML error into words and a line number for the user."""

from __future__ import annotations

from typing import Any


def yaml_problem(exc: Any) -> tuple[str, int | None]:
    """The problem a ``yaml.YAMLError`` describes, and its 1-based line when PyYAML knows it."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return str(problem), line
