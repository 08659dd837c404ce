"""The ``writer`` command line: a thin front over :mod:`writer.api`.

``main(argv) -> int`` never raises for a user error: it prints one clear line and returns
2. Subcommands live in :mod:`writer.cli.commands` and are imported only when used.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from writer import __version__
from writer.cli.commands import COMMANDS
from writer.errors import UsageError, WriterError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _command_module(name: str) -> ModuleType:
    for command, module, _help in COMMANDS:
        if command == name:
            return importlib.import_module(module)
    raise UsageError(f"unknown command {name!r}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser; with ``only``, just that subcommand's arguments are loaded."""
    parser = _Parser(
        prog="writer",
        description=("A writing assistant for engineering design docs and incident postmortems."),
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 the run failed.",
    )
    parser.add_argument("--version", action="version", version=f"writer {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module_name, help_text in COMMANDS:
        command = sub.add_parser(name, help=help_text, description=help_text)
        if only is None or only == name:
            importlib.import_module(module_name).add_arguments(command)
    return parser


def _first_command(argv: Sequence[str]) -> str | None:
    names = {name for name, _m, _h in COMMANDS}
    for arg in argv:
        if arg in names:
            return arg
        if not arg.startswith("-"):
            return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    try:
        parser = build_parser(_first_command(args_list))
        args = parser.parse_args(args_list)
        if args.command is None:
            parser.print_help()
            return 2
        module = _command_module(args.command)
        result: int = module.run(args)
        return result
    except WriterError as exc:
        print(f"writer: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("writer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except SystemExit as exc:  # argparse --help/--version
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except Exception as exc:
        if debug:
            raise
        print(
            f"writer: internal error: {type(exc).__name__}: {exc} "
            "(run with --debug for details, and please report it)",
            file=sys.stderr,
        )
        return 2


def entry_point() -> None:
    """Console-script entry: exit with :func:`main`'s code."""
    code = main()
    # A reader gone (a closed pipe), or standard output closed already (as the language server
    # closes it when the client says exit): nothing more to write.
    with contextlib.suppress(BrokenPipeError, ValueError):
        sys.stdout.flush()
    sys.exit(code)
