"""``writer report [PATH ...]``: what a docs repository's postmortems and design docs say
together, as tables and charts (text, json, markdown, html), or on a screen (``--tui``)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from writer.cli.commands.lint import add_common_arguments, check_selectors, options_from_args
from writer.errors import UsageError, WriteError

if TYPE_CHECKING:
    from writer.api import Linter
    from writer.report.build import ReportOptions

FORMATS = ("text", "json", "markdown", "html")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files and directories to read (directories: *.md and *.markdown, recursively); "
        "default: the current directory",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout"
    )
    parser.add_argument(
        "--tui", action="store_true", help="show the report on a screen, navigable to each document"
    )
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the day overdue action items and stale design docs are judged on (default: today)",
    )
    parser.add_argument(
        "--stale-days",
        type=int,
        default=180,
        metavar="N",
        help="a design doc in an open status (draft, proposed, ...) with no status change for N "
        "days is listed as stale (default: 180)",
    )
    parser.add_argument(
        "--similarity",
        type=float,
        default=None,
        metavar="0-100",
        help="how alike two contributing factors or action items must be to count as the same "
        "one coming back (default: 80)",
    )
    parser.add_argument(
        "--no-history",
        action="store_true",
        help="do not read git history (design docs' status changes are then unknown)",
    )
    add_common_arguments(parser)


def report_options(args: argparse.Namespace) -> ReportOptions:
    from writer.report.build import ReportOptions
    from writer.report.recurrence import DEFAULT_SIMILARITY

    as_of = dt.date.today()
    if args.as_of:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            raise UsageError(f"--as-of {args.as_of!r} is not a date: write YYYY-MM-DD") from None
    if args.stale_days < 0:
        raise UsageError("--stale-days must be 0 or more")
    similarity = DEFAULT_SIMILARITY if args.similarity is None else args.similarity
    if not 0 <= similarity <= 100:
        raise UsageError("--similarity must be between 0 and 100")
    return ReportOptions(
        as_of=as_of,
        stale_days=args.stale_days,
        similarity=similarity,
        history=not args.no_history,
    )


def run(args: argparse.Namespace) -> int:
    from writer.report.build import build_report, report_linter
    from writer.report.render import render

    if "-" in args.paths:
        raise UsageError("writer report reads files and directories, not standard input")
    options = report_options(args)
    linter = report_linter(options_from_args(args))
    check_selectors(linter)
    paths = list(args.paths) or ["."]
    if args.tui:
        return _screen(linter, paths, options)
    report = build_report(linter, paths, options)
    text = render(report, args.format)
    if args.output:
        _write(Path(args.output), text)
    else:
        sys.stdout.write(text)
    if args.format != "text" or args.output:
        from writer.report.model import where

        for error in report.errors:
            print(f"writer: {where(error)}: {error.message}", file=sys.stderr)
    return 2 if report.errors else 0


def _write(path: Path, text: str) -> None:
    """The report to ``path``: a file is replaced in one step; a device or a pipe such as
    ``/dev/null`` or ``/dev/stdout`` is written to, never replaced."""
    import stat

    from writer.infra.atomic import write_atomic

    try:
        special = path.exists() and not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        special = False
    try:
        if special:
            with path.open("w", encoding="utf-8") as stream:
                stream.write(text)
        else:
            write_atomic(path, text.encode("utf-8"))
    except WriteError as exc:
        raise WriteError(f"{path}: {exc}") from None
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _screen(linter: Linter, paths: list[str], options: ReportOptions) -> int:
    from writer.cli.commands.new import run_app
    from writer.tui.app import make_report_app

    return run_app(make_report_app(linter, paths, options))
