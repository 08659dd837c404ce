"""Findings: the frozen values every check produces and every reporter reads."""

from __future__ import annotations

import dataclasses
import enum
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol


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


# How a document's template was chosen, surest first: named by the user ("configured"), proved by
# the document's own markers ("evidence", such as a KEP's kep.yaml), recognised from headings
# alone ("headings"), or none. Missing required sections are demanded only for the first two.
Certainty = Literal["configured", "evidence", "headings", "none"]


def unique_errors(errors: Iterable[FileError]) -> tuple[tuple[FileError, ...], int]:
    """Errors without repeats, and how many files they stood for.

    A broken config shared by many files is one error, not one per file: it is kept once, its
    message saying how many files were not checked because of it."""
    counts: dict[FileError, int] = {}
    for error in errors:
        counts[error] = counts.get(error, 0) + 1
    unique = tuple(
        error
        if count == 1
        else dataclasses.replace(error, message=f"{error.message} ({count:,} files not checked)")
        for error, count in counts.items()
    )
    return unique, sum(counts.values())


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
    # The text the findings point into (the document as parsed), so a report can quote it.
    text: str | None = field(default=None, compare=False, repr=False)
    # What kind of document it was taken for (postmortem, design, adr, or None), how sure,
    # why (one line of evidence each), how the template was chosen, and the decision in words.
    kind: str | None = None
    confidence: float = 0.0
    evidence: tuple[str, ...] = ()
    certainty: Certainty = "none"
    decided: str = ""
    # Which grammar backend checked the document ("harper", "off", or why none did); None when
    # the grammar check was not among the rules run.
    grammar: str | None = None
    # The result depends on more than the document and the settings (a time budget, a backend
    # that failed), so it is not kept in the result cache.
    volatile: bool = field(default=False, compare=False)

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
    unchecked_files: int | None = None  # files the errors stand for (None: one each)

    @property
    def unchecked(self) -> int:
        return len(self.errors) if self.unchecked_files is None else self.unchecked_files

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
        unique, unchecked = unique_errors(errors)
        return cls(results, unique, tuple(dict.fromkeys(gathered)), fatal, unchecked)

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


class StreamedRun:
    """A lint run reported while it happens, so that no result outlives its report.

    ``results`` yields each file's result once, as it is checked, and keeps none of them. What
    the end of a report and the exit code need is gathered on the way: files that could not be
    checked, notices (the run's, without repeats, and each file's with its path), whether a
    required check failed, and counts by severity. They are complete once ``results`` has been
    read to its end. :class:`LintRun` offers the same reading, held whole.
    """

    def __init__(
        self,
        outcomes: Iterable[FileResult | FileError],
        notices: Iterable[str] | Callable[[], Iterable[str]] = (),
    ) -> None:
        """``notices`` are the run's own, before those its files add; a function giving them
        is asked once ``outcomes`` has been read to its end (finding files can add some)."""
        self._outcomes = outcomes
        self._run_notices = notices
        self._notices: dict[str, None] = {}  # those the files add
        self._errors: list[FileError] = []  # as they came, repeats included
        self.file_notices: list[tuple[str, str]] = []  # (path, notice), in order
        self.fatal = False
        self.files = 0
        self.counts: Counter[Severity] = Counter()  # findings by severity
        self._failing: Counter[Severity] = Counter()  # the same outside lenient documents
        self._read = False

    @property
    def results(self) -> Iterator[FileResult]:
        if self._read:
            raise RuntimeError("a streamed run's results can be read only once")
        self._read = True
        return self._results()

    def _results(self) -> Iterator[FileResult]:
        for outcome in self._outcomes:
            if isinstance(outcome, FileError):
                self._errors.append(outcome)
                continue
            self._tally(outcome)
            yield outcome

    def _tally(self, result: FileResult) -> None:
        self.files += 1
        if result.findings:
            counts = Counter(finding.severity for finding in result.findings)
            self.counts.update(counts)
            if not result.lenient:
                self._failing.update(counts)
        self.file_notices.extend((result.path, notice) for notice in result.notices)
        self._notices.update(dict.fromkeys(result.run_notices))
        self.fatal = self.fatal or result.fatal

    @property
    def errors(self) -> tuple[FileError, ...]:
        """Files that could not be checked, each distinct error once."""
        return unique_errors(self._errors)[0]

    @property
    def unchecked(self) -> int:
        """How many files could not be checked."""
        return len(self._errors)

    @property
    def notices(self) -> tuple[str, ...]:
        own = self._run_notices() if callable(self._run_notices) else self._run_notices
        return tuple(dict.fromkeys([*own, *self._notices]))

    def count(self, at_least: Severity) -> int:
        return sum(n for severity, n in self.counts.items() if severity >= at_least)

    def failing(self, at_least: Severity) -> int:
        """Findings that fail the run: at or above ``at_least``, outside lenient documents."""
        return sum(n for severity, n in self._failing.items() if severity >= at_least)


class RunReport(Protocol):
    """What a reporter reads: ``results`` once, in order, then ``errors``, ``notices`` and
    ``fatal`` (complete only after ``results`` has been read to its end). Both
    :class:`LintRun` and :class:`StreamedRun` are read this way."""

    @property
    def results(self) -> Iterable[FileResult]: ...

    @property
    def errors(self) -> Sequence[FileError]: ...

    @property
    def unchecked(self) -> int: ...

    @property
    def notices(self) -> Sequence[str]: ...

    @property
    def fatal(self) -> bool: ...
