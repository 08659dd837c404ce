"""``writer lint PATH ...``: check markdown files and report what was found."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import itertools
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from writer import __version__
from writer.api import Linter, LintOptions
from writer.cli.baseline import BaselineUse
from writer.cli.output import say
from writer.errors import ConfigError, InputError, UsageError, WriteError
from writer.model.findings import FileError, FileResult, LintRun, Severity, StreamedRun
from writer.reporters import FORMATS, ReportContext, get_reporter


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files and directories to check (directories: *.md and *.markdown, recursively); "
        "'-' reads standard input; default: the current directory",
    )
    add_common_arguments(parser)
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "suggestion"),
        help="lowest severity that makes the exit code 1 (default: warning)",
    )
    parser.add_argument(
        "--min-level",
        choices=("error", "warning", "suggestion"),
        help="lowest severity reported; findings below it are left out (default: suggestion, "
        "or min_level in the config)",
    )
    parser.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when there are findings (still 2 when the run fails)",
    )
    parser.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="name (and config location) for text read from '-'",
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout"
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in text output (default: auto, only on a terminal; NO_COLOR respected)",
    )
    parser.add_argument(
        "--no-stats", action="store_true", help="leave document figures out of text output"
    )
    parser.add_argument(
        "--new-only",
        action="store_true",
        help="hold only new documents to the full bar: documents already committed (or older "
        "than strict_since) report at most warnings and never fail the run",
    )
    parser.add_argument(
        "--explain-template",
        action="store_true",
        help="print, for each file, the kind of document it was taken for, the template chosen "
        "and the evidence, and how each section was matched (no findings)",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings not recorded in this baseline (default: the config's "
        "baseline, if any)",
    )
    parser.add_argument(
        "--update-baseline",
        action="store_true",
        help="write the baseline: the findings of the files checked, replacing their old "
        "entries (fixed findings leave it); nothing is reported",
    )
    parser.add_argument(
        "--check-baseline",
        action="store_true",
        help="also report baseline entries that no longer match anything, and exit 1 when "
        "there are any, so that the baseline shrinks as findings are fixed",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="check every file afresh: neither read nor write the result cache",
    )
    parser.add_argument(
        "--strict-since",
        metavar="DATE|REF",
        help="documents older than this date (YYYY-MM-DD) or git ref are held to the lower bar "
        "(overrides the config's strict_since)",
    )


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that checks documents (lint, fix)."""
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="use this config (.writer.toml, pyproject.toml or .vale.ini) for every file",
    )
    parser.add_argument(
        "--template",
        metavar="NAME|PATH|auto",
        help="check every file against this template (default: detect)",
    )
    parser.add_argument(
        "--style",
        action="append",
        metavar="NAME|PATH",
        help="style guide to apply (repeatable; replaces the configured ones)",
    )
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULE",
        help="only these rules or prefixes (repeatable, comma-separated)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULE",
        help="skip these rules or prefixes (repeatable, comma-separated)",
    )
    parser.add_argument(
        "--grammar",
        choices=("off", "auto", "languagetool", "harper"),
        help="grammar backend (default: from config, else off)",
    )
    parser.add_argument(
        "--languagetool-server",
        metavar="URL",
        help="LanguageTool server to send prose to (your own server)",
    )
    parser.add_argument(
        "--changed-since",
        metavar="REF",
        help="only files added or changed since this git ref (committed or not), such as "
        "origin/main",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="files checked in parallel (default: the number of cores)",
    )


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def options_from_args(args: argparse.Namespace) -> LintOptions:
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    fail_on = getattr(args, "fail_on", None)
    min_level = getattr(args, "min_level", None)
    return LintOptions(
        select=_split(args.select),
        ignore=_split(args.ignore),
        template=args.template,
        styles=tuple(args.style) if args.style else None,
        fail_on=Severity.parse(fail_on) if fail_on else None,
        min_level=Severity.parse(min_level) if min_level else None,
        grammar=args.grammar,
        languagetool_server=args.languagetool_server,
        jobs=args.jobs,
        config_path=Path(args.config) if args.config else None,
        changed_since=args.changed_since,
        strict_since=getattr(args, "strict_since", None),
        new_only=getattr(args, "new_only", False),
    )


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the garbage collector less often while linting (worker processes inherit this).

    A run makes many small values (findings, parsed documents) that hold no reference cycles.
    With Python's default thresholds the collector walks the live ones again and again; on the
    KEPs with grammar on that was about a sixth of the run.
    """
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 20_000), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def lint_run(
    linter: Linter,
    paths: list[str],
    stdin_filename: str | None,
    baseline: BaselineUse | None = None,
) -> StreamedRun:
    """Lint paths, with '-' read from standard input after the files.

    Files are found and checked while the run's results are read, so a reporter writes each
    file as it is checked (a bad ``--changed-since`` ref still fails here, before any report).
    """
    file_paths = [path for path in paths if path != "-"]
    outcomes: Iterable[FileResult | FileError] = (
        linter.stream_paths(file_paths) if file_paths else ()
    )
    if "-" in paths:
        outcomes = itertools.chain(outcomes, _lint_stdin(linter, stdin_filename))
    if baseline is None:
        return StreamedRun(outcomes, lambda: linter.run_notices)
    return StreamedRun(baseline.apply(outcomes), lambda: (*linter.run_notices, *baseline.notices()))


def _lint_stdin(linter: Linter, stdin_filename: str | None) -> Iterator[FileResult | FileError]:
    name = stdin_filename or "-"
    try:
        text = linter.read_stream(sys.stdin.buffer, stdin_filename)
        result = linter.lint_text(text, name if stdin_filename else None)
    except InputError as exc:
        yield FileError(name, str(exc), exc.line)
        return
    if stdin_filename is None:
        result = type(result)(**{**result.__dict__, "path": "-"})
    yield result


def exit_code(run: StreamedRun | LintRun, fail_on: Severity, exit_zero: bool) -> int:
    if run.errors or run.fatal:
        return 2
    if exit_zero:
        return 0
    return 1 if run.failing(fail_on) else 0


def use_color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def run(args: argparse.Namespace) -> int:
    options = options_from_args(args)
    linter = Linter(dataclasses.replace(options, cache=not args.no_cache))
    paths = list(args.paths) or ["."]
    if args.explain_template:
        return _explain(linter, paths)
    baseline = _baseline(linter, paths, args)
    result = lint_run(linter, paths, args.stdin_filename, baseline)
    fail_on = linter.options.fail_on or _configured_fail_on(linter, paths)
    rules = {rule.id: rule for rule in linter.rules()} if args.format == "sarif" else {}
    report = get_reporter(args.format)
    stream: TextIO
    if args.output:
        try:
            stream = open(args.output, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise WriteError(f"cannot write {args.output}: {exc.strerror}") from None
    else:
        stream = sys.stdout
    context = ReportContext(
        rules=rules,
        color=args.format == "text" and use_color(args.color, stream),
        version=__version__,
        show_stats=not args.no_stats,
    )
    try:
        with _fewer_collections():
            report(result, context, stream)
    finally:
        if args.output:
            stream.close()
    if args.format != "text":
        tell_stderr(result, sys.stderr)
    code = exit_code(result, fail_on, args.exit_zero)
    if baseline is not None:
        code = baseline.finish(code, args.exit_zero)
    return code


def _baseline(linter: Linter, paths: list[str], args: argparse.Namespace) -> BaselineUse | None:
    """The baseline this run reads (and maybe writes): ``--baseline``, else the config's."""
    name = args.baseline
    if name is None:
        first = next((p for p in paths if p != "-"), None)
        try:
            name = linter.config_for(Path(first) if first else None).baseline
        except ConfigError:
            name = None
    if name is None:
        if args.update_baseline or args.check_baseline:
            raise UsageError(
                "--update-baseline and --check-baseline need a baseline: give --baseline FILE "
                "or set baseline in the config"
            )
        return None
    return BaselineUse.open(Path(name), update=args.update_baseline, check=args.check_baseline)


def _explain(linter: Linter, paths: list[str]) -> int:
    failed = False
    for target in linter.targets(paths):
        try:
            lines = linter.explain(target)
        except (InputError, ConfigError) as exc:
            say(f"{target.display}: {exc}")
            failed = True
            continue
        print(target.display)
        print("\n".join(f"  {line}" for line in lines))
    return 2 if failed else 0


def tell_stderr(run: StreamedRun, stream: TextIO) -> None:
    """What a person must learn even when the report goes to a machine: files that could not be
    checked, then every notice (a file's, then the run's), one ``writer:`` line each.

    The text format shows these in the report; the machine formats print them on stdout in
    their own way (or not at all, as ``line``), so they are repeated here, where a pipe into
    another program leaves them visible.
    """
    for error in run.errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        stream.write(f"writer: {where}: {error.message}\n")
    for path, notice in run.file_notices:
        stream.write(f"writer: {path}: {notice}\n")
    for notice in run.notices:
        stream.write(f"writer: {notice}\n")


def _configured_fail_on(linter: Linter, paths: list[str]) -> Severity:
    first = next((p for p in paths if p != "-"), None)
    try:
        return linter.config_for(Path(first) if first else None).fail_on
    except ConfigError:
        return Severity.WARNING
