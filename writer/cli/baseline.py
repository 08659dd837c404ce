"""``writer lint --baseline FILE [--update-baseline] [--check-baseline]``: what a run does
with its baseline (:mod:`writer.engine.baseline`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from writer.cli.output import say
from writer.engine.baseline import Baseline
from writer.model.findings import FileError, FileResult


@dataclass
class BaselineUse:
    baseline: Baseline
    update: bool = False
    check: bool = False

    @classmethod
    def open(cls, path: Path, *, update: bool, check: bool) -> BaselineUse:
        return cls(Baseline.load(path), update, check)

    def apply(self, outcomes: Iterable[FileResult | FileError]) -> Iterator[FileResult | FileError]:
        """The outcomes with recorded findings left out (all of them when updating: the new
        baseline records every one)."""
        for outcome in self.baseline.filter_all(outcomes):
            if self.update and isinstance(outcome, FileResult) and outcome.findings:
                yield replace(outcome, findings=())
            else:
                yield outcome

    def notices(self) -> list[str]:
        """With ``--check-baseline``: one notice per entry that no longer matches."""
        if not self.check or self.update:
            return []
        where = self.baseline.path
        return [
            f"baseline {where}: {path}: {rule} "
            f"({self.baseline.excerpts.get((path, rule, mark)) or 'no text'!r}) matches "
            f"{missing} finding{'s' if missing != 1 else ''} fewer than recorded: fixed or "
            "changed; --update-baseline drops it"
            for (path, rule, mark), missing in self.baseline.stale()
        ]

    def finish(self, code: int, exit_zero: bool) -> int:
        """Write the baseline when updating; the run's exit code."""
        if self.update:
            if code == 2:
                say(f"baseline {self.baseline.path} not written: the run failed")
                return code
            total, added, dropped = self.baseline.write()
            say(
                f"baseline {self.baseline.path} written: {total:,} finding"
                f"{'s' if total != 1 else ''} recorded ({added:,} added, {dropped:,} dropped)"
            )
            return code
        if self.check and code == 0 and not exit_zero and self.baseline.stale():
            return 1
        return code
