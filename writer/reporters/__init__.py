"""Reporters turn a lint run into the text editors, terminals and CI systems read.

Each format lives in its own module and is looked up by name, so ``writer lint`` imports only
the one it prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, TextIO

from writer.model.findings import RunReport
from writer.model.rules import RuleMeta

FORMATS = ("text", "line", "json", "sarif", "github")


@dataclass(frozen=True)
class ReportContext:
    """What every reporter may use besides the run itself."""

    rules: Mapping[str, RuleMeta]
    color: bool = False
    version: str = ""
    show_stats: bool = True


class Reporter(Protocol):
    """Writes a run as it is read: ``run.results`` once, in order, each file written as it
    arrives (a run of many files is never held whole), then the errors and notices."""

    def __call__(self, run: RunReport, context: ReportContext, stream: TextIO) -> None: ...


def get_reporter(name: str) -> Reporter:
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}: use one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"writer.reporters.{name}")
    reporter: Reporter = module.report
    return reporter
