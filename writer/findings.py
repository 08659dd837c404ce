"""Findings: the frozen values every check produces and every reporter reads."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How much a finding matters. Ordered, so ``>=`` compares seriousness."""

    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Parse ``error``/``warning``/``suggestion`` (Vale's names; ``info`` means suggestion)."""
        name = value.strip().lower()
        if name == "info":
            name = "suggestion"
        try:
            return cls[name.upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r}: use error, warning or suggestion"
            ) from None


SEVERITY_NAMES = ("error", "warning", "suggestion")


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` (offsets into ``Document.text``) with ``replacement``."""

    start: int
    end: int
    replacement: str
    # Filled in by the engine: where the edit starts, and the position just after its end.
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0


@dataclass(frozen=True)
class Fix:
    """A proposed change. Only ``safe`` fixes are applied by ``writer fix``."""

    description: str
    edits: tuple[Edit, ...]
    safe: bool = False


@dataclass(frozen=True)
class Position:
    """A 1-based line and column; columns count Unicode code points."""

    line: int
    column: int


@dataclass(frozen=True)
class Finding:
    """One problem at one place in one document."""

    rule: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int = 0
    end: int = 0
    fix: Fix | None = None
    section: str | None = None
    data: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def sort_key(self) -> tuple[int, int, str, int, int, str]:
        return (self.line, self.column, self.rule, self.end_line, self.end_column, self.message)

    def with_severity(self, severity: Severity) -> Finding:
        return dataclasses.replace(self, severity=severity)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Sort by position, then rule id, then message: the same input always sorts the same way."""
    unique = dict.fromkeys(findings)
    return sorted(unique, key=Finding.sort_key)


@dataclass(frozen=True)
class FileError:
    """A file that could not be checked, and why, in words a user can act on."""

    path: str
    message: str
    line: int | None = None


@dataclass(frozen=True)
class FileResult:
    """Everything writer found in one document."""

    path: str
    findings: tuple[Finding, ...]
    template: str | None = None
    stats: tuple[tuple[str, Any], ...] = ()
    notices: tuple[str, ...] = ()
    summary: str | None = None
    run_notices: tuple[str, ...] = ()  # notices about the run, shown once for all files
    fatal: bool = False  # a check the user required could not run
    # An older document under ``strict_since``: findings capped at warning, never failing a run.
    lenient: bool = False

    @property
    def stats_dict(self) -> dict[str, Any]:
        return dict(self.stats)


@dataclass(frozen=True)
class LintRun:
    """The outcome of one ``writer lint``: per-file results, files that failed, run notices."""

    results: tuple[FileResult, ...]
    errors: tuple[FileError, ...] = ()
    notices: tuple[str, ...] = ()
    fatal: bool = False

    @classmethod
    def collect(
        cls,
        results: Iterable[FileResult],
        errors: Iterable[FileError] = (),
        notices: Iterable[str] = (),
        fatal: bool = False,
    ) -> LintRun:
        """A run from per-file outcomes: run notices gathered once, in order, without repeats."""
        results = tuple(results)
        gathered = list(notices)
        for result in results:
            gathered.extend(result.run_notices)
            fatal = fatal or result.fatal
        return cls(results, tuple(errors), tuple(dict.fromkeys(gathered)), fatal)

    def findings(self) -> Iterable[tuple[FileResult, Finding]]:
        for result in self.results:
            for finding in result.findings:
                yield result, finding

    def count(self, at_least: Severity) -> int:
        return sum(1 for _, f in self.findings() if f.severity >= at_least)

    def failing(self, at_least: Severity) -> int:
        """Findings that fail the run: at or above ``at_least``, outside lenient documents."""
        return sum(
            1
            for result in self.results
            if not result.lenient
            for finding in result.findings
            if finding.severity >= at_least
        )
