"""Reporters turn a lint run into the text editors, terminals and CI systems read.

Each format lives in its own module and is looked up by name, so ``writer lint`` imports only
the one it prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, TextIO

from writer.findings import LintRun
from writer.rules import RuleMeta

FORMATS = ("text", "line", "json", "sarif", "github")


@dataclass(frozen=True)
class ReportContext:
    """What every reporter may use besides the run itself."""

    rules: Mapping[str, RuleMeta]
    color: bool = False
    version: str = ""
    show_stats: bool = True


class Reporter(Protocol):
    def __call__(self, run: LintRun, context: ReportContext, stream: TextIO) -> None: ...


def get_reporter(name: str) -> Reporter:
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}: use one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"writer.reporters.{name}_format")
    reporter: Reporter = module.report
    return reporter
