"""``writer lsp``: the language server, for editors (over standard input and output, or TCP)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from writer.errors import UsageError, WriterError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stdio",
        action="store_true",
        help="talk over standard input and output (the default; accepted for clients that pass it)",
    )
    parser.add_argument(
        "--tcp",
        metavar="HOST:PORT",
        help="listen on a TCP address instead (such as 127.0.0.1:2087)",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="one config for every document (.writer.toml, pyproject.toml or .vale.ini); "
        "default: each document's own, found by walking up from its folder",
    )
    parser.add_argument(
        "--template", metavar="NAME|PATH|auto", help="the template to check against"
    )
    parser.add_argument(
        "--grammar",
        choices=("off", "auto", "languagetool", "harper"),
        help="grammar backend (default: each config's own)",
    )
    parser.add_argument(
        "--debounce-ms",
        type=int,
        metavar="MS",
        help="pause after a change before the document is checked (default 300)",
    )
    parser.add_argument(
        "--log-file", metavar="FILE", help="write the server's log here (default: standard error)"
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="log more (-v: info, -vv: debug)"
    )


def tcp_address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--tcp {value}: give HOST:PORT, such as 127.0.0.1:2087")
    return host.strip("[]"), int(port)


def run(args: argparse.Namespace) -> int:
    from writer.lsp.server import serve
    from writer.lsp.settings import ServerSettings

    tcp = tcp_address(args.tcp) if args.tcp else None
    if args.debounce_ms is not None and not 0 <= args.debounce_ms <= 10_000:
        raise UsageError("--debounce-ms: give milliseconds from 0 to 10000")
    config = Path(args.config) if args.config else None
    if config is not None and not config.is_file():
        raise UsageError(f"--config {args.config}: no such file")
    settings = ServerSettings(config=config, template=args.template, grammar=args.grammar)
    if args.debounce_ms is not None:
        settings, _problems = settings.updated({"debounceMs": args.debounce_ms})
    _set_up_logging(args.log_file, args.verbose)
    try:
        return serve(settings, tcp)
    except OSError as exc:
        if tcp is None:
            raise
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise WriterError(f"cannot listen on {args.tcp}: {reason}") from None


def _set_up_logging(log_file: str | None, verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler: logging.Handler
    if log_file:
        handler = logging.FileHandler(log_file, encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)  # standard output carries the protocol
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
