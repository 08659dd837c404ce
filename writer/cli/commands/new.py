"""``writer new [TEMPLATE] [-o FILE]``: draft a new document in the terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from writer.errors import WriterError

if TYPE_CHECKING:
    from collections.abc import Callable

    from writer.tui.app import WriterApp
    from writer.tui.state.draft import AppOptions, Draft


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "template",
        nargs="?",
        metavar="TEMPLATE",
        help="template name or spec file (default: choose from a list)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="file to save to (default: asked on first save)"
    )
    add_tui_arguments(parser)


def add_tui_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="one config for the checks")
    parser.add_argument(
        "--autosave-seconds",
        type=float,
        metavar="S",
        help="pause before unsaved text is written to the recovery file (default 2, at most 5)",
    )


def app_options(args: argparse.Namespace, path: Path | None) -> AppOptions:
    """The screen's options: the lint options, autosave, and the config's size limit."""
    from writer.api import Linter, LintOptions
    from writer.tui.state.draft import AppOptions

    lint = LintOptions(
        config_path=Path(args.config) if args.config else None,
        select=tuple(getattr(args, "select", None) or ()),
        ignore=tuple(getattr(args, "ignore", None) or ()),
    )
    config = Linter(lint).config_for(path)
    autosave = args.autosave_seconds
    if autosave is None:
        configured = config.tui.get("autosave_seconds")
        autosave = float(configured) if isinstance(configured, (int, float)) else 2.0
    theme = config.tui.get("theme")
    return AppOptions(
        lint=lint,
        autosave_delay=max(0.2, min(5.0, autosave)),
        max_file_bytes=config.limits.max_file_bytes,
        theme=theme if isinstance(theme, str) and theme else None,
    )


def need_terminal() -> str | None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return "writer: the drafting screen needs a terminal (stdin and stdout must be a tty)"
    return None


def refuse_links_out(path: Path) -> None:
    """Stop before the screen opens when saving ``path`` would write through a symbolic link
    out of its project."""
    from writer.tui.state.storage import write_refusal

    refusal = write_refusal(path)
    if refusal is not None:
        raise WriterError(refusal)


def run(args: argparse.Namespace) -> int:
    from writer.tui.state.templating import load_info

    path = Path(args.output).expanduser() if args.output else None
    if path is not None and not path.parent.is_dir():
        raise WriterError(f"{path.parent} is not a directory; create it first")
    if path is not None:
        refuse_links_out(path)
    info = load_info(args.template) if args.template else None

    def draft_for(options: AppOptions) -> Draft | None:
        from writer.tui.state.draft import new_draft

        return new_draft(info, path, options) if info is not None else None

    return open_drafting_screen(args, path, draft_for)


def open_drafting_screen(
    args: argparse.Namespace, path: Path | None, draft_for: Callable[[AppOptions], Draft | None]
) -> int:
    """What ``writer new`` and ``writer edit`` share: make the draft (None: start with the
    template picker; a file that cannot be opened stops here, with one line), check for a
    terminal, run the drafting screen."""
    from writer.tui.app import make_app

    options = app_options(args, path)
    draft = draft_for(options)
    app = make_app(draft, options)
    app.requested_path = path
    return run_app(app)


def run_app(app: WriterApp) -> int:
    problem = need_terminal()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from writer.tui.app import configure_logging

    configure_logging()
    code = app.run()
    return int(code or 0)
