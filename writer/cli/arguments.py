"""The arguments of the commands that check documents, declared without importing what runs
them: ``writer lint --help`` and the parser of a ``writer lint`` run load none of the checks."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from writer.reporters import FORMATS


def add_lint_arguments(parser: argparse.ArgumentParser) -> None:
    """``writer lint``'s arguments."""
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
        help="spelling and grammar backend (default: from config, else auto: a configured "
        "LanguageTool server, else harper)",
    )
    parser.add_argument(
        "--languagetool-server",
        metavar="URL",
        help="LanguageTool server to send prose to (your own server)",
    )
    parser.add_argument(
        "--allow-server",
        action="append",
        default=[],
        metavar="URL",
        help="let the grammar server the repository's config names receive document text "
        "(repeatable; '*' for any); without it such a server is not used",
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


# The commands whose arguments are declared here rather than in their own module.
ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {"lint": add_lint_arguments}
