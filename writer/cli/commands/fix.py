"""``writer fix PATH ...``: apply safe fixes, or show (``--diff``) or test (``--check``) them."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from writer.api import Linter
from writer.cli.commands.lint import add_common_arguments, check_selectors, options_from_args
from writer.cli.output import say
from writer.engine.fix import FixOutcome, fix_text
from writer.errors import ConfigError, InputError, WriteError
from writer.infra.atomic import write_atomic
from writer.infra.files import Target
from writer.reporters.diff import unified_diff


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files and directories to fix (directories: *.md and *.markdown, recursively); "
        "'-' reads standard input and prints the fixed text; default: the current directory",
    )
    add_common_arguments(parser)
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of the fixes instead of writing them",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when a file would change",
    )
    parser.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="name (and config location) for text read from '-'",
    )


def _describe(outcome: FixOutcome) -> str:
    counts = Counter(fix.rule for fix in outcome.applied)
    total = sum(counts.values())
    rules = ", ".join(f"{rule} ×{n}" if n > 1 else rule for rule, n in sorted(counts.items()))
    return f"{total} problem{'s' if total != 1 else ''} ({rules})"


def run(args: argparse.Namespace) -> int:
    linter = Linter(options_from_args(args))
    check_selectors(linter)
    paths = list(args.paths) or ["."]
    # With --diff the diff is the output; messages go to stderr so the diff can be piped.
    messages = sys.stderr if args.diff else sys.stdout
    failed = False
    changed_files = 0
    fixed = 0
    remaining = 0
    checked = 0
    if "-" in paths:
        code = _fix_stdin(linter, args)
        if code:
            return code
        paths = [path for path in paths if path != "-"]
        if not paths:
            return 0
    targets = list(linter.targets(paths))
    for target in targets:
        outcome = _fix_target(linter, target)
        if isinstance(outcome, str):
            say(outcome)
            failed = True
            continue
        checked += 1
        remaining += len(outcome.remaining)
        if not outcome.stable:
            print(
                f"writer: {target.display}: the fixes did not settle after "
                f"{outcome.passes} passes (please report this)",
                file=sys.stderr,
            )
        if not outcome.changed:
            continue
        changed_files += 1
        fixed += len(outcome.applied)
        if args.diff:
            sys.stdout.write(unified_diff(target.display, outcome.original, outcome.fixed))
            sys.stdout.flush()
        if args.diff or args.check:
            print(f"{target.display}: would fix {_describe(outcome)}", file=messages)
            continue
        try:
            write_atomic(target.path, outcome.fixed.encode("utf-8"))
        except WriteError as exc:
            say(f"{target.display}: {exc}")
            failed = True
            continue
        print(f"{target.display}: fixed {_describe(outcome)}", file=messages)
    print(_summary(args, checked, changed_files, fixed, remaining), file=messages)
    if failed:
        return 2
    if args.check and changed_files:
        return 1
    return 0


def _summary(
    args: argparse.Namespace, checked: int, changed_files: int, fixed: int, remaining: int
) -> str:
    noun = "file" if checked == 1 else "files"
    problems = f"{fixed} problem{'s' if fixed != 1 else ''}"
    if not changed_files:
        text = f"Nothing to fix in {checked} {noun}."
    elif args.diff or args.check:
        text = f"Would fix {problems} in {changed_files} of {checked} {noun}."
    else:
        text = f"Fixed {problems} in {changed_files} of {checked} {noun}."
    if remaining:
        text += (
            f" {remaining} problem{'s' if remaining != 1 else ''} "
            f"{'need' if remaining != 1 else 'needs'} a person: run 'writer lint' to see "
            f"{'them' if remaining != 1 else 'it'}."
        )
    return text


def _fix_target(linter: Linter, target: Target) -> FixOutcome | str:
    """Fix one file's text (without writing it); a string is an error message."""
    if target.error is not None:
        return f"{target.display}: {target.error}"
    try:
        _config, raw = linter.read(target)
        return fix_text(raw, linter.linter_for_fixes(target.path, target.display))
    except InputError as exc:
        where = f"{target.display}:{exc.line}" if exc.line else target.display
        return f"{where}: {exc}"
    except ConfigError as exc:
        return str(exc)
    except RecursionError:
        return f"{target.display}: document is nested too deeply to fix"


def _fix_stdin(linter: Linter, args: argparse.Namespace) -> int:
    name = args.stdin_filename
    try:
        raw = linter.read_stream(sys.stdin.buffer, name)
    except InputError as exc:
        raise InputError(f"{name or '-'}: {exc}") from None
    outcome = fix_text(raw, linter.linter_for_fixes(Path(name) if name else None, name or "-"))
    if args.diff:
        sys.stdout.write(unified_diff(name or "-", outcome.original, outcome.fixed))
    elif not args.check:
        sys.stdout.write(outcome.fixed)
    if args.check and outcome.changed:
        print(f"{name or '-'}: would fix {_describe(outcome)}", file=sys.stderr)
        return 1
    return 0
