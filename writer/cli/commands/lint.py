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
from typing import TYPE_CHECKING, TextIO

from writer import __version__
from writer.api import Linter, LintOptions
from writer.cli.arguments import add_common_arguments, add_lint_arguments
from writer.cli.output import say
from writer.errors import ConfigError, InputError, UsageError, WriteError
from writer.infra.files import MARKDOWN_SUFFIXES
from writer.infra.terminal import printable
from writer.model.findings import FileError, FileResult, LintRun, Severity, StreamedRun
from writer.reporters import ReportContext, get_reporter

if TYPE_CHECKING:
    from writer.cli.baseline import BaselineUse

add_arguments = add_lint_arguments
__all__ = ["add_arguments", "add_common_arguments", "options_from_args", "run"]


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
        allowed_servers=tuple(getattr(args, "allow_server", ())),
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


def check_selectors(linter: Linter) -> None:
    """An unknown rule id or prefix on the command line is an error, never silence."""
    for flag, selectors in (
        ("--select", linter.options.select),
        ("--ignore", linter.options.ignore),
    ):
        unknown = linter.unknown_selectors(selectors)
        if unknown:
            raise UsageError(f"{flag}: {unknown[0]}")


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
    check_selectors(linter)
    paths = list(args.paths) or ["."]
    if args.explain_template:
        return _explain(linter, paths)
    if args.output:
        refuse_input_as_output(Path(args.output), paths)
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
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:  # a full disk, a device that takes nothing
        if stream is sys.stdout:
            _silence_stdout()
        where = args.output or "standard output"
        raise WriteError(
            f"cannot write the report to {where}: {(exc.strerror or str(exc)).lower()}"
        ) from None
    finally:
        if args.output:
            with contextlib.suppress(OSError):
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
    from writer.cli.baseline import BaselineUse

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


def refuse_input_as_output(output: Path, paths: Iterable[str]) -> None:
    """Raise :class:`UsageError` when ``-o`` names a file being checked, or a markdown file in
    a folder being checked: opening it for the report would empty it before it is read."""
    target = Path(os.path.realpath(output))
    markdown = target.name.lower().endswith(MARKDOWN_SUFFIXES)
    for raw in paths:
        if raw == "-":
            continue
        named = Path(os.path.realpath(raw))
        if named == target or (markdown and named in target.parents and named.is_dir()):
            raise UsageError(
                f"-o {output}: that file is one of the files being checked, and writing the "
                "report would overwrite it: write the report elsewhere"
            )


def _silence_stdout() -> None:
    """After standard output failed (a full disk), send what is left of it nowhere, so the
    interpreter's last flush does not fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def tell_stderr(run: StreamedRun, stream: TextIO) -> None:
    """What a person must learn even when the report goes to a machine: files that could not be
    checked, then every notice (a file's, then the run's), one ``writer:`` line each.

    The text format shows these in the report; the machine formats print them on stdout in
    their own way (or not at all, as ``line``), so they are repeated here, where a pipe into
    another program leaves them visible.
    """
    for error in run.errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        stream.write(f"writer: {printable(f'{where}: {error.message}')}\n")
    for path, notice in run.file_notices:
        stream.write(f"writer: {printable(f'{path}: {notice}')}\n")
    for notice in run.notices:
        stream.write(f"writer: {printable(notice)}\n")


def _configured_fail_on(linter: Linter, paths: list[str]) -> Severity:
    first = next((p for p in paths if p != "-"), None)
    try:
        return linter.config_for(Path(first) if first else None).fail_on
    except ConfigError:
        return Severity.WARNING
